using Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>The sign-in page with an identity provider configured: the button takes the browser to the provider.</summary>
public sealed class OidcBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Fact]
    public async Task SignInWithProvider_Button_BrowserArrivesAtTheProvidersAuthorizationEndpoint()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        Factory.With("Authentication:Oidc:Authority", provider.Authority.ToString())
            .With("Authentication:Oidc:ClientId", FakeIdentityProvider.ClientId)
            .With("Authentication:Oidc:DisplayName", "Contoso")
            .With("Authentication:Oidc:RequireHttpsMetadata", "false");
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });

        await page.GotoAsync(new Uri(Factory.ServerAddress, "/account/login").ToString());
        await Expect(page.GetByTestId("signin-oidc")).ToHaveTextAsync("Sign in with Contoso");
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("signin-oidc.png") });
        await page.GetByTestId("signin-oidc").ClickAsync();

        await page.WaitForURLAsync(url => url.StartsWith(provider.AuthorizationEndpoint.ToString(), StringComparison.Ordinal));
        Assert.Contains("client_id=" + FakeIdentityProvider.ClientId, page.Url);
    }
}
