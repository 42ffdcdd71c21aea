using System.Net;
using System.Text.RegularExpressions;
using System.Web;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;
using Dashboard.Web.Security.Oidc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Security;

/// <summary>
/// Sign-in through an identity provider (<c>Authentication:Oidc</c>) against a minimal provider on a real port:
/// the button, the redirect to the provider's authorization endpoint, the whole round trip to a local account
/// with the roles the provider's role claim maps to.
/// </summary>
public sealed partial class OidcTests(OidcTests.Host host) : IClassFixture<OidcTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public FakeIdentityProvider Provider { get; private set; } = null!;

        public DashboardFactory Factory { get; } = new DashboardFactory().WithKestrel();

        public async Task InitializeAsync()
        {
            Provider = await FakeIdentityProvider.StartAsync();
            Factory.With("Authentication:Oidc:Authority", Provider.Authority.ToString())
                .With("Authentication:Oidc:ClientId", FakeIdentityProvider.ClientId)
                .With("Authentication:Oidc:ClientSecret", FakeIdentityProvider.ClientSecret)
                .With("Authentication:Oidc:DisplayName", "Contoso")
                .With("Authentication:Oidc:RequireHttpsMetadata", "false")
                .With("Authentication:Oidc:RoleMap:cc-supervisors", "Supervisor")
                .With("Authentication:Oidc:RoleMap:cc-admins", "Admin");
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Provider.DisposeAsync();
        }
    }

    /// <summary>A browser-like client over real sockets: its own cookies, redirects followed by the test.</summary>
    private HttpClient NewBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = host.Factory.ServerAddress };

    private static async Task<HttpResponseMessage> PressTheButtonAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/account/login?ReturnUrl=%2Ffloor");
        var form = ExternalForm().Match(page).Value;
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await browser.PostAsync("/account/login/external", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["ReturnUrl"] = "/floor",
        }));
    }

    /// <summary>The whole round trip: the button, the provider, the form post back, the dashboard's own cookie.</summary>
    private async Task<(HttpClient Browser, HttpResponseMessage Done)> SignInThroughProviderAsync(FakeIdentityProvider.Person person)
    {
        var browser = NewBrowser();
        host.Provider.Next = person;
        var challenge = await PressTheButtonAsync(browser);
        var authorized = await host.Provider.AuthorizeAsync(challenge.Headers.Location!);
        var callback = await browser.PostAsync(authorized.RedirectUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = authorized.Code, ["state"] = authorized.State,
        }));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var done = await browser.GetAsync(callback.Headers.Location);
        return (browser, done);
    }

    [Fact]
    public async Task SignInPage_Configured_ShowsTheButtonWithTheProvidersName()
    {
        var page = await NewBrowser().GetStringAsync("/account/login");

        Assert.Contains("Sign in with Contoso", page);
    }

    [Fact]
    public async Task Button_ChallengeRedirectsToTheAuthorizationEndpoint_WithTheClientIdAndPkce()
    {
        var response = await PressTheButtonAsync(NewBrowser());
        var location = response.Headers.Location!;
        var query = HttpUtility.ParseQueryString(location.Query);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(host.Provider.AuthorizationEndpoint.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        Assert.Equal(FakeIdentityProvider.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(new Uri(host.Factory.ServerAddress, "/signin-oidc").ToString(), query["redirect_uri"]);
        Assert.Contains("openid", query["scope"]!.Split(' '));
    }

    [Fact]
    public async Task RoundTrip_MappedRole_LocalAccountWithThatRole_SignedIn()
    {
        var person = new FakeIdentityProvider.Person("sub-sup-1", "li.na", "Li Na", ["cc-supervisors", "unrelated-group"]);

        var (browser, done) = await SignInThroughProviderAsync(person);
        var floor = await browser.GetAsync("/api/queues");
        var audit = await browser.GetAsync("/api/audit");
        var account = (await host.Factory.Services.GetRequiredService<UserAdministration>().ListAsync()).Single(u => u.UserName == "li.na");

        Assert.Equal("/floor", done.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, floor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode); // a supervisor, nothing more
        Assert.Equal([Roles.Supervisor], account.Roles);
        Assert.Equal("Li Na", account.DisplayName);
        Assert.True(account.External);
    }

    [Fact]
    public async Task RoundTrip_ProviderChangesTheRoles_NextSignInHasTheNewOnes()
    {
        await SignInThroughProviderAsync(new("sub-change-1", "wang.wei", "Wang Wei", ["cc-supervisors"]));

        var (browser, _) = await SignInThroughProviderAsync(new("sub-change-1", "wang.wei", "Wang Wei", ["cc-admins"]));
        var audit = await browser.GetAsync("/api/audit");
        var accounts = (await host.Factory.Services.GetRequiredService<UserAdministration>().ListAsync()).Where(u => u.UserName == "wang.wei").ToList();

        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Equal([Roles.Admin], Assert.Single(accounts).Roles);
    }

    [Fact]
    public async Task RoundTrip_NoMappedRole_RefusedWithAWord_NoAccount()
    {
        var (browser, done) = await SignInThroughProviderAsync(new("sub-none-1", "nobody", "Nobody", ["unrelated-group"]));
        var floor = await browser.GetAsync("/api/queues");

        Assert.StartsWith("/account/login?error=norole", done.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, floor.StatusCode);
        Assert.DoesNotContain(await host.Factory.Services.GetRequiredService<UserAdministration>().ListAsync(), u => u.UserName == "nobody");
    }

    [Fact]
    public async Task RoundTrip_LocalAccountWithTheSameUserName_NotTakenOver()
    {
        var local = await host.Factory.CreateUserAsync([Roles.Analyst]);

        await SignInThroughProviderAsync(new("sub-clash-1", local, "Someone else", ["cc-admins"]));
        var accounts = await host.Factory.Services.GetRequiredService<UserAdministration>().ListAsync();

        Assert.Equal([Roles.Analyst], accounts.Single(u => u.UserName == local).Roles);
        Assert.Contains(accounts, u => u.UserName.StartsWith(local + "-", StringComparison.Ordinal) && u.External && u.Roles.SequenceEqual([Roles.Admin]));
    }

    [GeneratedRegex("<form[^>]*account/login/external.*?</form>", RegexOptions.Singleline)]
    private static partial Regex ExternalForm();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

/// <summary><c>Authentication:Oidc</c> checked at start: every problem named by its key.</summary>
public sealed class OidcConfigurationTests
{
    public static TheoryData<Dictionary<string, string>, string> Bad => new()
    {
        { new() { ["ClientId"] = "x" }, "Authentication:Oidc:Authority is required" },
        { new() { ["Authority"] = "https://id.example.com" }, "Authentication:Oidc:ClientId is required" },
        { new() { ["Authority"] = "not a url", ["ClientId"] = "x" }, "Authentication:Oidc:Authority 'not a url' is not an absolute http(s) URL." },
        { new() { ["Authority"] = "http://id.example.com", ["ClientId"] = "x" }, "Authentication:Oidc:Authority must use https" },
        { new() { ["Authority"] = "https://id.example.com", ["ClientId"] = "x", ["RoleClaim"] = "" }, "Authentication:Oidc:RoleClaim must name" },
        { new() { ["Authority"] = "https://id.example.com", ["ClientId"] = "x", ["RoleMap:admins"] = "Root" }, "Authentication:Oidc:RoleMap:admins: 'Root' is not one of" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Problems_BadSection_NameTheKeyAndRule(Dictionary<string, string> section, string expected)
    {
        var options = Bind(section);

        Assert.Contains(options.Problems(), p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NotConfigured_NoneAndOff()
    {
        var options = Bind([]);

        Assert.False(options.Enabled);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void RolesFor_WithoutAMap_OurRoleNamesInAnyCase_WithAMap_OnlyMapped()
    {
        var plain = Bind(new() { ["Authority"] = "https://id.example.com", ["ClientId"] = "x" });
        var mapped = Bind(new() { ["Authority"] = "https://id.example.com", ["ClientId"] = "x", ["RoleMap:cc-agents"] = "Agent" });

        Assert.Equal([Roles.Supervisor, Roles.Admin], plain.RolesFor(["admin", "Supervisor", "Display", "other"]));
        Assert.Equal([Roles.Agent], mapped.RolesFor(["cc-agents", "Admin"]));
    }

    [Fact]
    public async Task Start_BadConfiguration_FailsNamingTheKey()
    {
        await using var factory = new DashboardFactory().With("Authentication:Oidc:Authority", "https://id.example.com");

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Authentication:Oidc:ClientId is required", error.Message);
    }

    [Fact]
    public async Task SignInPage_NotConfigured_NoButton()
    {
        await using var factory = new DashboardFactory();

        var page = await factory.CreateAnonymousClient().GetStringAsync("/account/login");

        Assert.DoesNotContain("signin-oidc", page);
        Assert.Contains("signin-submit", page);
    }

    private static OidcOptions Bind(Dictionary<string, string> section)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(section.Select(kv => KeyValuePair.Create("Authentication:Oidc:" + kv.Key, (string?)kv.Value)))
            .Build();
        return configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
    }
}
