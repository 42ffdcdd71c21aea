namespace Dashboard.Tests.Security;

/// <summary>
/// Every endpoint the dashboard maps, and who may reach it: docs/permissions.md ("Pages", "HTTP API", "Hub",
/// "Wall displays", "Transport and proxies") as one table, walked by <see cref="EndpointSweepTests"/> with each
/// identity. An endpoint the app maps that is not here fails the sweep, and so does a row here that the app no
/// longer maps: a new endpoint ships with its row, taken from the docs (and the docs gain one if they lack it).
/// </summary>
/// <remarks>
/// <para><b>method</b>: as the endpoint declares it; <c>*</c> for an endpoint that takes any method, probed with the
/// method in brackets. Pages take GET and POST (a form post, which needs the page's antiforgery token).</para>
/// <para><b>route</b>: the route pattern; <c>{id}</c> and the like are filled with the sweep's test ids
/// (<see cref="EndpointSweepTests"/>). <c>static assets</c> stands for every file MapStaticAssets serves.</para>
/// <para><b>admitted</b>: what the sweep's request gets once let in: a status code, or <c>302 →path</c>.</para>
/// <para>The identities: anonymous; a person of each role signed in through the sign-in form; an API key of each
/// scope; a display link's cookie. A cell says:</para>
/// <list type="bullet">
/// <item><c>✓</c> let in: the admitted answer.</item>
/// <item><c>✗</c> refused, as docs/permissions.md says refusals look: on the API, the hub, the operational
/// endpoints and Blazor's circuit 401 for no credential and 403 for the wrong one; elsewhere (pages, sign-in and
/// sign-out) a redirect to sign-in with the way back, or to "not allowed". A key counts on the machines' paths
/// only (<c>/api</c>, <c>/hubs</c>, <c>/health</c>, <c>/metrics</c>, <c>/openapi</c>): elsewhere its caller is
/// anonymous.</item>
/// <item><c>own</c> an Agent's own id only: let in with it, refused with another agent's.</item>
/// <item><c>→path</c> let in, and sent on to <c>path</c> (<c>{own}</c>: the Agent's own id).</item>
/// </list>
/// </remarks>
public static class EndpointMatrix
{
    public const string Table = """
        | method     | route                                 | admitted             | anonymous | Agent | Supervisor | Manager | Analyst | Admin | read | manage | ingest | Display |
        |------------|---------------------------------------|----------------------|-----------|-------|------------|---------|---------|-------|------|--------|--------|---------|
        | GET        | /                                     | 200                  | ✗ | →/me | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /                                     | 400                  | ✗ | ✓    | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /wallboard                            | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | POST       | /wallboard                            | 400                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | GET        | /floor                                | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /floor                                | 400                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /agents/{Id}                          | 200                  | ✗ | own | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /agents/{Id}                          | 400                  | ✗ | own | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /me                                   | 200                  | ✗ | →/agents/{own} | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /me                                   | 400                  | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /complaints                           | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /complaints                           | 400                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /callbacks                            | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /callbacks                            | 400                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /reports                              | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /reports                              | 400                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /settings                             | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /settings                             | 400                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /displays                             | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /displays                             | 400                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /admin/users                          | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /admin/users                          | 400                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /admin/api-keys                       | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /admin/api-keys                       | 400                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /audit                                | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /audit                                | 400                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /account/login                        | 200                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | POST       | /account/login                        | 400                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | GET        | /account/denied                       | 200                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | POST       | /account/denied                       | 400                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | POST       | /account/logout                       | 302 →/account/login  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /account/login/external               | 400                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | GET        | /account/login/external/done          | 302 →/account/login  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | GET        | /culture/set                          | 302 →/floor          | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | GET        | /display/{token}                      | 302 →/wallboard      | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | GET HEAD   | static assets                         | 200                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | GET HEAD   | {**path:file}                         | 404                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | GET        | /_framework/opaque-redirect           | 400                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | * (POST)   | /_blazor/negotiate                    | 200                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | * (GET)    | /_blazor                              | 400                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | * (POST)   | /_blazor/disconnect/                  | 400                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | * (GET)    | /_blazor/initializers/                | 200                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ |
        | * (POST)   | /hubs/live/negotiate                  | 200                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | * (GET)    | /hubs/live                            | 400                  | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | POST       | /api/events                           | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ |
        | POST       | /api/ingest/queue-log                 | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✗ |
        | GET        | /api/queues                           | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/queues/{id}                      | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/alerts                           | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/agents                           | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/agents/{id}                      | 200                  | ✗ | own | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/me                               | 200                  | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /api/agents/{id}/desk                 | 200                  | ✗ | own | ✓ | ✓ | ✓ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/reports/queues                   | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/reports/queues.csv               | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/reports/agents                   | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /api/reports/agents.csv               | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ |
        | PUT        | /api/agents/{id}/queues               | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | GET        | /api/audit                            | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✓ | ✗ | ✗ | ✗ | ✗ |
        | POST       | /api/agents/{id}/state                | 200                  | ✗ | own | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/agents/{id}/logout               | 200                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/agents/{id}/callbacks/{callbackId}/complete | 404       | ✗ | own | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/alerts/{id}/acknowledge          | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✗ | ✗ | ✗ |
        | GET        | /api/queues/{id}/settings             | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/queues/{id}/alert-thresholds     | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/alerts/thresholds                | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/staffing/plan                    | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/staffing                         | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/complaint-due-times              | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/working-hours                    | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/notifications/deliveries         | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | POST       | /api/alerts/thresholds/preview        | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | PUT        | /api/queues/{id}/settings             | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | PUT        | /api/queues/{id}/alert-thresholds     | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | PUT        | /api/alerts/thresholds                | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | PUT        | /api/staffing/plan                    | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | PUT        | /api/complaint-due-times              | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | PUT        | /api/working-hours                    | 200                  | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | GET        | /api/complaints                       | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/complaints/{id}                  | 404                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/assign           | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | GET        | /api/callbacks                        | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | GET        | /api/surveys/low-scores               | 200                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✓ | ✓ | ✗ | ✗ |
        | POST       | /api/surveys/{id}/complaint           | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/notes            | 404                  | ✗ | ✗ | ✓ | ✓ | ✓ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/escalate         | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/resolve          | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/return-call      | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/close            | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | POST       | /api/complaints/{id}/reopen           | 404                  | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ | ✓ | ✗ | ✗ |
        | GET        | /health/history                       | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | * (GET)    | /metrics                              | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | GET        | /openapi/{documentName}.json          | 200                  | ✗ | ✗ | ✗ | ✗ | ✗ | ✓ | ✓ | ✗ | ✗ | ✗ |
        | * (GET)    | /healthz                              | 200                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        | * (GET)    | /readyz                               | 200                  | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
        """;

