using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Tests.Support;

/// <summary>
/// A morning hour of queue q-rep in a center at UTC+8 (Asia/Shanghai), posted to the real host; the reports API
/// and browser tests check the report worked out by hand from it (in the tests, next to their assertions).
/// </summary>
/// <remarks>
/// The queue and agents are configured with names a spreadsheet would run as formulas, so every CSV carries them.
/// q-rep has the defaults: 80/20, short abandon under 5 s, abandons-against, wrap-up.
/// </remarks>
public static class ReportScript
{
    public const string Zone = "Asia/Shanghai";
    public const string Queue = "q-rep";
    public const string QueueName = "=HYPERLINK(\"http://x\"), Sales";
    public const string Agent1Name = "=SUM(A1:A2)";
    public const string Agent2Name = "@Li, \"Wei\"";
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>A host for the script: the center at UTC+8, q-rep and agents r1, r2 configured (after the demo
    /// center's 6 queues and 40 agents; by default with the names above), and history settled 2 s after the feed stops.</summary>
    public static DashboardFactory Host(string queueName = QueueName, string agent1Name = Agent1Name, string agent2Name = Agent2Name) =>
        new DashboardFactory()
        .With("Center:TimeZone", Zone)
        .With("Center:Queues:6:Id", Queue)
        .With("Center:Queues:6:Name", queueName)
        .With("Center:Agents:40:Id", "r1")
        .With("Center:Agents:40:Name", agent1Name)
        .With("Center:Agents:40:Team", "Reports")
        .With("Center:Agents:41:Id", "r2")
        .With("Center:Agents:41:Name", agent2Name)
        .With("Center:Agents:41:Team", "Reports")
        .With("Ingestion:ReorderWindow", "00:00:02")
        .With("History:FlushInterval", "00:00:00.200");

    /// <summary>
    /// Local times on <paramref name="day"/>. c1: queued 09:05:00, answered by r1 after 10 s, talk 110 + 240 around a
    /// 60 s hold, wrap-up 90 (handling done 09:13:30). c2: queued 09:14:50, answered by r2 09:15:20 (30 s), talk 240,
    /// wrap-up 40 (done 09:20:00). c3: abandoned after 4 s (short). c4: abandoned after 50 s. c5: queued 09:29:55,
    /// answered by r1 09:30:01 (6 s), talk 180, wrap-up 60 (done 09:34:01). c6: transferred away after 15 s at
    /// 09:40:15. r1 at lunch 09:45–09:58; surveys for r1: 4 and 2. Both log in 08:50 and out 10:00.
    /// </summary>
    public static object[] Events(DateOnly day)
    {
        var p = $"rep-{day:yyyyMMdd}-";
        object E(string id, string type, string at, object fields)
        {
            var e = JsonSerializer.SerializeToNode(fields)!.AsObject();
            e["id"] = p + id;
            e["type"] = type;
            e["at"] = At(day, at).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            return e;
        }

        return
        [
            E("l1", "agent.login", "08:50:00", new { agentId = "r1", queues = new[] { Queue } }),
            E("l2", "agent.login", "08:50:00", new { agentId = "r2", queues = new[] { Queue } }),
            E("c1q", "call.queued", "09:05:00", new { callId = p + "c1", queueId = Queue }),
            E("c1o", "call.offered", "09:05:08", new { callId = p + "c1", agentId = "r1" }),
            E("c1a", "call.answered", "09:05:10", new { callId = p + "c1", agentId = "r1" }),
            E("c1h", "call.held", "09:07:00", new { callId = p + "c1" }),
            E("c1r", "call.resumed", "09:08:00", new { callId = p + "c1" }),
            E("c1e", "call.ended", "09:12:00", new { callId = p + "c1" }),
            E("r1w1", "agent.state", "09:13:30", new { agentId = "r1", state = "available" }),
            E("s1", "survey.completed", "09:14:00", new { agentId = "r1", score = 4 }),
            E("c2q", "call.queued", "09:14:50", new { callId = p + "c2", queueId = Queue }),
            E("c2a", "call.answered", "09:15:20", new { callId = p + "c2", agentId = "r2" }),
            E("c3q", "call.queued", "09:16:00", new { callId = p + "c3", queueId = Queue }),
            E("c3x", "call.abandoned", "09:16:04", new { callId = p + "c3" }),
            E("c2e", "call.ended", "09:19:20", new { callId = p + "c2" }),
            E("r2w1", "agent.state", "09:20:00", new { agentId = "r2", state = "available" }),
            E("c4q", "call.queued", "09:22:00", new { callId = p + "c4", queueId = Queue }),
            E("c4x", "call.abandoned", "09:22:50", new { callId = p + "c4" }),
            E("c5q", "call.queued", "09:29:55", new { callId = p + "c5", queueId = Queue }),
            E("c5a", "call.answered", "09:30:01", new { callId = p + "c5", agentId = "r1" }),
            E("c5e", "call.ended", "09:33:01", new { callId = p + "c5" }),
            E("r1w2", "agent.state", "09:34:01", new { agentId = "r1", state = "available" }),
            E("s2", "survey.completed", "09:35:00", new { agentId = "r1", score = 2 }),
            E("c6q", "call.queued", "09:40:00", new { callId = p + "c6", queueId = Queue }),
            E("c6t", "call.transferred", "09:40:15", new { callId = p + "c6", toQueueId = "q-rep-other" }),
            E("c6x", "call.abandoned", "09:41:00", new { callId = p + "c6" }),
            E("r1l", "agent.state", "09:45:00", new { agentId = "r1", state = "not_ready", reason = "lunch" }),
            E("r1v", "agent.state", "09:58:00", new { agentId = "r1", state = "available" }),
            E("o1", "agent.logout", "10:00:00", new { agentId = "r1" }),
            E("o2", "agent.logout", "10:00:00", new { agentId = "r2" }),
        ];
    }

    public static DateTimeOffset At(DateOnly day, string hhmmss) =>
        new(day.ToDateTime(TimeOnly.ParseExact(hhmmss, "HH:mm:ss", CultureInfo.InvariantCulture)), Offset);

    /// <summary>The script's day in the center's zone, <paramref name="daysBack"/> before today.</summary>
    public static DateOnly DaysAgo(int daysBack) =>
        DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Offset).DateTime).AddDays(-daysBack);

    /// <summary>
    /// Posts the script and waits until history holds all of it: every contact, and both agents' last available
    /// spans, written once their feed has been quiet for the reorder window.
    /// </summary>
    public static async Task PostAndWaitAsync(HttpClient client, DateOnly day)
    {
        var events = Events(day);
        var response = await client.PostAsJsonAsync("/api/events", events);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(events.Length, outcome.GetProperty("accepted").GetInt32());

        var range = $"from={Uri.EscapeDataString(At(day, "00:00:00").ToString("O"))}&to={Uri.EscapeDataString(At(day, "23:59:59").ToString("O"))}";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var queue = await client.GetFromJsonAsync<JsonElement>($"/api/reports/queues?queueId={Queue}&interval=60&{range}");
            var agents = await client.GetFromJsonAsync<JsonElement>($"/api/reports/agents?{range}");
            var offered = queue.EnumerateArray().Sum(r => r.GetProperty("figures").GetProperty("offered").GetInt32());
            var available = agents.EnumerateArray().Select(a => a.GetProperty("availableSeconds").GetDouble()).ToList();
            if (offered == 6 && available is [>= 2678, >= 3920])
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail("The scripted hour did not reach history within 30 s.");
    }
}
