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
        // Playwright's connection loop is started, and later disposed (synchronously), off xunit's context, so
        // that its continuations never wait for a test thread (see DashboardFactory.CreateHost).
        _playwright = await Task.Run(Playwright.CreateAsync);
        Browser = await Chromium.LaunchAsync(_playwright);
        // A full page load (a language switch, a sign-in) takes a few seconds on two cores while the suite's
        // cluster and kill tests run beside it: Playwright's 5 s default failed there twice in CI, once per page.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A page signed in through the sign-in form as a new user with these roles, on the start page.</summary>
    protected Task<IPage> NewSignedInPageAsync(BrowserNewPageOptions options, params string[] roles) =>
        NewSignedInPageAsync(options, roles, agentId: null);

    /// <summary>As above, for an account linked to an agent id.</summary>
    protected async Task<IPage> NewSignedInPageAsync(BrowserNewPageOptions options, string[] roles, string? agentId)
    {
        var userName = await Factory.CreateUserAsync(roles, agentId);
        var page = await Browser.NewPageAsync(options);
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/account/login").ToString());
        await page.GetByTestId("signin-user").FillAsync(userName);
        await page.GetByTestId("signin-password").FillAsync(DashboardFactory.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        // A class's first sign-in meets a cold host (Identity, Blazor, the first circuit) while the whole suite runs
        // beside it on two cores: once in CI that took over Playwright's default 30 s.
        await page.WaitForURLAsync(url => !url.Contains("/account/login"), new() { Timeout = 90_000 });
        return page;
    }

    /// <summary>Opens a page of the dashboard (on <paramref name="site"/>, the test's host by default) and waits for its
    /// circuit, for a test that clicks or types on it next.</summary>
    protected async Task OpenAsync(IPage page, string path, Uri? site = null)
    {
        await page.GotoAsync(new Uri(site ?? Factory.ServerAddress, path).ToString());
        await InteractiveAsync(page);
    }

    /// <summary>Waits for the page's circuit: a click on the prerendered page can land while Blazor swaps in the
    /// interactive one (mouse down on the old element, up on the new), and then nothing happens.</summary>
    protected static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-circuit=up]")).ToBeAttachedAsync(new() { Timeout = 30_000 });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Task.Run(_playwright.Dispose);
        await Factory.DisposeAsync();
    }
}
