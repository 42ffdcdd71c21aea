using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Api;

/// <summary>
/// GET /api/reports/queues and /agents, JSON and CSV, through the real host with the scripted hour of
/// <see cref="ReportScript"/> two days ago (center at UTC+8); expected figures worked out by hand below.
/// </summary>
public sealed class ReportsApiTests(ReportsApiTests.Host host) : IClassFixture<ReportsApiTests.Host>
{
    private static readonly DateOnly Day = ReportScript.DaysAgo(2);
    private readonly HttpClient _client = host.Client;

    private static string D => Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Range(string from, string to) =>
        $"from={Uri.EscapeDataString($"{D}T{from}+08:00")}&to={Uri.EscapeDataString($"{D}T{to}+08:00")}";

    private static string QueueUrl(int interval, string format = "") =>
        $"/api/reports/queues{format}?queueId={ReportScript.Queue}&{Range("09:00:00", "10:00:00")}&interval={interval}";

    [Fact]
    public async Task GetQueues_QuarterHours_FiguresAsWorkedOutByHand()
    {
        var rows = (await _client.GetFromJsonAsync<JsonElement>(QueueUrl(15))).EnumerateArray().ToList();

        // Rows in the center's own time, with its offset.
        Assert.Equal(
            [$"{D}T09:00:00+08:00", $"{D}T09:15:00+08:00", $"{D}T09:30:00+08:00", $"{D}T09:45:00+08:00"],
            rows.Select(r => r.GetProperty("start").GetString()));
        Assert.Equal($"{D}T09:15:00+08:00", rows[0].GetProperty("end").GetString());
        Assert.All(rows, r => Assert.Equal(ReportScript.Queue, r.GetProperty("queueId").GetString()));

        // 09:00: offered c1, c2; answered c1 after 10 s (within 20); c1's handling done 09:13:30: 350 + 60 + 90.
        // SL 1 / (1 + 0 − 0); abandon rate 0 / 1.
        Assert.Equal(Expected(offered: 2, answered: 1, abandoned: 0, shortAbandoned: 0, flowedOut: 0, answeredWithin: 1,
            abandonedWithin: 0, handled: 1, serviceLevel: 1, asa: 10, aht: 500, abandonRate: 0), Figures(rows[0]));
        // 09:15: offered c3, c4, c5 (09:29:55); answered c2 after 30 s (outside); abandoned c3 (4 s: short, within)
        // and c4 (50 s); c2's handling done 09:20:00: 240 + 40. SL 0 / (1 + 2 − 1); abandon rate (2 − 1) / (1 + 2 − 1).
        Assert.Equal(Expected(offered: 3, answered: 1, abandoned: 2, shortAbandoned: 1, flowedOut: 0, answeredWithin: 0,
            abandonedWithin: 1, handled: 1, serviceLevel: 0, asa: 30, aht: 280, abandonRate: 0.5), Figures(rows[1]));
        // 09:30: offered c6; answered c5 after 6 s; c6 flowed out (not in the SL denominator by default); c5's handling
        // done 09:34:01: 180 + 60. SL 1 / 1; abandon rate 0 / (1 + 0 − 0 + 1).
        Assert.Equal(Expected(offered: 1, answered: 1, abandoned: 0, shortAbandoned: 0, flowedOut: 1, answeredWithin: 1,
            abandonedWithin: 0, handled: 1, serviceLevel: 1, asa: 6, aht: 240, abandonRate: 0), Figures(rows[2]));
        // 09:45: nothing happened, so every ratio is null, never 0 or 100 %.
        Assert.Equal(Expected(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null), Figures(rows[3]));
    }

    [Fact]
    public async Task GetQueues_HalfHours_SumsTheQuarters()
    {
        var rows = (await _client.GetFromJsonAsync<JsonElement>(QueueUrl(30))).EnumerateArray().ToList();

        Assert.Equal([$"{D}T09:00:00+08:00", $"{D}T09:30:00+08:00"], rows.Select(r => r.GetProperty("start").GetString()));
        // 09:00–09:30: ASA (10 + 30) / 2; AHT (500 + 280) / 2; SL 1 / (2 + 2 − 1); abandon rate (2 − 1) / (2 + 2 − 1).
        Assert.Equal(Expected(5, 2, 2, 1, 0, 1, 1, 2, 1.0 / 3, 20, 390, 1.0 / 3), Figures(rows[0]));
        Assert.Equal(Expected(1, 1, 0, 0, 1, 1, 0, 1, 1, 6, 240, 0), Figures(rows[1]));
    }

