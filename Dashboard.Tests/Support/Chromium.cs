using Microsoft.Playwright;

namespace Dashboard.Tests.Support;

/// <summary>The one way tests start the machine's Chromium (never Playwright's own download), and sign a page in.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
        ],
    });

    /// <summary>Signs <paramref name="page"/> in on a real host process as its admin, through the sign-in form.</summary>
    public static async Task SignInAsAdminAsync(IPage page, HostProcess host)
    {
        await page.GotoAsync(new Uri(host.Address, "/account/login").ToString());
        await page.GetByTestId("signin-user").FillAsync("admin");
        await page.GetByTestId("signin-password").FillAsync(HostProcess.AdminPassword);
        await page.GetByTestId("signin-submit").ClickAsync();
        // The redirect is all that counts (the cookie comes with it), not the start page's loading on a busy machine.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
    }
}
