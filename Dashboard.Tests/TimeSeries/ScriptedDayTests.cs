using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// A morning two days ago, posted to the real host (ingestion → grains → history writer → store) once with the
/// embedded store and once with a real influxd; the reports are worked out by hand below and must be equal, and
/// the reports API must answer the same from either store.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class ScriptedDayTests(InfluxFixture influx)
{
    private const string Q = "q-day";
    private static readonly DateTimeOffset Day = new(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-2), TimeSpan.Zero);

    private static DateTimeOffset T(string hhmmss) => Day + TimeSpan.Parse(hhmmss);

    /// <summary>
    /// Queue q-day (not configured: 80/20, short abandon 5 s, abandons-against, wrap-up), agents a1 and a2:
    /// c1 answered by a1 after 10 s, talk 240, wrap 60; c2 answered by a2 after 30 s, talk 180 + hold 60, wrap 90;
    /// c3 abandoned after 3 s (short); c4 abandoned after 40 s; c5 queued 10:29:50, answered 10:30:05 by a1,
    /// talk 180, wrap 60; c6 transferred to another queue after 20 s (a flow-out); a1 on a break 10:45–10:50.
    /// </summary>
    private static object[] Script() =>
    [
        Ev("l1", "agent.login", "09:55:00", new { agentId = "a1" }),
        Ev("l2", "agent.login", "09:55:00", new { agentId = "a2" }),
        Ev("c1q", "call.queued", "10:01:00", new { callId = "c1", queueId = Q }),
        Ev("c1o", "call.offered", "10:01:05", new { callId = "c1", agentId = "a1" }),
        Ev("c1a", "call.answered", "10:01:10", new { callId = "c1", agentId = "a1" }),
        Ev("c1e", "call.ended", "10:05:10", new { callId = "c1" }),
        Ev("a1w1", "agent.state", "10:06:10", new { agentId = "a1", state = "available" }),
        Ev("s1", "survey.completed", "10:07:00", new { agentId = "a1", score = 5, callId = "c1", queueId = Q }),
        Ev("c2q", "call.queued", "10:10:00", new { callId = "c2", queueId = Q }),
        Ev("c2a", "call.answered", "10:10:30", new { callId = "c2", agentId = "a2" }),
        Ev("c2h", "call.held", "10:12:00", new { callId = "c2" }),
        Ev("c2r", "call.resumed", "10:13:00", new { callId = "c2" }),
        Ev("c2e", "call.ended", "10:14:30", new { callId = "c2" }),
        Ev("c3q", "call.queued", "10:14:50", new { callId = "c3", queueId = Q }),
        Ev("c3x", "call.abandoned", "10:14:53", new { callId = "c3" }),
        Ev("a2w1", "agent.state", "10:16:00", new { agentId = "a2", state = "available" }),
        Ev("c4q", "call.queued", "10:20:00", new { callId = "c4", queueId = Q }),
        Ev("c4x", "call.abandoned", "10:20:40", new { callId = "c4" }),
        Ev("c5q", "call.queued", "10:29:50", new { callId = "c5", queueId = Q }),
        Ev("c5a", "call.answered", "10:30:05", new { callId = "c5", agentId = "a1" }),
        Ev("c5e", "call.ended", "10:33:05", new { callId = "c5" }),
        Ev("a1w2", "agent.state", "10:34:05", new { agentId = "a1", state = "available" }),
        Ev("s2", "survey.completed", "10:35:00", new { agentId = "a1", score = 3 }),
        Ev("c6q", "call.queued", "10:40:00", new { callId = "c6", queueId = Q }),
        Ev("c6t", "call.transferred", "10:40:20", new { callId = "c6", toQueueId = "q-other" }),
        Ev("c6x", "call.abandoned", "10:41:00", new { callId = "c6" }),
        Ev("a1b", "agent.state", "10:45:00", new { agentId = "a1", state = "not_ready", reason = "break" }),
        Ev("a1v", "agent.state", "10:50:00", new { agentId = "a1", state = "available" }),
        Ev("o1", "agent.logout", "10:55:00", new { agentId = "a1" }),
        Ev("o2", "agent.logout", "10:55:00", new { agentId = "a2" }),
    ];

    private static object Ev(string id, string type, string at, object fields)
    {
        var e = JsonSerializer.SerializeToNode(fields)!.AsObject();
        e["id"] = "day-" + id;
        e["type"] = type;
        e["at"] = T(at).ToString("O");
        return e;
    }

    [Fact]
    public async Task ScriptedDay_EmbeddedAndInfluxDb_ReportsAsWorkedOutByHand()
    {
        var embedded = await RunDayAsync(new DashboardFactory());
        var database = await influx.CreateDatabaseAsync();
        var influxDb = await RunDayAsync(new DashboardFactory()
            .With("History:InfluxDb:Url", influx.Url)
            .With("History:InfluxDb:Database", database)
            .With("History:SpoolDirectory", Stores.TempDirectory()));

        Assert.Equal(Describe(embedded), Describe(influxDb));
    }

    /// <summary>
    /// Issue 15 §2: the embedded history is a file in the data directory, so a host started again on the same
    /// directory reports the same morning without being told it again.
    /// </summary>
    [Fact]
    public async Task ScriptedDay_EmbeddedHostStartedAgainOnTheSameData_ReportsTheSameDay()
    {
        var data = Directory.CreateTempSubdirectory("dashboard-restart-").FullName;
        try
        {
            var before = await RunDayAsync(new DashboardFactory().With("Storage:DataDirectory", data));

            await using var again = new DashboardFactory().With("Storage:DataDirectory", data);
            var store = again.Services.GetRequiredService<IHistoryStore>();
            var after = (await store.GetQueueIntervalsAsync(QueueQuery), await store.GetAgentDaysAsync(AgentQuery));

            AssertQueue(after.Item1);
            AssertAgents(after.Item2);
            Assert.Equal(Describe(before), Describe(after));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static readonly QueueIntervalQuery QueueQuery = new(Q, T("10:00:00"), T("11:00:00"), 15);

    private static readonly AgentDayQuery AgentQuery = new(Day, Day.AddDays(1));

    private static async Task<(IReadOnlyList<QueueIntervalRow> Queue, IReadOnlyList<AgentDayRow> Agents)> RunDayAsync(DashboardFactory factory)
    {
        await using var host = factory
            .With("Ingestion:ReorderWindow", "00:00:02") // detail settles (and goes to history) 2 s after the feed stops
            .With("History:FlushInterval", "00:00:00.200");
        var client = host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/events", Script());
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Script().Length, outcome.GetProperty("accepted").GetInt32());

        var store = host.Services.GetRequiredService<IHistoryStore>();
        IReadOnlyList<QueueIntervalRow> queue = [];
        IReadOnlyList<AgentDayRow> agents = [];
        // Everything is in once a2's last available span (10:16–10:55, written when the agent goes quiet) is.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            queue = await store.GetQueueIntervalsAsync(QueueQuery);
            agents = await store.GetAgentDaysAsync(AgentQuery);
            if (agents.Count == 2 && agents.All(a => a.AvailableSeconds >= 2755) && queue.Sum(r => r.Figures.Offered) == 6)
                break;
            await Task.Delay(200);
        }

        AssertQueue(queue);
        AssertAgents(agents);

        // The reports API answers from the same store: the same rows, in JSON and in CSV.
        var range = $"from={Uri.EscapeDataString(T("10:00:00").ToString("O"))}&to={Uri.EscapeDataString(T("11:00:00").ToString("O"))}";
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/reports/queues?queueId={Q}&interval=15&{range}");
        Assert.Equal(queue.Select(r => r.Figures.Offered), json.EnumerateArray().Select(r => r.GetProperty("figures").GetProperty("offered").GetInt32()));
        Assert.Equal(queue.Select(r => r.Figures.AhtSeconds), json.EnumerateArray().Select(r => r.GetProperty("figures").GetProperty("ahtSeconds") is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : (double?)null));
        var csv = await client.GetStringAsync($"/api/reports/queues.csv?queueId={Q}&interval=15&{range}");
        Assert.Equal(1 + queue.Count, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        return (queue, agents);
    }

    private static void AssertQueue(IReadOnlyList<QueueIntervalRow> rows)
    {
        Assert.Equal([T("10:00:00"), T("10:15:00"), T("10:30:00"), T("10:45:00")], rows.Select(r => r.Start));

        // 10:00: offered c1, c2, c3; answered c1 (10 s, within) and c2 (30 s); c3 abandoned after 3 s (short,
        // within); c1's handling completed 10:06:10 (240 + 0 + 60). SL = 1 / (2 + 1 − 1); abandon rate 0 / 2.
        var r = rows[0].Figures;
        Assert.Equal((3, 2, 1, 1, 0, 1, 1), (r.Offered, r.Answered, r.Abandoned, r.ShortAbandoned, r.FlowedOut, r.AnsweredWithinThreshold, r.AbandonedWithinThreshold));
        Assert.Equal((0.5, 20.0, 300.0, 0.0), (r.ServiceLevel, r.AsaSeconds, r.AhtSeconds, r.AbandonRate));

        // 10:15: offered c4 and c5 (10:29:50); c4 abandoned after 40 s; c2's handling completed 10:16:00
        // (180 + 60 + 90). SL = 0 / (0 + 1 − 0); abandon rate 1 / 1; no ASA.
        r = rows[1].Figures;
        Assert.Equal((2, 0, 1, 0, 0, 0, 0), (r.Offered, r.Answered, r.Abandoned, r.ShortAbandoned, r.FlowedOut, r.AnsweredWithinThreshold, r.AbandonedWithinThreshold));
        Assert.Equal((0.0, (double?)null, 330.0, 1.0), (r.ServiceLevel, r.AsaSeconds, r.AhtSeconds, r.AbandonRate));

        // 10:30: offered c6; answered c5 after 15 s (within); c6 flowed out; c5's handling completed 10:34:05
        // (180 + 0 + 60). SL = 1 / 1; abandon rate 0 / (1 + 1).
        r = rows[2].Figures;
        Assert.Equal((1, 1, 0, 0, 1, 1, 0), (r.Offered, r.Answered, r.Abandoned, r.ShortAbandoned, r.FlowedOut, r.AnsweredWithinThreshold, r.AbandonedWithinThreshold));
        Assert.Equal((1.0, 15.0, 240.0, 0.0), (r.ServiceLevel, r.AsaSeconds, r.AhtSeconds, r.AbandonRate));

        // 10:45: nothing, so every ratio is undefined.
        r = rows[3].Figures;
        Assert.Equal(0, r.Offered + r.Answered + r.Abandoned + r.FlowedOut + r.Handled);
        Assert.Equal(((double?)null, (double?)null, (double?)null, (double?)null), (r.ServiceLevel, r.AsaSeconds, r.AhtSeconds, r.AbandonRate));
    }

    private static void AssertAgents(IReadOnlyList<AgentDayRow> rows)
    {
        Assert.Equal(["a1", "a2"], rows.Select(r => r.AgentId));
        Assert.All(rows, r => Assert.Equal(DateOnly.FromDateTime(Day.UtcDateTime), r.Day));

        // a1: available 09:55–10:01:05 (365), 10:06:10–10:30:05 (1435), 10:34:05–10:45 (655), 10:50–10:55 (300) = 2755;
        // talk 240 + 180; wrap-up 60 + 60; break 300 (ringing 10:01:05–10:01:10 counts nowhere).
        // Occupancy 540 / (540 + 2755); AHT (300 + 240) / 2; CSAT 5 and 3: mean 4, top-two 1 of 2.
        var a1 = rows[0];
        Assert.Equal((2, 270.0), (a1.Handled, a1.AhtSeconds));
        Assert.Equal((420.0, 0.0, 120.0, 2755.0, 300.0), (a1.TalkSeconds, a1.HoldSeconds, a1.WrapUpSeconds, a1.AvailableSeconds, a1.NotReadySeconds));
        Assert.Equal(540.0 / 3295, a1.Occupancy!.Value, 12);
        var reason = Assert.Single(a1.NotReadyByReason);
        Assert.Equal(("break", 300.0), (reason.Key, reason.Value));
        Assert.Equal(new Csat(4, 0.5, 2), a1.Csat);

        // a2: available 09:55–10:10:30 (930) and 10:16–10:55 (2340); talk 90 + 90 around a 60 s hold; wrap-up 90.
        var a2 = rows[1];
        Assert.Equal((1, 330.0), (a2.Handled, a2.AhtSeconds));
        Assert.Equal((180.0, 60.0, 90.0, 3270.0, 0.0), (a2.TalkSeconds, a2.HoldSeconds, a2.WrapUpSeconds, a2.AvailableSeconds, a2.NotReadySeconds));
        Assert.Equal(330.0 / 3600, a2.Occupancy!.Value, 12);
        Assert.Empty(a2.NotReadyByReason);
        Assert.Null(a2.Csat);
    }

    private static string Describe((IReadOnlyList<QueueIntervalRow> Queue, IReadOnlyList<AgentDayRow> Agents) report) =>
        string.Join("\n", report.Queue.Select(r => r.ToString()))
        + "\n" + string.Join("\n", report.Agents.Select(a => a with { NotReadyByReason = ImmutableSortedDictionary<string, double>.Empty } + string.Join(",", a.NotReadyByReason)));
}