    [Fact]
    public async Task GetQueues_ByDay_OneRowPerCenterDay_TheScriptedDayWholeTheOthersEmpty()
    {
        var before = Day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var after = Day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = Day.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = (await _client.GetFromJsonAsync<JsonElement>(
            $"/api/reports/queues?queueId={ReportScript.Queue}&from={Uri.EscapeDataString($"{before}T00:00:00+08:00")}" +
            $"&to={Uri.EscapeDataString($"{end}T00:00:00+08:00")}&interval=day")).EnumerateArray().ToList();

        // Center days from midnight in the center's zone.
        Assert.Equal([$"{before}T00:00:00+08:00", $"{D}T00:00:00+08:00", $"{after}T00:00:00+08:00"], rows.Select(r => r.GetProperty("start").GetString()));
        Assert.Equal($"{after}T00:00:00+08:00", rows[1].GetProperty("end").GetString());
        Assert.Equal(Expected(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null), Figures(rows[0]));
        // The whole script: offered c1–c6; answered c1 (10 s), c2 (30 s), c5 (6 s); abandoned c3 (short) and c4;
        // c6 flowed out. SL 2 / (3 + 2 − 1); ASA (10 + 30 + 6) / 3; AHT (500 + 280 + 240) / 3;
        // abandon rate (2 − 1) / (3 + 2 − 1 + 1).
        Assert.Equal(Expected(6, 3, 2, 1, 1, 2, 1, 3, 0.5, 46.0 / 3, 340, 0.2), Figures(rows[1]));
        Assert.Equal(Expected(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null), Figures(rows[2]));
    }

    [Fact]
    public async Task GetQueues_PlusSentUnencoded_ReadAsTheOffset()
    {
        // A '+' typed into a URL arrives as a space; it is read back as the offset it was.
        var response = await _client.GetAsync(
            $"/api/reports/queues?queueId={ReportScript.Queue}&from={D}T09:00:00+08:00&to={D}T09:30:00+08:00&interval=15");
        var rows = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal($"{D}T09:00:00+08:00", rows[0].GetProperty("start").GetString());
    }

    [Fact]
    public async Task GetAgents_Day_FiguresAsWorkedOutByHand()
    {
        var rows = (await _client.GetFromJsonAsync<JsonElement>($"/api/reports/agents?{Range("00:00:00", "23:00:00")}"))
            .EnumerateArray().ToList();

        Assert.Equal(["r1", "r2"], rows.Select(r => r.GetProperty("agentId").GetString()));
        Assert.All(rows, r => Assert.Equal(D, r.GetProperty("day").GetString()));
        Assert.Equal($"{D}T00:00:00+08:00", rows[0].GetProperty("from").GetString());

        // r1: available 08:50–09:05:08 (908), 09:13:30–09:30:01 (991), 09:34:01–09:45 (659), 09:58–10:00 (120) = 2678;
        // talk 110 + 240 + 180; hold 60; wrap-up 90 + 60; lunch 780; handled c1 (500) and c5 (240).
        // Occupancy (530 + 60 + 150) / (740 + 2678); surveys 4 and 2: mean 3, top-two-box 1 of 2.
        var r1 = rows[0];
        Assert.Equal((2, 370.0), (r1.GetProperty("handled").GetInt32(), r1.GetProperty("ahtSeconds").GetDouble()));
        Assert.Equal((530.0, 60.0, 150.0, 2678.0, 780.0), Seconds(r1));
        Assert.Equal(740.0 / 3418, r1.GetProperty("occupancy").GetDouble(), 12);
        Assert.Equal(780.0, r1.GetProperty("notReadyByReason").GetProperty("lunch").GetDouble());
        var csat = r1.GetProperty("csat");
        Assert.Equal((3.0, 0.5, 2), (csat.GetProperty("mean").GetDouble(), csat.GetProperty("topTwoBox").GetDouble(), csat.GetProperty("responses").GetInt32()));

        // r2: available 08:50–09:15:20 (1520) and 09:20–10:00 (2400); talk 240, wrap-up 40; no survey.
        var r2 = rows[1];
        Assert.Equal((1, 280.0), (r2.GetProperty("handled").GetInt32(), r2.GetProperty("ahtSeconds").GetDouble()));
        Assert.Equal((240.0, 0.0, 40.0, 3920.0, 0.0), Seconds(r2));
        Assert.Equal(280.0 / 4200, r2.GetProperty("occupancy").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, r2.GetProperty("csat").ValueKind);
    }

