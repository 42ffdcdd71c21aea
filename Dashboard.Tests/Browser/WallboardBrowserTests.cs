using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The wall-board in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for .NET) against
/// the real host on Kestrel: events posted to the HTTP API change the tile without a reload.
/// </summary>
public sealed partial class WallboardBrowserTests() : BrowserTest(new DashboardFactory())
{
    [GeneratedRegex(@"^\s*3\s*$")]
    private static partial Regex Three();

    [Fact]
    public async Task Wallboard_EventsPosted_TileChangesWithoutReload()
    {
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        var tile = page.Locator("[data-testid=queue-tile][data-queue='pre-sales']");
        var waiting = tile.Locator("[data-testid=waiting] .tile-kpi__value");
        await Expect(waiting).ToHaveTextAsync("0");

        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        var response = await http.PostAsJsonAsync("/api/events", Enumerable.Range(1, 3).Select(i => new
        {
            id = $"browser-{i}", type = "call.queued", at = now.AddSeconds(-10 * i), callId = $"browser-c{i}", queueId = "pre-sales",
        }));
        response.EnsureSuccessStatusCode();

        await Expect(waiting).ToHaveTextAsync(Three(), new() { Timeout = 5000 });
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("wallboard-browser-test.png") });
    }

    [Fact]
    public async Task Wallboard_DemoCenterAt1920x1080_HasNoScrollbars()
    {
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        await Expect(page.Locator("[data-testid=queue-tile]")).ToHaveCountAsync(6);

        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("wallboard-demo-center.png") });
        var overflow = await page.EvaluateAsync<bool>(
            "() => document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth");
        // A big center's afternoon (in English, the longer of the two languages): five-digit day totals, three-digit
        // waiting and agent counts. The header's summary cuts what does not fit, so it is measured, not the page.
        var summaryCut = await page.EvaluateAsync<bool>("""
            () => {
              const summary = document.querySelector('.wallboard__summary');
              const figures = [...summary.querySelectorAll('b')];
              const before = figures.map(b => b.textContent);
              figures.forEach(b => b.textContent = b.dataset.testid.startsWith('today') ? '88,888' : '888');
              const cut = summary.scrollWidth > summary.clientWidth + 1;
              figures.forEach((b, i) => b.textContent = before[i]);
              return cut;
            }
            """);

        Assert.False(overflow);
        Assert.False(summaryCut, "the wall-board's header cuts its summary when a big center's figures are in it");
    }

    [Theory]
    [InlineData("en-US", "3 contacts waiting and no agent available", "wallboard-alert.png")]
    [InlineData("zh-CN", "3 个来电排队，无空闲坐席", "zh-wallboard-alert.png")]
    public async Task Wallboard_ContactsWaitingAndNoAgent_BannerStatesTheFigureTheTileShows(string locale, string line, string screenshot)
    {
        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        var queue = "alert-" + locale.ToLowerInvariant();
        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        var response = await http.PostAsJsonAsync("/api/events", Enumerable.Range(1, 3).Select(i => new
        {
            id = $"{queue}-{i}", type = "call.queued", at = now.AddSeconds(-10 * i), callId = $"{queue}-c{i}", queueId = queue,
        }));
        response.EnsureSuccessStatusCode();

        // The rule waits 10 s before it raises; the banner then says what the tile says.
        var banner = page.GetByTestId("alert-banner");
        await Expect(banner).ToContainTextAsync(line, new() { Timeout = 30_000 });
        await Expect(page.Locator($"[data-testid=queue-tile][data-queue='{queue}'] [data-testid=waiting] .tile-kpi__value")).ToHaveTextAsync(Three());
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf(screenshot) });

        // Seven tiles (four columns) and the whole header fit the screen: nothing cut at its right edge.
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=queue-tile], .wallboard__head, .tile-kpi__target')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 || e.scrollWidth > e.clientWidth + 1)
                .map(e => (e.dataset.queue || e.className) + ': ' + e.textContent.trim().slice(0, 40))
            """);
        Assert.Empty(cut);
    }
}
