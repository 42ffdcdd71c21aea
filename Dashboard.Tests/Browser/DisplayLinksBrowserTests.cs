using System.Diagnostics;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>A manager makes a display link in the UI, a TV with no account opens it, the manager revokes it.</summary>
public sealed class DisplayLinksBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Fact]
    public async Task DisplayLink_CreatedOpenedOnATvRevoked_TvLeavesTheWallboardWithinSeconds()
    {
        var manager = await NewSignedInPageAsync(
            new() { ViewportSize = new() { Width = 1600, Height = 900 }, Permissions = ["clipboard-read", "clipboard-write"] }, Roles.Manager);
        await OpenAsync(manager, "/displays");
        await Expect(manager.GetByTestId("displays-empty")).ToBeVisibleAsync();
        await manager.Locator("input[data-testid=display-name], [data-testid=display-name] input").FillAsync("Floor 3 TV");
        await manager.GetByTestId("display-create").ClickAsync();
        var url = await manager.GetByTestId("display-url").TextContentAsync();
        // For the person setting up the TV: a copy button and a QR code of the same link.
        await manager.GetByTestId("display-copy").ClickAsync();
        await Expect(manager.Locator(".mud-snackbar")).ToContainTextAsync("Link of Floor 3 TV copied");
        Assert.Equal(url, await manager.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Expect(manager.GetByTestId("display-qr")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png;base64,"));
        Assert.True(await manager.GetByTestId("display-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 300"));
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("display-links.png") });

        // The TV: its own browser context, no account.
        await using var tvContext = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var tv = await tvContext.NewPageAsync();
        await tv.GotoAsync(url!);
        await Expect(tv).ToHaveURLAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        await Expect(tv.Locator("[data-testid=queue-tile]")).ToHaveCountAsync(6);
        var floor = await tvContext.APIRequest.GetAsync(new Uri(Factory.ServerAddress, "/api/queues").ToString());
        Assert.Equal(403, floor.Status); // read-only, the wall-board only

        await manager.GetByTestId("display-revoke").ClickAsync();
        await Expect(manager.Locator(".displays__revoked")).ToHaveCountAsync(1);
        var revoked = Stopwatch.StartNew();
        await tv.WaitForURLAsync(u => u.Contains("/account/login"), new() { Timeout = 15_000 });
        revoked.Stop();
        var reopened = await tvContext.APIRequest.GetAsync(url!);

        Assert.InRange(revoked.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(404, reopened.Status);
    }
}
