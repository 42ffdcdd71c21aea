using System.Net;
using System.Text;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Security;

/// <summary>
/// docs/permissions.md, row by row, through the real host: each role signed in through the real sign-in form,
/// API keys by scope, anonymous callers. Pages answer people with a redirect (to sign-in when anonymous, to the
/// "not allowed" page when the role does not fit); the API answers 401 and 403.
/// </summary>
public sealed class PermissionTests(PermissionTests.Host host) : IClassFixture<PermissionTests.Host>
{
    private const string OwnAgent = "perm-a1";
    private const string OtherAgent = "perm-a2";

    public static TheoryData<string, string, HttpStatusCode> ApiRows => new()
    {
        // GET /api/queues, /api/queues/{id}, /api/agents, /api/alerts: every role but Agent.
        { "/api/queues", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/queues", Roles.Supervisor, HttpStatusCode.OK },
        { "/api/queues", Roles.Manager, HttpStatusCode.OK },
        { "/api/queues", Roles.Analyst, HttpStatusCode.OK },
        { "/api/queues", Roles.Admin, HttpStatusCode.OK },
        { "/api/queues/perm-q1", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/queues/perm-q1", Roles.Supervisor, HttpStatusCode.OK },
        { "/api/agents", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/agents", Roles.Analyst, HttpStatusCode.OK },
        { "/api/alerts", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/alerts", Roles.Manager, HttpStatusCode.OK },
        // GET /api/agents/{id}: an Agent their own id only.
        { $"/api/agents/{OwnAgent}", Roles.Agent, HttpStatusCode.OK },
        { $"/api/agents/{OtherAgent}", Roles.Agent, HttpStatusCode.Forbidden },
        { $"/api/agents/{OtherAgent}", Roles.Supervisor, HttpStatusCode.OK },
        // GET /api/reports/*: supervisors, managers, analysts.
        { Report, Roles.Agent, HttpStatusCode.Forbidden },
        { Report, Roles.Supervisor, HttpStatusCode.OK },
        { Report, Roles.Manager, HttpStatusCode.OK },
        { Report, Roles.Analyst, HttpStatusCode.OK },
        { Report, Roles.Admin, HttpStatusCode.Forbidden },
        { Report.Replace("/queues?", "/queues.csv?"), Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/reports/agents.csv?from=2025-03-14T00:00:00Z&to=2025-03-15T00:00:00Z", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/reports/agents.csv?from=2025-03-14T00:00:00Z&to=2025-03-15T00:00:00Z", Roles.Analyst, HttpStatusCode.OK },
        // Operations: admins.
        { "/health/history", Roles.Admin, HttpStatusCode.OK },
        { "/health/history", Roles.Manager, HttpStatusCode.Forbidden },
        { "/metrics", Roles.Admin, HttpStatusCode.OK },
        { "/metrics", Roles.Supervisor, HttpStatusCode.Forbidden },
        { "/openapi/v1.json", Roles.Admin, HttpStatusCode.OK },
        { "/openapi/v1.json", Roles.Agent, HttpStatusCode.Forbidden },
        // The audit log: managers and admins.
        { "/api/audit", Roles.Manager, HttpStatusCode.OK },
        { "/api/audit", Roles.Admin, HttpStatusCode.OK },
        { "/api/audit", Roles.Supervisor, HttpStatusCode.Forbidden },
        { "/api/audit", Roles.Analyst, HttpStatusCode.Forbidden },
        { "/api/audit", Roles.Agent, HttpStatusCode.Forbidden },
        // Queue settings, alert levels, staffing plan: supervisors, managers and analysts read them.
        { "/api/queues/perm-q1/settings", Roles.Supervisor, HttpStatusCode.OK },
        { "/api/queues/perm-q1/settings", Roles.Manager, HttpStatusCode.OK },
        { "/api/queues/perm-q1/settings", Roles.Analyst, HttpStatusCode.OK },
        { "/api/queues/perm-q1/settings", Roles.Admin, HttpStatusCode.Forbidden },
        { "/api/queues/perm-q1/settings", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/queues/perm-q1/alert-thresholds", Roles.Analyst, HttpStatusCode.OK },
        { "/api/queues/perm-q1/alert-thresholds", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/alerts/thresholds", Roles.Supervisor, HttpStatusCode.OK },
        { "/api/alerts/thresholds", Roles.Admin, HttpStatusCode.Forbidden },
        { "/api/alerts/thresholds", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/staffing/plan", Roles.Manager, HttpStatusCode.OK },
        { "/api/staffing/plan", Roles.Agent, HttpStatusCode.Forbidden },
        { "/api/staffing", Roles.Supervisor, HttpStatusCode.OK },
        { "/api/staffing", Roles.Analyst, HttpStatusCode.OK },
        { "/api/staffing", Roles.Admin, HttpStatusCode.Forbidden },
        { "/api/staffing", Roles.Agent, HttpStatusCode.Forbidden },
    };

    /// <summary>Each settings change a manager may make, with a body that is valid.</summary>
    public static TheoryData<string, string> SettingsPuts => new()
    {
        { "/api/queues/perm-q1/settings", """{"serviceLevelTarget":0.8,"serviceLevelThresholdSeconds":20,"shortAbandonSeconds":5,"serviceLevelFormula":"abandons-against","includeFlowOuts":false,"wrapUp":true}""" },
        { "/api/queues/perm-q1/alert-thresholds", """{"longestWait":null}""" },
        { "/api/staffing/plan", """{"shifts":[],"headcounts":[]}""" },
    };

    public static TheoryData<string, string, string, HttpStatusCode> SettingsPutRows()
    {
        var rows = new TheoryData<string, string, string, HttpStatusCode>();
        foreach (var (path, body) in SettingsPuts.Select(r => ((string)r[0], (string)r[1])))
        {
            rows.Add(path, body, Roles.Manager, HttpStatusCode.OK);
            rows.Add(path, body, Roles.Supervisor, HttpStatusCode.Forbidden);
            rows.Add(path, body, Roles.Analyst, HttpStatusCode.Forbidden);
            rows.Add(path, body, Roles.Admin, HttpStatusCode.Forbidden);
            rows.Add(path, body, Roles.Agent, HttpStatusCode.Forbidden);
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(SettingsPutRows))]
    public async Task PutSettings_OnlyManagers(string path, string body, string role, HttpStatusCode expected)
    {
        var response = await host.As(role).PutAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(Scopes.Manage, HttpStatusCode.OK)]
    [InlineData(Scopes.Read, HttpStatusCode.Forbidden)]
    [InlineData(Scopes.Ingest, HttpStatusCode.Forbidden)]
    public async Task PutSettings_ApiKeyNeedsTheManageScope(string scope, HttpStatusCode expected)
    {
        var response = await host.Key(scope).PutAsync("/api/staffing/plan", new StringContent("""{"shifts":[],"headcounts":[]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(Scopes.Read, HttpStatusCode.OK)]
    [InlineData(Scopes.Ingest, HttpStatusCode.Forbidden)]
    public async Task GetSettings_ApiKeyNeedsTheReadScope(string scope, HttpStatusCode expected)
    {
        var response = await host.Key(scope).GetAsync("/api/alerts/thresholds");

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/alerts/thresholds")]
    [InlineData("GET", "/api/staffing")]
    [InlineData("PUT", "/api/staffing/plan")]
    [InlineData("PUT", "/api/queues/perm-q1/settings")]
    public async Task Settings_Anonymous_401(string method, string path)
    {
        var response = await host.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Manager, HttpStatusCode.OK)]
    [InlineData(Roles.Supervisor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Agent, HttpStatusCode.Forbidden)]
    public async Task PutAgentQueues_OnlyManagers(string role, HttpStatusCode expected)
    {
        var response = await host.As(role).PutAsync("/api/agents/a20/queues", MoveToEmail);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(Scopes.Manage, HttpStatusCode.OK)]
    [InlineData(Scopes.Read, HttpStatusCode.Forbidden)]
    [InlineData(Scopes.Ingest, HttpStatusCode.Forbidden)]
    public async Task PutAgentQueues_ApiKeyNeedsTheManageScope(string scope, HttpStatusCode expected)
    {
        var response = await host.Key(scope).PutAsync("/api/agents/a20/queues", MoveToEmail);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task PutAgentQueues_Anonymous_401()
    {
        var response = await host.Anonymous.PutAsync("/api/agents/a20/queues", MoveToEmail);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static StringContent MoveToEmail => new("""{"queues":[{"queueId":"email","skillLevel":3}]}""", Encoding.UTF8, "application/json");

    private const string Report = "/api/reports/queues?queueId=perm-q1&from=2025-03-14T09:00:00Z&to=2025-03-14T10:00:00Z";

    [Theory]
    [MemberData(nameof(ApiRows))]
    public async Task Api_SignedInRole_GetsWhatTheTableSays(string path, string role, HttpStatusCode expected)
    {
        var response = await host.As(role).GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/queues")]
    [InlineData("/api/agents")]
    [InlineData($"/api/agents/{OwnAgent}")]
    [InlineData("/api/alerts")]
    [InlineData(Report)]
    [InlineData("/health/history")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/audit")]
    public async Task Api_Anonymous_401(string path)
    {
        var response = await host.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/account/login")]
    public async Task Anonymous_HealthAndSignIn_Open(string path)
    {
        var response = await host.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task PostEvents_AnyPerson_Forbidden(string role)
    {
        var response = await host.As(role).PostAsync("/api/events", Json(Login("perm-x1")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public static TheoryData<string, string, string?> PageRows => new()
    {
        // page, role, where it sends them (null: the page itself, 200)
        { "/", Roles.Agent, "/me" },
        { "/", Roles.Manager, null },
        { "/wallboard", Roles.Agent, "/account/denied" },
        { "/wallboard", Roles.Supervisor, null },
        { "/wallboard", Roles.Analyst, null },
        { "/floor", Roles.Agent, "/account/denied" },
        { "/floor", Roles.Manager, null },
        { "/floor", Roles.Admin, null },
        { "/reports", Roles.Agent, "/account/denied" },
        { "/reports", Roles.Admin, "/account/denied" },
        { "/reports", Roles.Analyst, null },
        { "/reports", Roles.Supervisor, null },
        { $"/agents/{OwnAgent}", Roles.Agent, null },
        { $"/agents/{OtherAgent}", Roles.Agent, "/account/denied" },
        { $"/agents/{OtherAgent}", Roles.Supervisor, null },
        { "/me", Roles.Agent, $"/agents/{OwnAgent}" },
        { "/me", Roles.Manager, "/account/denied" },
        { "/audit", Roles.Manager, null },
        { "/audit", Roles.Admin, null },
        { "/audit", Roles.Supervisor, "/account/denied" },
        { "/audit", Roles.Analyst, "/account/denied" },
        { "/audit", Roles.Agent, "/account/denied" },
        // Users and roles, API keys: admins only.
        { "/admin/users", Roles.Agent, "/account/denied" },
        { "/admin/users", Roles.Supervisor, "/account/denied" },
        { "/admin/users", Roles.Manager, "/account/denied" },
        { "/admin/users", Roles.Analyst, "/account/denied" },
        { "/admin/users", Roles.Admin, null },
        { "/admin/api-keys", Roles.Agent, "/account/denied" },
        { "/admin/api-keys", Roles.Supervisor, "/account/denied" },
        { "/admin/api-keys", Roles.Manager, "/account/denied" },
        { "/admin/api-keys", Roles.Analyst, "/account/denied" },
        { "/admin/api-keys", Roles.Admin, null },
        { "/settings", Roles.Manager, null },
        { "/settings", Roles.Supervisor, null },
        { "/settings", Roles.Analyst, null },
        { "/settings", Roles.Admin, "/account/denied" },
        { "/settings", Roles.Agent, "/account/denied" },
    };

    [Theory]
    [MemberData(nameof(PageRows))]
    public async Task Page_SignedInRole_OpensOrIsSentAway(string path, string role, string? sentTo)
    {
        var response = await host.As(role).GetAsync(path);

        if (sentTo is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(sentTo, response.Headers.Location!.AbsolutePath);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/wallboard")]
    [InlineData("/floor")]
    [InlineData("/reports")]
    [InlineData("/me")]
    [InlineData("/audit")]
    [InlineData("/admin/users")]
    [InlineData("/admin/api-keys")]
    [InlineData("/settings")]
    [InlineData($"/agents/{OwnAgent}")]
    public async Task Page_Anonymous_SentToSignInWithTheWayBack(string path)
    {
        var response = await host.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query);
    }

    private static readonly string[] Pages =
        ["/", "/floor", "/wallboard", "/reports", "/settings", $"/agents/{OwnAgent}", "/me", "/audit", "/displays", "/admin/users", "/admin/api-keys"];

    /// <summary>Every page with each kind of key: one scope each, and the factory's key with all three.</summary>
    public static TheoryData<string, string> PageKeyRows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var page in Pages)
            foreach (var scope in Scopes.All.Append(AllScopes))
                rows.Add(page, scope);
        return rows;
    }

    /// <summary>The factory's own key, with every scope (<see cref="Host.Key"/>).</summary>
    public const string AllScopes = "ingest+read+manage";

    [Theory]
    [MemberData(nameof(PageKeyRows))]
    public async Task Page_ApiKeyOfAnyScope_SentToSignInAsAnonymousCallersAre(string path, string scope)
    {
        // Keys are for the JSON API: a page wants a person (or a display link), so a key opens none.
        var withKey = await host.Key(scope).GetAsync(path);
        var anonymous = await host.Anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, withKey.StatusCode);
        Assert.Equal("/account/login", withKey.Headers.Location!.AbsolutePath);
        Assert.Equal(anonymous.Headers.Location, withKey.Headers.Location);
    }

    [Theory]
    [InlineData(Scopes.Read)]
    [InlineData(Scopes.Manage)]
    [InlineData(AllScopes)]
    public async Task PageCircuit_ApiKey_401(string scope)
    {
        // Blazor's circuit is how an open page talks to the server: no more for keys than the page itself.
        var negotiate = await host.Key(scope).PostAsync("/_blazor/negotiate?negotiateVersion=1", content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Theory]
    [InlineData(Scopes.Ingest, "POST", "/api/events")]
    [InlineData(Scopes.Read, "GET", "/api/queues")]
    [InlineData(Scopes.Read, "GET", "/api/alerts/thresholds")]
    [InlineData(Scopes.Read, "GET", "/health/history")]
    [InlineData(Scopes.Manage, "GET", "/api/alerts/thresholds")]
    [InlineData(Scopes.Manage, "PUT", "/api/staffing/plan")]
    [InlineData(AllScopes, "GET", "/metrics")]
    public async Task Api_TheSameKeysStillWork(string scope, string method, string path)
    {
        var body = method switch
        {
            "POST" => Json(Login("perm-k5")),
            "PUT" => new StringContent("""{"shifts":[],"headcounts":[]}""", Encoding.UTF8, "application/json"),
            _ => null,
        };

        var response = await host.Key(scope).SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiKey_Ingest_Accepted()
    {
        var response = await host.Key(Scopes.Ingest).PostAsync("/api/events", Json(Login("perm-k1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(Scopes.Read)]
    [InlineData(Scopes.Manage)]
    public async Task ApiKey_WithoutIngestScope_CannotPostEvents(string scope)
    {
        var response = await host.Key(scope).PostAsync("/api/events", Json(Login("perm-k2")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/queues")]
    [InlineData($"/api/agents/{OtherAgent}")]
    [InlineData(Report)]
    [InlineData("/metrics")]
    public async Task ApiKey_Read_ReadsEverything(string path)
    {
        var read = await host.Key(Scopes.Read).GetAsync(path);
        var ingestOnly = await host.Key(Scopes.Ingest).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ingestOnly.StatusCode);
    }

    [Fact]
    public async Task ApiKey_Unknown_401AndNothingIngested()
    {
        using var client = host.Factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key-that-was-ever-configured");

        var response = await client.PostAsync("/api/events", Json(Login("perm-k3")));
        var agent = await host.Key(Scopes.Read).GetAsync("/api/agents/perm-k3");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.NotFound, agent.StatusCode);
    }

    [Fact]
    public async Task PostEvents_NoKey_401()
    {
        var response = await host.Anonymous.PostAsync("/api/events", Json(Login("perm-k4")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignOut_CookieNoLongerOpensAnything()
    {
        var client = await host.Factory.SignedInClientAsync([Roles.Manager]);
        var before = await client.GetAsync("/api/queues");
        var page = await client.GetStringAsync("/floor");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;

        var signOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        var after = await client.GetAsync("/api/queues");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    internal static string Login(string agentId, params string[] queues) =>
        $$"""{"id":"{{Guid.NewGuid():N}}","type":"agent.login","at":"{{DateTimeOffset.UtcNow.AddSeconds(-5):O}}","agentId":"{{agentId}}","queues":[{{string.Join(",", queues.Select(q => $"\"{q}\""))}}]}""";

    internal static StringContent Json(params string[] events) => new("[" + string.Join(",", events) + "]", Encoding.UTF8, "application/json");

    /// <summary>One host; a client per role (signed in once), per key scope, and an anonymous one.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _roles = [];
        private readonly Dictionary<string, HttpClient> _keys = [];
        private readonly Dictionary<string, string> _keyValues = Scopes.All.ToDictionary(s => s, s => s + "-" + Guid.NewGuid().ToString("N"));

        public Host()
        {
            Factory = new DashboardFactory();
            var i = 1; // key 0 is the factory's own, with every scope
            foreach (var (scope, key) in _keyValues)
            {
                Factory.With($"Api:Keys:{i}:Key", key).With($"Api:Keys:{i}:Scopes:0", scope);
                i++;
            }
        }

        public DashboardFactory Factory { get; }

        public HttpClient Anonymous { get; private set; } = null!;

        public HttpClient As(string role) => _roles[role];

        public HttpClient Key(string scope) => _keys[scope];

        public async Task InitializeAsync()
        {
            Anonymous = Factory.CreateAnonymousClient();
            var setup = await Factory.CreateClient().PostAsync("/api/events",
                Json(Login(OwnAgent, "perm-q1"), Login(OtherAgent, "perm-q2"), $$"""{"id":"{{Guid.NewGuid():N}}","type":"call.queued","at":"{{DateTimeOffset.UtcNow.AddSeconds(-3):O}}","callId":"perm-c1","queueId":"perm-q1"}"""));
            setup.EnsureSuccessStatusCode();
            foreach (var role in Roles.All)
                _roles[role] = await Factory.SignedInClientAsync([role], role == Roles.Agent ? OwnAgent : null);
            foreach (var (scope, key) in _keyValues.Append(new(AllScopes, Factory.ApiKey)))
            {
                var client = Factory.CreateAnonymousClient();
                client.DefaultRequestHeaders.Add("X-Api-Key", key);
                _keys[scope] = client;
            }
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
