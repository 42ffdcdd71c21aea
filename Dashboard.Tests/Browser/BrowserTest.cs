using Dashboard.Tests.Support;
using Microsoft.Playwright;

namespace Dashboard.Tests.Browser;

/// <summary>
/// A browser test: the real host on Kestrel (<see cref="Factory"/>) and Debian's Chromium, headless, driven by
/// Playwright for .NET (Playwright's own browsers are never installed); both stopped at the end.
/// </summary>
public abstract class BrowserTest(DashboardFactory factory) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected DashboardFactory Factory { get; } = factory.WithKestrel();

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Factory.DisposeAsync();
    }
}
