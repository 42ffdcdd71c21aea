using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// Cross-site requests (security issue, item 4): a state-changing call made with the sign-in cookie must come from
/// the dashboard's own pages (a same-origin <c>Origin</c>, or <c>Referer</c> without one), and the JSON API takes
/// JSON bodies only, so a form on another site can neither ride a person's cookie nor post a "simple" body. Machines
/// with <c>X-Api-Key</c> send no cookie and no Origin, and are not affected. Each state-changing endpoint the app
/// maps is walked, so a new one cannot forget the rule.
/// </summary>
public sealed partial class CrossSiteRequestTests(CrossSiteRequestTests.Host host) : IClassFixture<CrossSiteRequestTests.Host>
{
    private const string Foreign = "https://evil.example";

    /// <summary>The origin of the pages the test host serves (TestServer answers as http://localhost).</summary>
    private static string Own => "http://localhost";

    [Fact]
    public async Task CookiePost_FromAnotherSite_403NamingTheOrigin_AgentStaysLoggedIn()
    {
        await host.LoginAsync("xs-a1");

        var response = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a1/logout", Form, origin: Foreign));

        await AssertRefusedAsync(response, "Origin", Foreign);
        Assert.Equal("available", await host.StateOfAsync("xs-a1"));
    }

    [Fact]
    public async Task CookiePost_RefererFromAnotherSite_NoOrigin_403()
    {
        await host.LoginAsync("xs-a2");

        var response = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a2/logout", null, referer: Foreign + "/page"));

        await AssertRefusedAsync(response, "Referer", Foreign + "/page");
        Assert.Equal("available", await host.StateOfAsync("xs-a2"));
    }

    [Fact]
    public async Task CookiePost_NeitherOriginNorReferer_403()
    {
        await host.LoginAsync("xs-a3");

        var response = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a3/logout", null));

        await AssertRefusedAsync(response, "Origin", "neither");
        Assert.Equal("available", await host.StateOfAsync("xs-a3"));
    }

    [Theory]
    [InlineData("null")]                      // a sandboxed frame or a redirect across sites
    [InlineData("http://localhost:8080")]     // another port is another origin
    [InlineData("https://localhost")]         // another scheme too
    [InlineData("http://localhost.evil.example")]
    public async Task CookiePost_OriginNotQuiteOurs_403(string origin)
    {
        await host.LoginAsync("xs-a4");

        var response = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a4/logout", null, origin: origin));

        await AssertRefusedAsync(response, "Origin", origin);
        Assert.Equal("available", await host.StateOfAsync("xs-a4"));
    }

    [Fact]
    public async Task CookiePost_SameOrigin_Succeeds()
    {
        await host.LoginAsync("xs-a5");

        var response = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a5/logout", null, origin: Own));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("offline", await host.StateOfAsync("xs-a5"));
    }

    [Fact]
    public async Task CookiePost_SameOriginReferer_NoOrigin_Succeeds()
    {
        await host.LoginAsync("xs-a6");

        var response = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a6/state",
            JsonContent.Create(new { state = "not_ready", reason = "break" }), referer: Own + "/floor?queue=after-sales"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("not_ready", await host.StateOfAsync("xs-a6"));
    }

    [Fact]
    public async Task ApiKeyPost_NoOrigin_Succeeds()
    {
        await host.LoginAsync("xs-a7");

        var response = await host.Machine.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a7/logout", null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("offline", await host.StateOfAsync("xs-a7"));
    }

    [Fact]
    public async Task FormBody_ToAJsonEndpoint_415NamingTheType_AgentStaysLoggedIn()
    {
        await host.LoginAsync("xs-a8");

        var byKey = await host.Machine.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a8/logout", Form));
        var byCookie = await host.Supervisor.SendAsync(Request(HttpMethod.Post, "/api/agents/xs-a8/logout",
            new StringContent("x", Encoding.UTF8, "text/plain"), origin: Own));

        await AssertUnsupportedAsync(byKey, "application/x-www-form-urlencoded");
        await AssertUnsupportedAsync(byCookie, "text/plain");
        Assert.Equal("available", await host.StateOfAsync("xs-a8"));
    }

