using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Displays;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dashboard.Tests.Security;

/// <summary>
/// The guard over everything (security issue, item 7): every endpoint the real host maps, read from its own
/// <see cref="EndpointDataSource"/>, asked by each identity, answers as <see cref="EndpointMatrix"/> (docs/permissions.md
/// as one table) says; an endpoint without a row, or a row without an endpoint, fails. One host for the whole sweep,
/// requests in process. Each identity is a set of headers — its cookie or its key — sent with no cookie jar, so
/// nothing a probe answers (a display link's cookie, a renewed session) changes who the next probe is.
/// </summary>
public sealed partial class EndpointSweepTests(EndpointSweepTests.Host host, ITestOutputHelper output) : IClassFixture<EndpointSweepTests.Host>
{
    private const string OwnAgent = "sweep-a1";
    private const string OtherAgent = "sweep-a2";
    private const string Queue = "sweep-q1";
    private const string Day = "from=2025-03-14T00:00:00Z&to=2025-03-15T00:00:00Z";

    /// <summary>Every route and its methods as routing sees them ("*": any method); static assets as one row.</summary>
    private static IEnumerable<(string Method, string Route)> Mapped(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => IsStaticAsset(e)
                ? [("GET", StaticAssets), ("HEAD", StaticAssets)]
                : (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (m.ToUpperInvariant(), Route(e))))
            .Distinct();

    private const string StaticAssets = "static assets";

