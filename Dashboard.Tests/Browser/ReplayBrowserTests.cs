using Dashboard.Tests.Replay;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>The bank's day replayed fast: the wall-board shows the bank's six queues (not the demo center's) filling up.</summary>
public sealed class ReplayBrowserTests() : BrowserTest(new DashboardFactory()
    .With("Replay:Path", BankDayReplayTests.Csv).With("Replay:Speed", "300"))
{
    [Fact]
    public async Task Replay_Wallboard_ShowsTheBanksQueuesFillingUp()
    {
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);

        await page.GotoAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        await Expect(page.Locator("[data-testid=queue-tile]")).ToHaveCountAsync(6);
        await Expect(page.Locator("[data-testid=queue-name]")).ToContainTextAsync(
            ["Callback customers", "Internet support", "Prospective customers", "Regular", "Regular (English)", "Stock exchange"]);
        // At 300x the morning rush arrives within a minute: the regular queue answers calls.
        await Expect(page.Locator("[data-testid=queue-tile][data-queue=PS] [data-testid=asa] .tile-minor__value"))
            .Not.ToHaveTextAsync("—", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("replay-wallboard.png") });
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task Replay_DemoSupervisorsFloor_OpensOnTheBanksTeamWithItsAgents(string language)
    {
        // The sign-in page's demo supervisor, as a newcomer trying the replay clicks it: their team is the bank's, not
        // the demo's "Sales" (which would open on "0 of 6 agents / No agents match").
        var demo = Factory.Services.GetRequiredService<DemoAccounts>();
        var page = await Browser.NewPageAsync(new() { Locale = language, ViewportSize = new() { Width = 1920, Height = 1080 } });
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/account/login").ToString());
        await page.GetByTestId("signin-user").FillAsync("demo-supervisor");
        await page.GetByTestId("signin-password").FillAsync(demo.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"), new() { Timeout = 90_000 });

        await page.GotoAsync(new Uri(Factory.ServerAddress, "/floor").ToString());

        // At 300x the day's first agents log in within a minute.
        await Expect(page.Locator("[data-testid=agent-team]").First).ToHaveTextAsync("Anonymous Bank", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("no-agents")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("team-fallback")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"replay-floor-{language}.png") });
    }
}
