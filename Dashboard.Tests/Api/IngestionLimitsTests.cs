using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Api;

/// <summary>
/// Issue 14 §5: how much one source may create, and how it is told when it is over a limit — per event for new agents
/// and queues (Ingestion:NewAgentsPerMinute, Ingestion:NewQueuesPerMinute), problem details for the request rate.
/// </summary>
public sealed class IngestionLimitsTests(IngestionLimitsTests.Fixture host) : IClassFixture<IngestionLimitsTests.Fixture>
{
    /// <summary>One host with small allowances; the agents test uses POST /api/events, the queues test queue_log, whose
    /// allowances are counted apart, so the two never share one.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public DashboardFactory Factory { get; } = new DashboardFactory()
            .With("Ingestion:NewAgentsPerMinute", "3").With("Ingestion:NewQueuesPerMinute", "2")
            .With("Center:Agents:0:Id", "configured-agent");

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private readonly DashboardFactory _factory = host.Factory;

    private static string At(int secondsAgo) => DateTimeOffset.UtcNow.AddSeconds(-secondsAgo).ToString("O");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Login(string agent) =>
        $$"""{"id":"{{agent}}-login","type":"agent.login","at":"{{At(30)}}","agentId":"{{agent}}"}""";

    [Fact]
    public async Task PostEvents_MoreNewAgentsThanTheBudget_TheExtraOnesRejectedTheKnownOnesApplied()
    {
        var client = _factory.CreateClient();
        var agents = Enumerable.Range(1, 5).Select(_ => Events.Unique("a")).ToList();

        var first = await (await client.PostAsync("/api/events", Json($"[{string.Join(",", agents.Select(Login))}]")))
            .Content.ReadFromJsonAsync<JsonElement>();
        // Known agents (already created, or configured) cost nothing, however many events name them.
        var again = await (await client.PostAsync("/api/events", Json($$"""
            [{"id":"{{agents[0]}}-s","type":"agent.state","at":"{{At(20)}}","agentId":"{{agents[0]}}","state":"not_ready","reason":"break"},
             {"id":"{{agents[0]}}-c","type":"agent.login","at":"{{At(20)}}","agentId":"configured-agent"}]
            """))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(3, first.GetProperty("accepted").GetInt32());
        Assert.Equal([3, 4], first.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.All(first.GetProperty("rejected").EnumerateArray(), r =>
        {
            Assert.StartsWith("agentId: ", r.GetProperty("error").GetString());
            Assert.Contains("Ingestion:NewAgentsPerMinute", r.GetProperty("error").GetString());
        });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/agents/{agents[4]}")).StatusCode);
        Assert.Equal(2, again.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task PostQueueLog_MoreNewQueuesThanTheBudget_TheExtraLinesSkipped()
    {
        var client = _factory.CreateClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var lines = Enumerable.Range(1, 3).Select(i => $"{now - 60}|{Events.Unique("c")}|{Events.Unique("q")}|NONE|ENTERQUEUE||555|1");

        var body = await (await client.PostAsync("/api/ingest/queue-log", new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/plain")))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var skipped = Assert.Single(body.GetProperty("skipped").EnumerateArray());
        Assert.Equal(3, skipped.GetProperty("line").GetInt32());
        Assert.Contains("Ingestion:NewQueuesPerMinute", skipped.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task PostEvents_OverTheRequestRate_Returns429ProblemDetails()
    {
        await using var factory = new DashboardFactory().With("RateLimits:IngestRequestsPerSecond", "1");
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync("/api/events", Json("[]"))));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("RateLimits:IngestRequestsPerSecond", problem.GetProperty("detail").GetString());
    }
}