    private static bool IsStaticAsset(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;

    private static string Route(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText!.StartsWith("{**", StringComparison.Ordinal) ? endpoint.RoutePattern.RawText! : "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    [Fact]
    public void Matrix_HasARowForEveryMappedEndpoint_AndNoRowForOneThatIsGone()
    {
        var mapped = Mapped(host.Factory.Services).Select(m => $"{m.Method} {m.Route}").ToHashSet();
        var declared = EndpointMatrix.Rows.SelectMany(r => r.Methods.Select(m => $"{m} {r.Route}")).ToList();

        var unlisted = mapped.Except(declared).Order(StringComparer.Ordinal).ToList();
        var gone = declared.Except(mapped).Order(StringComparer.Ordinal).ToList();
        var twice = declared.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(unlisted.Count == 0, "Mapped but not in EndpointMatrix (add a row from docs/permissions.md, and the docs' row if missing): "
            + string.Join(", ", unlisted));
        Assert.True(gone.Count == 0, "In EndpointMatrix but no longer mapped (remove the row): " + string.Join(", ", gone));
        Assert.True(twice.Count == 0, "In EndpointMatrix twice: " + string.Join(", ", twice));
    }

    [Fact]
    public async Task EveryEndpoint_EveryIdentity_AnswersAsTheMatrixSays()
    {
        var clock = Stopwatch.StartNew();
        var wrong = new List<string>();
        var probes = 0;
        foreach (var row in EndpointMatrix.Rows)
        {
            foreach (var identity in EndpointMatrix.Identities)
            {
                var cell = row.Cells[identity];
                foreach (var method in row.Probes)
                {
                    foreach (var (path, admitted) in Paths(row, identity, cell))
                    {
                        probes++;
                        var response = await host.SendAsync(identity, Probe(method, path, row.Route, identity));
                        var answer = await DescribeAsync(response);
                        var expected = admitted
                            ? Admitted(row, cell)
                            : Refused(path, identity, row.Route);
                        if (!expected.Matches(response))
                            wrong.Add($"{method} {path} as {identity} ({cell}): expected {expected}, got {answer}");
                    }
                }
            }
        }

        output.WriteLine($"{EndpointMatrix.Rows.Count} rows × {EndpointMatrix.Identities.Length} identities: {probes} requests in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(wrong.Count == 0, $"{wrong.Count} answers differ from EndpointMatrix (docs/permissions.md):\n" + string.Join("\n", wrong));
    }

    private static readonly string[] Unsafe = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The rows that change state (their probed methods), with the identities the matrix lets in.</summary>
    private static IEnumerable<(EndpointMatrix.Row Row, string Method)> StateChanging() =>
        EndpointMatrix.Rows.SelectMany(r => r.Probes.Where(Unsafe.Contains).Select(m => (r, m)));

    private static string? FirstAdmitted(EndpointMatrix.Row row, Func<string, bool> among) =>
        EndpointMatrix.Identities.Where(among).FirstOrDefault(i => row.Cells[i] is "✓" or "own");

    [Fact]
    public async Task EveryStateChangeAndConnection_EachCookie_FromAnotherSite_403()
    {
        // Each identity with a cookie (every role, a display link), on every unsafe method under /api and /account
        // and every hub or circuit negotiation: refused before anything runs, whoever's cookie it is.
        var wrong = new List<string>();
        var rows = StateChanging().Where(r => r.Row.Route.StartsWith("/api/", StringComparison.Ordinal)
            || r.Row.Route.StartsWith("/account/", StringComparison.Ordinal) || r.Row.Route.EndsWith("/negotiate", StringComparison.Ordinal));
        foreach (var (row, method) in rows)
        {
            foreach (var identity in EndpointMatrix.Identities.Where(Host.HasCookie))
            {
                var path = Fill(row.Route, OwnAgent);
                var request = Probe(method, path, row.Route, identity);
                request.Headers.Remove("Origin");
                request.Headers.Add("Origin", "https://evil.example");
                var response = await host.SendAsync(identity, request);
                if (response.StatusCode != HttpStatusCode.Forbidden || !(await response.Content.ReadAsStringAsync()).Contains("Cross-site request refused", StringComparison.Ordinal))
                    wrong.Add($"{method} {path} as {identity}: {await DescribeAsync(response)}");
            }
        }

        Assert.True(wrong.Count == 0, "Not refused from another site:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task EveryJsonEndpoint_FormOrTextBody_415_MalformedBody_400ProblemDetails()
    {
        // Asked by an identity the matrix lets in, so that the answer is the body's, not the door's.
        var wrong = new List<string>();
        foreach (var (row, method) in StateChanging().Where(r => r.Row.Route.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var identity = FirstAdmitted(row, Host.IsKey) ?? FirstAdmitted(row, Host.HasCookie)!;
            var path = Fill(row.Route, OwnAgent);
            var takesText = row.Route == "/api/ingest/queue-log";
            HttpContent[] wrongType = takesText
                ? [Json("[]"), new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" })]
                : [new StringContent("x", Encoding.UTF8, "text/plain"), new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" })];
            foreach (var body in wrongType)
            {
                var request = Probe(method, path, row.Route, identity);
                request.Content = body;
                var response = await host.SendAsync(identity, request);
                if (response.StatusCode != HttpStatusCode.UnsupportedMediaType)
                    wrong.Add($"{method} {path} with {body.Headers.ContentType?.MediaType} as {identity}: {await DescribeAsync(response)}");
            }
            if (takesText || Probe(method, path, row.Route, identity).Content is null)
                continue;
            foreach (var malformed in new[] { "{\"a\":", "[1,2", "{\"id\":\"\u0000" + new string('x', 100_000) })
            {
                var request = Probe(method, path, row.Route, identity);
                request.Content = Json(malformed);
                var response = await host.SendAsync(identity, request);
                if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    wrong.Add($"{method} {path} with {malformed[..Math.Min(12, malformed.Length)]}… as {identity}: {await DescribeAsync(response)}");
            }
        }

        Assert.True(wrong.Count == 0, "Bodies not refused as the docs say:\n" + string.Join("\n", wrong));
    }

    public static TheoryData<string> HostileIds => new()
    {
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "%2E%2E%5C%2E%2E%5Cweb.config",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task EveryRouteId_PathTraversalOrScript_NeitherServedNorEchoedRaw(string id)
    {
        // Every route with an id, GET and unsafe alike, asked by an identity it lets in: an answer about no such thing,
        // never a file, a server error, or the string back as markup in a page.
        var wrong = new List<string>();
        foreach (var row in EndpointMatrix.Rows.Where(r => r.Route.Contains("{id}", StringComparison.OrdinalIgnoreCase) || r.Route.Contains("{token}", StringComparison.Ordinal)))
        {
            var identity = FirstAdmitted(row, i => i != "anonymous")!;
            foreach (var method in row.Probes)
            {
                var path = RouteParameter().Replace(row.Route, id);
                var response = await host.SendAsync(identity, Probe(method, path, row.Route, identity));
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                // JSON carries the id back as data (problem details name it); only a page would run it.
                var markup = response.Content.Headers.ContentType?.MediaType == "text/html"
                    && (body.Contains("<script>alert", StringComparison.OrdinalIgnoreCase) || body.Contains("<img src=x", StringComparison.OrdinalIgnoreCase));
                if (status >= 500 || markup || body.Contains("root:x:0", StringComparison.Ordinal))
                    wrong.Add($"{method} {path} as {identity}: {status} {body[..Math.Min(300, body.Length)]}");
            }
        }

        Assert.True(wrong.Count == 0, "Hostile ids mishandled:\n" + string.Join("\n", wrong));
    }

    /// <summary>The paths one identity's cell asks (an Agent's <c>own</c>: theirs, let in, and another's, refused).</summary>
    private IEnumerable<(string Path, bool Admitted)> Paths(EndpointMatrix.Row row, string identity, string cell)
    {
        var admitted = cell != "✗";
        if (row.Route == StaticAssets)
            return host.StaticPaths.Select(p => (p, admitted));
        if (cell == "own")
            return [(Fill(row.Route, OwnAgent), true), (Fill(row.Route, OtherAgent), false)];
        return [(Fill(row.Route, OwnAgent), admitted)];
    }

    /// <summary>The route with its parameters filled in with the sweep's test ids, and the query it needs.</summary>
    private string Fill(string route, string agent) => route switch
    {
        "/api/reports/queues" or "/api/reports/queues.csv" => $"{route}?queueId={Queue}&{Day}",
        "/api/reports/agents" or "/api/reports/agents.csv" => $"{route}?{Day}",
        "/culture/set" => route + "?culture=en&returnUrl=%2Ffloor",
        "{**path:file}" => "/no-such-file.txt",
        _ => RouteParameter().Replace(route, m => m.Value switch
        {
            "{token}" => host.DisplayToken,
            "{documentName}" => "v1",
            "{id}" when route.StartsWith("/api/queues/", StringComparison.Ordinal) => Queue,
            "{id}" when route.StartsWith("/api/alerts/", StringComparison.Ordinal) => "sweep-no-such-alert",
            _ => agent,
        }),
    };

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    /// <summary>A request that the endpoint, once it lets the caller in, answers with the row's admitted answer.</summary>
    private static HttpRequestMessage Probe(string method, string path, string route, string identity)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Content = (method, route) switch
        {
            ("POST", "/api/events") => Json("[" + PermissionTests.Login("sweep-in-" + Guid.NewGuid().ToString("N")[..8], Queue) + "]"),
            ("POST", "/api/ingest/queue-log") => new StringContent("", Encoding.UTF8, "text/plain"),
            ("PUT", "/api/agents/{id}/queues") => Json($$"""{"queues":[{"queueId":"{{Queue}}","skillLevel":3}]}"""),
            ("POST", "/api/agents/{id}/state") => Json("""{"state":"not_ready","reason":"break"}"""),
            ("POST", "/api/agents/{id}/callbacks/{callbackId}/complete") => Json("""{"outcome":"reached"}"""),
            ("POST", "/api/complaints/{id}/assign") => Json("""{"agentId":"a01"}"""),
            ("POST", "/api/surveys/{id}/complaint") => Json("""{"severity":"normal"}"""),
            ("POST", "/api/complaints/{id}/notes") => Json("""{"note":"checked"}"""),
            ("POST", "/api/complaints/{id}/return-call") => Json("""{"outcome":"satisfied"}"""),
            ("POST", "/api/complaints/{id}/escalate" or "/api/complaints/{id}/resolve" or "/api/complaints/{id}/close"
                or "/api/complaints/{id}/reopen") => Json("{}"),
            ("PUT", "/api/queues/{id}/settings") => Json("""{"serviceLevelTarget":0.8,"serviceLevelThresholdSeconds":20,"shortAbandonSeconds":5,"serviceLevelFormula":"abandons-against","includeFlowOuts":false,"wrapUp":true}"""),
            ("PUT", "/api/queues/{id}/alert-thresholds") => Json("""{"longestWait":null}"""),
            ("PUT", "/api/alerts/thresholds") => Json(Host.AlertThresholds),
            ("PUT", "/api/staffing/plan") => Json("""{"shifts":[],"headcounts":[]}"""),
            ("PUT", "/api/complaint-due-times") => Json("""{"normal":{"firstResponseMinutes":1440,"resolutionMinutes":4320},"serious":{"firstResponseMinutes":30,"resolutionMinutes":240},"counting":"clock"}"""),
            ("PUT", "/api/working-hours") => Json("""{"days":[{"day":"monday","open":"09:00","close":"18:00"}],"closed":[]}"""),
            _ => null,
        };
        // A browser sends its page's Origin with every unsafe method; the cross-site rule is swept on its own.
        if (method is not ("GET" or "HEAD") && Host.HasCookie(identity))
            request.Headers.Add("Origin", "http://localhost");
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>What a let-in request answers: the row's status (and where it sends), or where the cell sends.</summary>
    private static Expected Admitted(EndpointMatrix.Row row, string cell) =>
        cell.StartsWith('→')
            ? new Expected(HttpStatusCode.Redirect, cell[1..].Replace("{own}", OwnAgent, StringComparison.Ordinal), Query: null)
            : new Expected((HttpStatusCode)row.AdmittedStatus, row.AdmittedLocation, Query: null);

    /// <summary>
    /// How docs/permissions.md says a refusal looks. Machines' paths and Blazor's circuit answer with a status: 401
    /// without a credential, 403 with the wrong one. Everything else is for people: a redirect to sign-in with the way
    /// back, or to "not allowed". A key is a credential on the machines' paths only.
    /// </summary>
    private static Expected Refused(string path, string identity, string route)
    {
        var machinePath = SecurityExtensions.ServesMachines(path);
        var signedOut = identity == "anonymous" || (Host.IsKey(identity) && !machinePath);
        if (machinePath || path.StartsWith("/_blazor", StringComparison.Ordinal))
            return new Expected(signedOut ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, null, null);
        return signedOut
            ? new Expected(HttpStatusCode.Redirect, "/account/login", "ReturnUrl=")
            : new Expected(HttpStatusCode.Redirect, "/account/denied", null);
    }

    private sealed record Expected(HttpStatusCode Status, string? Location, string? Query)
    {
        public bool Matches(HttpResponseMessage response) =>
            response.StatusCode == Status
            && (Location is null || response.Headers.Location is { } where && PathOf(where) == Location)
            && (Query is null || response.Headers.Location?.OriginalString.Contains(Query, StringComparison.Ordinal) == true)
            // A let-in redirect to sign-in is sign-out's, never a refusal's (which carries the way back).
            && (Query is not null || Location != "/account/login" || response.Headers.Location?.OriginalString.Contains("ReturnUrl=", StringComparison.Ordinal) != true);

        public override string ToString() => $"{(int)Status}{(Location is null ? "" : " → " + Location)}{(Query is null ? "" : " ?" + Query)}";
    }

    private static string PathOf(Uri location) =>
        (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);

    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var location = response.Headers.Location is { } where ? " → " + where.OriginalString : "";
        var body = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? " " + await response.Content.ReadAsStringAsync()
            : "";
        return $"{(int)response.StatusCode}{location}{body}";
    }

    /// <summary>
    /// One host; each identity as the headers it sends: a cookie from the real sign-in form for each role (the Agent
    /// linked to <see cref="OwnAgent"/>), a cookie from a display link, a key of each scope, nothing.
    /// </summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly Dictionary<string, (string Name, string Value)?> _headers = [];
        private readonly Dictionary<string, string> _keys = Scopes.All.ToDictionary(s => s, s => s + "-" + Guid.NewGuid().ToString("N"));
        private HttpClient _http = null!;

        public Host()
        {
            var i = 1;
            foreach (var (scope, key) in _keys)
            {
                Factory.With($"Api:Keys:{i}:Key", key).With($"Api:Keys:{i}:Scopes:0", scope);
                i++;
            }
        }

        public DashboardFactory Factory { get; } = new();

        public string DisplayToken { get; private set; } = null!;

        public IReadOnlyList<string> StaticPaths { get; private set; } = [];

        /// <summary>The center's alert levels as the host starts with them, a valid body for their PUT.</summary>
        public static string AlertThresholds { get; private set; } = null!;

        public static bool IsKey(string identity) => Scopes.All.Contains(identity);

        public static bool HasCookie(string identity) => identity != "anonymous" && !IsKey(identity);

        public async Task InitializeAsync()
        {
            Factory.StartServer();
            _http = new HttpClient(Factory.Server.CreateHandler()) { BaseAddress = new Uri("http://localhost") };
            using var machine = Factory.CreateClient();
            (await machine.PostAsync("/api/events", PermissionTests.Json(PermissionTests.Login(OwnAgent, Queue), PermissionTests.Login(OtherAgent, Queue))))
                .EnsureSuccessStatusCode();
            AlertThresholds = (await machine.GetStringAsync("/api/alerts/thresholds")) is var all
                ? System.Text.Json.JsonDocument.Parse(all).RootElement.GetProperty("center").GetRawText()
                : "";

            _headers["anonymous"] = null;
            foreach (var (scope, key) in _keys)
                _headers[scope] = (ApiKeyHeader, key);
            foreach (var role in Roles.All)
                _headers[role] = ("Cookie", await SignInAsync(role));
            var links = Factory.Services.GetRequiredService<DisplayLinks>();
            DisplayToken = links.PathOf(await links.CreateAsync("Sweep", [], "tests"))["/display/".Length..];
            _headers["Display"] = ("Cookie", await CookieAfterAsync(new HttpRequestMessage(HttpMethod.Get, "/display/" + DisplayToken)));

            StaticPaths = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(IsStaticAsset).Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().ToList();
        }

        private const string ApiKeyHeader = "X-Api-Key";

        /// <summary>A new account of this role, signed in through the real form; its session cookie.</summary>
        public async Task<string> SignInAsync(string role)
        {
            var user = await Factory.CreateUserAsync([role], role == Roles.Agent ? OwnAgent : null);
            var cookies = new CookieContainer();
            using var client = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = Factory.Server.CreateHandler() })
            {
                BaseAddress = _http.BaseAddress,
            };
            var signIn = await DashboardFactory.SignInAsync(client, user, DashboardFactory.Password);
            Assert.Equal("/", signIn.Headers.Location?.ToString());
            return cookies.GetCookieHeader(_http.BaseAddress!);
        }

        private async Task<string> CookieAfterAsync(HttpRequestMessage request)
        {
            var cookies = new CookieContainer();
            using var client = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = Factory.Server.CreateHandler() })
            {
                BaseAddress = _http.BaseAddress,
            };
            (await client.SendAsync(request)).Dispose();
            return cookies.GetCookieHeader(_http.BaseAddress!);
        }

        /// <summary>Sends as this identity. Sign-out ends the session it is sent with: that probe gets a session of its own.</summary>
        public async Task<HttpResponseMessage> SendAsync(string identity, HttpRequestMessage request)
        {
            if (_headers[identity] is var (name, value))
            {
                if (name == "Cookie" && request.RequestUri!.OriginalString == "/account/logout" && identity != "Display")
                    value = await SignInAsync(identity);
                request.Headers.Add(name, value);
            }
            // Agents' desks change with the probes (a log-out, a state): each probe finds its agent logged in.
            if (request.RequestUri!.OriginalString.StartsWith("/api/agents/", StringComparison.Ordinal) && request.Method != HttpMethod.Get)
                await LogInAsync(request.RequestUri.OriginalString.Split('/')[3]);
            return await _http.SendAsync(request);
        }

        private async Task LogInAsync(string agent)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = PermissionTests.Json(PermissionTests.Login(agent, Queue)) };
            request.Headers.Add(ApiKeyHeader, _keys[Scopes.Ingest]);
            (await _http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