    /// <summary>The identities, in the table's column order.</summary>
    public static readonly string[] Identities =
        ["anonymous", "Agent", "Supervisor", "Manager", "Analyst", "Admin", "read", "manage", "ingest", "Display"];

    /// <summary>One row: the methods it covers, the one it is probed with, the route, the admitted answer, a cell per identity.</summary>
    public sealed record Row(string[] Methods, string[] Probes, string Route, int AdmittedStatus, string? AdmittedLocation, IReadOnlyDictionary<string, string> Cells)
    {
        public override string ToString() => $"{string.Join(' ', Methods)} {Route}";
    }

    public static IReadOnlyList<Row> Rows { get; } = Parse(Table);

    private static List<Row> Parse(string table)
    {
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Cells(lines[0]);
        if (!header.Skip(3).SequenceEqual(Identities))
            throw new InvalidOperationException("The matrix's columns are not the sweep's identities: " + lines[0]);
        var rows = new List<Row>();
        foreach (var line in lines.Skip(2))
        {
            var cells = Cells(line);
            if (cells.Length != header.Length)
                throw new InvalidOperationException($"Row with {cells.Length} cells, not {header.Length}: {line}");
            var method = cells[0];
            string[] methods, probes;
            if (method.StartsWith('*'))
            {
                methods = ["*"];
                probes = [method.Trim('*', ' ', '(', ')')];
            }
            else
            {
                methods = method.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                probes = methods;
            }
            var admitted = cells[2].Split(' ', 2, StringSplitOptions.TrimEntries);
            rows.Add(new Row(methods, probes, cells[1], int.Parse(admitted[0], System.Globalization.CultureInfo.InvariantCulture),
                admitted.Length > 1 ? admitted[1].TrimStart('→') : null,
                Identities.Select((identity, i) => (identity, cells[3 + i])).ToDictionary(c => c.identity, c => c.Item2)));
        }
        return rows;
    }

    private static string[] Cells(string line) => line.Trim('|').Split('|', StringSplitOptions.TrimEntries);
}
