using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Asterisk;

/// <summary>
/// A hand-written Asterisk queue_log, dirty as real ones are, posted to <c>POST /api/ingest/queue-log</c> on the real
/// host: the floor's figures for the queue agree with what the log says, worked out below by hand.
/// </summary>
public sealed class QueueLogApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private readonly long _t = DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds(); // today, 20 minutes ago
    private const string Queue = "ast-support";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private string L(int second, string callId, string queue, string agent, string verb, params string[] data) =>
        string.Join('|', new[] { (_t + second).ToString(), callId, queue, agent, verb }.Concat(data));

    // c1: enters +60, rings 1001 3 s, answered +72 (waited 12 s: within 20 s), caller hangs up +372 (talk 300).
    // c2: enters +100, rings alice 15 s unanswered (+115…+130), answered by alice +140 (waited 40 s), ends +440 (talk 300).
    // c3: enters +200, abandons +203 (3 s: a short abandon).  c4: enters +300, rings alice 5 s unanswered, abandons +345 (45 s).
    // c5: enters +500, times out +560 (a flow-out).  c6: enters +600, answered by 1001 +610 (10 s), transferred +700 (talk 90).
    private string Log() => string.Join('\n',
        L(0, "NONE", Queue, "SIP/1001", "ADDMEMBER", ""),
        L(0, "NONE", Queue, "PJSIP/alice", "ADDMEMBER", ""),
        L(1, "NONE", Queue, "NONE", "QUEUESTART"),
        "",
        L(60, "c1", Queue, "NONE", "ENTERQUEUE", "", "5551234", "1"),
        L(72, "c1", Queue, "SIP/1001", "CONNECT", "12", "1733.1", "3"),
        L(72, "c1", Queue, "SIP/1001", "CONNECT", "12", "1733.1", "3"),            // a duplicated line
        L(100, "c2", Queue, "NONE", "ENTERQUEUE", "", "5559876", "1"),
        L(130, "c2", Queue, "PJSIP/alice", "RINGNOANSWER", "15000"),
        L(140, "c2", Queue, "Local/alice@from-queue/n", "CONNECT", "40", "1733.2", "2"),
        L(345, "c4", Queue, "NONE", "ABANDON", "1", "1", "45"),                  // out of time order
        L(200, "c3", Queue, "NONE", "ENTERQUEUE", "", "5550000", "1"),
        L(203, "c3", Queue, "NONE", "ABANDON", "1", "1", "3"),
        L(300, "c4", Queue, "NONE", "ENTERQUEUE", "", "5550001", "1"),
        L(320, "c4", Queue, "PJSIP/alice", "RINGNOANSWER", "5000"),
        L(372, "c1", Queue, "SIP/1001", "COMPLETECALLER", "12", "300", "1"),
        L(440, "c2", Queue, "PJSIP/alice", "COMPLETEAGENT", "40", "300", "1"),
        L(450, "NONE", "NONE", "SIP/1001", "FOOBAR", "x"),                      // an unknown verb
        L(500, "c5", Queue, "NONE", "ENTERQUEUE", "", "5550002", "1"),
        L(560, "c5", Queue, "NONE", "EXITWITHTIMEOUT", "1", "1", "60"),
        L(600, "c6", Queue, "NONE", "ENTERQUEUE", "", "5550003", "1"),
        L(610, "c6", Queue, "SIP/1001", "CONNECT", "10", "1733.3", "2"),
        L(700, "c6", Queue, "SIP/1001", "TRANSFER", "2000", "from-internal", "10", "90", "1"),
        $"{_t + 710}|c7|{Queue}");                                               // a truncated last line

    [Fact]
    public async Task HandWrittenLog_QueueFiguresAgreeWithTheLog()
    {
        var client = _factory.CreateClient();

        var response = await client.PostAsync("/api/ingest/queue-log", new StringContent(Log(), Encoding.UTF8, "text/plain"));
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var queue = (await client.GetFromJsonAsync<JsonElement>($"/api/queues/{Queue}")).GetProperty("today");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, result.GetProperty("skippedCount").GetInt32());                   // FOOBAR and the truncated line
        Assert.Equal(["unknown event FOOBAR"], result.GetProperty("skipped").EnumerateArray()
            .Where(s => s.GetProperty("line").GetInt32() == 18).Select(s => s.GetProperty("reason").GetString()));
        Assert.Equal(2, result.GetProperty("duplicates").GetInt32());                     // the repeated CONNECT's two events
        Assert.Equal(6, queue.GetProperty("offered").GetInt32());                         // c1–c6
        Assert.Equal(3, queue.GetProperty("answered").GetInt32());                        // c1, c2, c6
        Assert.Equal(2, queue.GetProperty("abandoned").GetInt32());                       // c3, c4
        Assert.Equal(1, queue.GetProperty("shortAbandoned").GetInt32());                  // c3 (3 s ≤ 5 s)
        Assert.Equal(1, queue.GetProperty("flowedOut").GetInt32());                       // c5
        Assert.Equal(2, queue.GetProperty("answeredWithinThreshold").GetInt32());         // c1 (12 s), c6 (10 s)
        Assert.Equal(2.0 / (3 + 2 - 1), queue.GetProperty("serviceLevel").GetDouble(), 6); // abandons-against: 0.5
        Assert.Equal((12 + 40 + 10) / 3.0, queue.GetProperty("asaSeconds").GetDouble(), 6);
        Assert.Equal((2 - 1) / (3.0 + 2 - 1 + 1), queue.GetProperty("abandonRate").GetDouble(), 6); // 0.2
        Assert.Equal((300 + 300 + 90) / 3.0, queue.GetProperty("ahtSeconds").GetDouble(), 6);      // no wrap-up logged
    }

    [Fact]
    public async Task AgentsNamedAsChannels_OneAgentEach_MembershipFromAddMember()
    {
        var client = _factory.CreateClient();
        await client.PostAsync("/api/ingest/queue-log", new StringContent(Log(), Encoding.UTF8, "text/plain"));

        var alice = await client.GetFromJsonAsync<JsonElement>("/api/agents/alice");
        var sip = await client.GetFromJsonAsync<JsonElement>("/api/agents/1001");

        Assert.Equal([Queue], alice.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(1, alice.GetProperty("today").GetProperty("handled").GetInt32());  // c2, rung as PJSIP/alice and Local/alice@…
        Assert.Equal(1, alice.GetProperty("today").GetProperty("missed").GetInt32());   // c4 (c2 she missed once but answered after)
        Assert.Equal(2, sip.GetProperty("today").GetProperty("handled").GetInt32());    // c1, c6
        Assert.Equal("available", sip.GetProperty("state").GetString());
    }

    [Fact]
    public async Task SameChunkTwice_NothingCountedTwice()
    {
        var client = _factory.CreateClient();
        await client.PostAsync("/api/ingest/queue-log", new StringContent(Log(), Encoding.UTF8, "text/plain"));

        var again = await (await client.PostAsync("/api/ingest/queue-log", new StringContent(Log(), Encoding.UTF8, "text/plain")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var queue = (await client.GetFromJsonAsync<JsonElement>($"/api/queues/{Queue}")).GetProperty("today");

        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(6, queue.GetProperty("offered").GetInt32());
    }

    [Fact]
    public async Task WithoutTheIngestScope_Refused()
    {
        var response = await _factory.CreateAnonymousClient().PostAsync("/api/ingest/queue-log", new StringContent(Log(), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