    [Fact]
    public async Task SignOutForm_FromAnotherSite_403_StillSignedIn()
    {
        var client = await host.SignedInAsync(Roles.Analyst);
        var token = await AntiforgeryTokenAsync(client, "/floor");

        var signOut = await client.SendAsync(Request(HttpMethod.Post, "/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), origin: Foreign));
        var after = await client.GetAsync("/api/queues");

        await AssertRefusedAsync(signOut, "Origin", Foreign);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>Every route and unsafe method the app maps, read from its endpoint data sources as routing sees them.</summary>
    private IEnumerable<(string Method, string Route, Endpoint Endpoint)> StateChanging() =>
        host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? Unsafe)
                .Where(m => Unsafe.Contains(m, StringComparer.OrdinalIgnoreCase))
                .Select(m => (m.ToUpperInvariant(), "/" + e.RoutePattern.RawText!.TrimStart('/'), (Endpoint)e)))
            .Distinct();

    private static readonly string[] Unsafe = ["POST", "PUT", "PATCH", "DELETE"];

    private static bool UnderTheRule(string route) =>
        route.StartsWith("/api/", StringComparison.Ordinal) || route.StartsWith("/account/", StringComparison.Ordinal);

    /// <summary>
    /// Why a state-changing endpoint outside /api and /account needs no Origin check, or null when nothing says so:
    /// a page's own form post is checked by antiforgery (Blazor's rule, tested here through its metadata); a SignalR
    /// connection (the live hub, Blazor's circuit) changes nothing without the connection's token, which only the page
    /// that negotiated it can read; and the health and metrics endpoints answer any method but only read.
    /// </summary>
    private static string? GuardedOtherwise(string route, Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            ? endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true } ? "a page's form: antiforgery" : null
            : route.StartsWith("/hubs/", StringComparison.Ordinal) || route.StartsWith("/_blazor", StringComparison.Ordinal)
                ? "a SignalR connection's own token"
                : route is "/healthz" or "/readyz" or "/metrics" ? "reads only, whatever the method"
                : null;

    [Fact]
    public void EveryStateChangingEndpoint_IsUnderTheRuleOrGuardedOtherwise()
    {
        var endpoints = StateChanging().ToList();

        var unguarded = endpoints.Where(e => !UnderTheRule(e.Route) && GuardedOtherwise(e.Route, e.Endpoint) is null)
            .Select(e => $"{e.Method} {e.Route}").ToList();

        Assert.True(unguarded.Count == 0, "State-changing endpoints outside /api and /account with no check against other sites: "
            + string.Join(", ", unguarded) + ". Map them under /api (the cross-site rule applies), or give them a check and a reason here.");
        // The walk sees the app's own endpoints, those the rule exists for among them.
        Assert.Contains(endpoints, e => e is { Method: "POST", Route: "/api/agents/{id}/logout" });
        Assert.Contains(endpoints, e => e is { Method: "PUT", Route: "/api/staffing/plan" });
        Assert.Contains(endpoints, e => e is { Method: "POST", Route: "/account/logout" });
    }

    [Fact]
    public async Task EveryStateChangingEndpoint_CookieFromAnotherSite_RefusedBeforeItRuns()
    {
        var audit = await host.AuditAsync();
        var wrong = new List<string>();

        foreach (var (method, route, _) in StateChanging().Where(e => UnderTheRule(e.Route)))
        {
            var response = await host.Manager.SendAsync(Request(new HttpMethod(method), Sample(route), Form, origin: Foreign));
            if (response.StatusCode != HttpStatusCode.Forbidden || await TitleAsync(response) != "Cross-site request refused")
                wrong.Add($"{method} {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(wrong.Count == 0, "Not refused: " + string.Join("\n", wrong));
        Assert.Equal(audit, await host.AuditAsync()); // nothing changed
    }

    [Fact]
    public async Task EveryStateChangingApiEndpoint_FormBody_415BeforeItRuns()
    {
        var audit = await host.AuditAsync();
        var wrong = new List<string>();

        foreach (var (method, route, _) in StateChanging().Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var response = await host.Machine.SendAsync(Request(new HttpMethod(method), Sample(route), Form));
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType)
                wrong.Add($"{method} {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(wrong.Count == 0, "Took a form body: " + string.Join("\n", wrong));
        Assert.Equal(audit, await host.AuditAsync());
    }

    /// <summary>A form body, what an HTML form on any site can post without asking (no CORS preflight).</summary>
    private static FormUrlEncodedContent Form => new(new Dictionary<string, string> { ["state"] = "available", ["queues"] = "" });

    /// <summary>The route with every parameter filled in.</summary>
    private static string Sample(string route) => RouteParameter().Replace(route, "xs-walk");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        if (referer is not null)
            request.Headers.Referrer = new Uri(referer);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string header, string named)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(header, detail);
        Assert.Contains(named, detail);
    }

    private static async Task AssertUnsupportedAsync(HttpResponseMessage response, string contentType)
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("Content-Type", detail);
        Assert.Contains(contentType, detail);
    }

    private static async Task<string?> TitleAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            : null;

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(await client.GetStringAsync(page)).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>One host; a machine with every scope, and people signed in through the real form who send no Origin of their own.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public DashboardFactory Factory { get; } = new();

        public HttpClient Machine { get; private set; } = null!;

        public HttpClient Supervisor { get; private set; } = null!;

        public HttpClient Manager { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Machine = Factory.CreateClient();
            Supervisor = await SignedInAsync(Roles.Supervisor);
            Manager = await SignedInAsync(Roles.Manager);
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();

        /// <summary>A cookie client with no default Origin: each test says where its request comes from.</summary>
        public async Task<HttpClient> SignedInAsync(string role)
        {
            var user = await Factory.CreateUserAsync([role]);
            var client = Factory.CreateAnonymousClient();
            var signIn = await DashboardFactory.SignInAsync(client, user, DashboardFactory.Password);
            Assert.Equal("/", signIn.Headers.Location?.ToString());
            return client;
        }

        public async Task LoginAsync(string agentId) =>
            (await Machine.PostAsync("/api/events", PermissionTests.Json(PermissionTests.Login(agentId, "after-sales")))).EnsureSuccessStatusCode();

        public async Task<string?> StateOfAsync(string agentId) =>
            (await Machine.GetFromJsonAsync<JsonElement>($"/api/agents/{agentId}")).GetProperty("state").GetString();

        /// <summary>The whole audit log: every change the API makes is in it.</summary>
        public Task<string> AuditAsync() => Manager.GetStringAsync("/api/audit?take=1000");
    }
}
