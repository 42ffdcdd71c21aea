using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Pages;

/// <summary>What every page wears, served by the real host: the favicon, and the refusal page's app bar.</summary>
public sealed partial class PageChromeTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryPage_LinksAFavicon_ThatIsServedAsAnImage()
    {
        var client = _factory.CreateAnonymousClient();

        var page = await client.GetStringAsync("/account/login");
        var link = FaviconLink().Match(page);
        var icon = await client.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));

        Assert.True(link.Success, "no <link rel=\"icon\"> in the page's head");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RefusalPage_SignedIn_HasTheAppBarWithTheirPagesAndSignOut()
    {
        var client = await _factory.SignedInClientAsync([Roles.Agent]);

        var refused = await client.GetAsync("/settings");
        var page = await client.GetStringAsync(refused.Headers.Location);

        Assert.Contains("/account/denied", refused.Headers.Location?.OriginalString);
        Assert.Contains("data-testid=\"access-denied\"", page);
        Assert.Contains("data-testid=\"nav-me\"", page);            // where the agent may go
        Assert.Contains("data-testid=\"sign-out\"", page);
        Assert.Contains("data-testid=\"language-switch\"", page);
        Assert.DoesNotContain("data-testid=\"nav-settings\"", page);
    }

    [GeneratedRegex("""<link rel="icon"[^>]*href="([^"]+)"[^>]*>""")]
    private static partial Regex FaviconLink();
}
