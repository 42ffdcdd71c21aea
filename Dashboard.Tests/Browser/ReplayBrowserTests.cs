using Dashboard.Tests.Replay;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
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
}