    [Fact]
    public async Task GetAgents_OneAgent_OnlyTheirRow()
    {
        var rows = await _client.GetFromJsonAsync<JsonElement>($"/api/reports/agents?{Range("00:00:00", "23:00:00")}&agentId=r2");

        Assert.Equal("r2", Assert.Single(rows.EnumerateArray()).GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task GetQueuesCsv_QuarterHours_Rfc4180WithFormulasDefused()
    {
        var response = await _client.GetAsync(QueueUrl(15, ".csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"queue-q-rep-{Day:yyyyMMdd}T0900-{Day:yyyyMMdd}T1000-15min.csv", response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        // The name starts with '=' and holds quotes and a comma: apostrophe in front, then quoted with quotes doubled.
        const string name = "\"'=HYPERLINK(\"\"http://x\"\"), Sales\"";
        Assert.Equal(
            "queueId,queueName,start,end,offered,answered,abandoned,shortAbandoned,flowedOut,answeredWithinThreshold,"
            + "abandonedWithinThreshold,handled,serviceLevel,asaSeconds,ahtSeconds,abandonRate\r\n"
            + $"q-rep,{name},{D}T09:00:00+08:00,{D}T09:15:00+08:00,2,1,0,0,0,1,0,1,1,10,500,0\r\n"
            + $"q-rep,{name},{D}T09:15:00+08:00,{D}T09:30:00+08:00,3,1,2,1,0,0,1,1,0,30,280,0.5\r\n"
            + $"q-rep,{name},{D}T09:30:00+08:00,{D}T09:45:00+08:00,1,1,0,0,1,1,0,1,1,6,240,0\r\n"
            + $"q-rep,{name},{D}T09:45:00+08:00,{D}T10:00:00+08:00,0,0,0,0,0,0,0,0,,,,\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task GetAgentsCsv_Day_NamesDefusedAndReasonColumns()
    {
        var response = await _client.GetAsync($"/api/reports/agents.csv?{Range("00:00:00", "23:00:00")}");
        var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"agents-{Day:yyyyMMdd}T0000-{Day:yyyyMMdd}T2300.csv", response.Content.Headers.ContentDisposition!.FileName);
        var from = $"{D}T00:00:00+08:00";
        var to = $"{D}T23:00:00+08:00";
        var occupancy1 = (740.0 / 3418).ToString("R", CultureInfo.InvariantCulture);
        var occupancy2 = (280.0 / 4200).ToString("R", CultureInfo.InvariantCulture);
        Assert.Equal(
            "agentId,agentName,day,from,to,handled,ahtSeconds,talkSeconds,holdSeconds,wrapUpSeconds,availableSeconds,"
            + "notReadySeconds,occupancy,csatMean,csatTopTwoBox,csatResponses,notReady.lunch\r\n"
            + $"r1,'=SUM(A1:A2),{D},{from},{to},2,370,530,60,150,2678,780,{occupancy1},3,0.5,2,780\r\n"
            + $"r2,\"'@Li, \"\"Wei\"\"\",{D},{from},{to},1,280,240,0,40,3920,0,{occupancy2},,,0,0\r\n",
            text);
    }

    [Theory]
    [InlineData("interval=20", "interval", "interval: must be 15, 30 or 60 (minutes), or day")]
    [InlineData("interval=fifteen", "interval", "interval: must be 15, 30 or 60 (minutes), or day")]
    [InlineData("queueId=", "queueId", "queueId: required")]
    [InlineData("from=", "from", "from: must be an RFC 3339 timestamp with an offset")]
    [InlineData("from=2025-03-14T09:00:00", "from", "from: must be an RFC 3339 timestamp with an offset")]
    [InlineData("to=14/03/2025", "to", "to: must be an RFC 3339 timestamp with an offset")]
    [InlineData("to=2025-03-14T08:00:00Z", "to", "to: must be after from")]
    [InlineData("to=2025-05-16T00:00:00Z", "to", "to: at most 62 days after from")]
    public async Task GetQueues_BadParameter_400NamingFieldAndRule(string replace, string field, string message)
    {
        var query = new Dictionary<string, string>
        {
            ["queueId"] = "q-rep", ["from"] = "2025-03-14T09:00:00Z", ["to"] = "2025-03-14T10:00:00Z", ["interval"] = "15",
        };
        var (key, value) = (replace.Split('=')[0], replace.Split('=', 2)[1]);
        query[key] = value;
        var url = "?" + string.Join("&", query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));

        foreach (var path in (string[])["/api/reports/queues", "/api/reports/queues.csv"])
        {
            var response = await _client.GetAsync(path + url);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith(message, problem.GetProperty("detail").GetString());
            Assert.StartsWith(message[(field.Length + 2)..], problem.GetProperty("errors").GetProperty(field)[0].GetString());
        }
    }

    [Fact]
    public async Task GetQueues_NothingGiven_400NamingEveryField()
    {
        var problem = await (await _client.GetAsync("/api/reports/queues")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["from", "to", "queueId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("from: required, an RFC 3339 timestamp with an offset", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/reports/agents?from=2025-03-14T00:00:00Z", "to: required")]
    [InlineData("/api/reports/agents.csv?from=2025-03-14T00:00:00Z&to=2025-03-13T00:00:00Z", "to: must be after from")]
    public async Task GetAgents_BadParameter_400NamingFieldAndRule(string url, string message)
    {
        var response = await _client.GetAsync(url);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetQueues_InfluxDbUnreachable_503NotAServerError_TheStoresAddressOnlyInTheLog()
    {
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var spool = Path.Combine(Path.GetTempPath(), "reports-503-" + Guid.NewGuid().ToString("N")[..8]);
        HttpResponseMessage response;
        string body;
        IReadOnlyList<(string Category, Microsoft.Extensions.Logging.LogLevel Level, string Message)> logged;
        await using (var factory = new DashboardFactory()
            .With("History:InfluxDb:Url", "http://127.0.0.1:9")
            .With("History:InfluxDb:MaxRetries", "0")
            .With("History:SpoolDirectory", spool))
        {
            response = await factory.CreateClient().GetAsync("/api/reports/queues.csv?queueId=q&from=2025-03-14T09:00:00Z&to=2025-03-14T10:00:00Z");
            body = await response.Content.ReadAsStringAsync();
            logged = factory.Logs.Lines;
        }
        if (Directory.Exists(spool))
            Directory.Delete(spool, recursive: true);
        var problem = JsonDocument.Parse(body).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("History is unavailable", problem.GetProperty("title").GetString());
        Assert.Contains("history store did not answer", problem.GetProperty("detail").GetString());
        // Where the store lives is for operators (the log), not for every report reader.
        Assert.DoesNotContain("127.0.0.1", body);
        Assert.Contains(logged, l => l.Category.StartsWith("Dashboard.Web.Reports", StringComparison.Ordinal) && l.Message.Contains("127.0.0.1:9"));
    }

    private static (int, int, int, int, int, int, int, int, double?, double?, double?, double?) Expected(
        int offered, int answered, int abandoned, int shortAbandoned, int flowedOut, int answeredWithin, int abandonedWithin,
        int handled, double? serviceLevel, double? asa, double? aht, double? abandonRate) =>
        (offered, answered, abandoned, shortAbandoned, flowedOut, answeredWithin, abandonedWithin, handled,
            Round(serviceLevel), Round(asa), Round(aht), Round(abandonRate));

    // Ratios such as 1/3 compared to 12 places, as the sums behind them may differ in the last bit.
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 12) : null;

    private static (int, int, int, int, int, int, int, int, double?, double?, double?, double?) Figures(JsonElement row)
    {
        var f = row.GetProperty("figures");
        int I(string name) => f.GetProperty(name).GetInt32();
        double? N(string name) => f.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? Round(v.GetDouble()) : null;
        return (I("offered"), I("answered"), I("abandoned"), I("shortAbandoned"), I("flowedOut"), I("answeredWithinThreshold"),
            I("abandonedWithinThreshold"), I("handled"), N("serviceLevel"), N("asaSeconds"), N("ahtSeconds"), N("abandonRate"));
    }

    private static (double, double, double, double, double) Seconds(JsonElement row) =>
        (row.GetProperty("talkSeconds").GetDouble(), row.GetProperty("holdSeconds").GetDouble(), row.GetProperty("wrapUpSeconds").GetDouble(),
            row.GetProperty("availableSeconds").GetDouble(), row.GetProperty("notReadySeconds").GetDouble());

    /// <summary>One host for the class: the script posted once, history waited for.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly DashboardFactory _factory = ReportScript.Host();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = _factory.CreateClient();
            await ReportScript.PostAndWaitAsync(Client, Day);
        }

        public async Task DisposeAsync() => await _factory.DisposeAsync();
    }
}
