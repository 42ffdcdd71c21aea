using Dashboard.Tests.Support;
using Dashboard.Web.Durability;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Issue 15 §1: a host still replaying its journal says so on the wall-board and the floor, with the time left,
/// instead of showing figures that are still filling under a fresh "Updated" time. The replay itself is tested on
/// the real process (KillAndRestartTests); here it is held half-way so the page can be looked at.
/// </summary>
public sealed class CatchUpBrowserTests() : BrowserTest(new DashboardFactory().WithServices(services =>
{
    // No replay of its own to finish it: the host stays as a long replay leaves it, 40 % through.
    foreach (var replay in services.Where(s => s.ImplementationType == typeof(JournalReplay)).ToList())
        services.Remove(replay);
    services.AddSingleton(HalfWay());
}))
{
    private static CatchUp HalfWay()
    {
        var catchUp = new CatchUp();
        catchUp.Begin(total: 1000);
        catchUp.Advance(bytes: 400, events: 1200);
        return catchUp;
    }

    [Theory]
    [InlineData("en", "Catching up after a restart", "wallboard-catching-up.png", "/wallboard")]
    [InlineData("zh-CN", "重启后正在补回数据", "wallboard-catching-up.zh-CN.png", "/wallboard")]
    [InlineData("en", "Catching up after a restart", "floor-catching-up.png", "/floor")]
    [InlineData("zh-CN", "重启后正在补回数据", "floor-catching-up.zh-CN.png", "/floor")]
    public async Task While_the_journal_replays_the_page_says_figures_are_still_filling(
        string language, string words, string screenshot, string path)
    {
        var page = await NewSignedInPageAsync(
            new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = language, ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language } },
            Roles.Supervisor);
        await page.GotoAsync(new Uri(Factory.ServerAddress, path).ToString());
        var notice = page.GetByTestId("catch-up");
        await Expect(notice).ToContainTextAsync(words);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf(screenshot) });
    }

    [Fact]
    public async Task While_catching_up_the_host_is_not_ready_and_says_why_without_logging_a_failure()
    {
        using var http = new HttpClient { BaseAddress = Factory.ServerAddress };
        using var ready = await http.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        // Not ready is expected for a host catching up: a warning, not an error, in its log.
        Assert.DoesNotContain(Factory.Logs.Lines, l => l.Category.Contains("HealthCheck", StringComparison.Ordinal) && l.Level >= LogLevel.Error);
        Assert.Contains(Factory.Logs.Lines, l => l.Category.Contains("HealthCheck", StringComparison.Ordinal) && l.Level == LogLevel.Warning);
    }
}
