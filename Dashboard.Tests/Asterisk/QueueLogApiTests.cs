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
    private readonly DashboardFactory _factory = new DashboardFactory().WithTodayStarted(TimeSpan.FromHours(2));
    private readonly long _t = DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds(); // today, 20 minutes ago
    private const string Queue = "ast-support";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private string Log() => string.Join('\n', HandWrittenLog.Lines(_t, Queue));

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
