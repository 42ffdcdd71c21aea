using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Api;

/// <summary>The HTTP contract through the real host (WebApplicationFactory, co-hosted silo, real pipeline).</summary>
public sealed class EventsApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = api.Client;

    private static string At(int secondsAgo) => DateTimeOffset.UtcNow.AddSeconds(-secondsAgo).ToString("O");

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task PostEvents_ValidBatch_QueueShowsTheWaitingContact()
    {
        var q = Events.Unique("q");
        var response = await PostAsync($$"""
            [{"id":"{{q}}-1","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c1","queueId":"{{q}}"}]
            """);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var queue = await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, body.GetProperty("late").GetInt32());
        Assert.Equal(0, body.GetProperty("rejected").GetArrayLength());
        Assert.Equal(1, queue.GetProperty("waiting").GetInt32());
        Assert.InRange(queue.GetProperty("longestWaitSeconds").GetDouble(), 29, 60);
        Assert.Equal("voice", queue.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task PostEvents_RepeatedIds_CountedAsDuplicatesAndIgnored()
    {
        var q = Events.Unique("q");
        var batch = $$"""
            [{"id":"{{q}}-1","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c1","queueId":"{{q}}"},
             {"id":"{{q}}-1","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c1","queueId":"{{q}}"}]
            """;
        var first = await (await PostAsync(batch)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await PostAsync(batch)).Content.ReadFromJsonAsync<JsonElement>();
        var queue = await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{q}");

        Assert.Equal((1, 1), (first.GetProperty("accepted").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        Assert.Equal(1, queue.GetProperty("today").GetProperty("offered").GetInt32());
    }

    [Fact]
    public async Task PostEvents_OneBadEvent_RejectedByIndexWhileOthersAreProcessed()
    {
        var q = Events.Unique("q");
        var response = await PostAsync($$"""
            [{"id":"{{q}}-1","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c1","queueId":"{{q}}"},
             {"id":"{{q}}-2","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c2"},
             {"id":"{{q}}-3","type":"call.queued","at":"{{At(20)}}","callId":"{{q}}-c3","queueId":"{{q}}"}]
            """);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rejected = body.GetProperty("rejected")[0];
        var queue = await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, rejected.GetProperty("index").GetInt32());
        Assert.Equal($"{q}-2", rejected.GetProperty("id").GetString());
        Assert.Equal("queueId: is required", rejected.GetProperty("error").GetString());
        Assert.Equal(2, queue.GetProperty("waiting").GetInt32());
    }

    [Theory]
    [InlineData("""{"id":"e1"}""")]
    [InlineData("not json")]
    public async Task PostEvents_BodyNotAJsonArray_Returns400ProblemDetails(string body)
    {
        var response = await PostAsync(body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("JSON array", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvents_BodyOverTheLimit_Returns413()
    {
        var oversized = "[" + new string(' ', 17 * 1024 * 1024) + "]";

        var response = await PostAsync(oversized);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostEvents_MoreThan10000Events_Returns413()
    {
        var events = string.Join(",", Enumerable.Repeat("{}", 10_001));

        var response = await PostAsync($"[{events}]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GetAgent_OnCall_StateIsTheContractWord()
    {
        var (q, a) = (Events.Unique("q"), Events.Unique("a"));
        await PostAsync($$"""
            [{"id":"{{a}}-1","type":"agent.login","at":"{{At(60)}}","agentId":"{{a}}","name":"Li Wei","queues":["{{q}}"]},
             {"id":"{{a}}-2","type":"call.queued","at":"{{At(40)}}","callId":"{{a}}-c","queueId":"{{q}}"},
             {"id":"{{a}}-3","type":"call.answered","at":"{{At(30)}}","callId":"{{a}}-c","agentId":"{{a}}"}]
            """);

        var agent = await _client.GetFromJsonAsync<JsonElement>($"/api/agents/{a}");

        Assert.Equal("on_call", agent.GetProperty("state").GetString());
        Assert.Equal("Li Wei", agent.GetProperty("name").GetString());
        Assert.Equal($"{a}-c", agent.GetProperty("currentCallId").GetString());
    }

    [Fact]
    public async Task GetQueue_NoContacts_RatiosAreNull()
    {
        var a = Events.Unique("a");
        var q = Events.Unique("q");
        await PostAsync($$"""[{"id":"{{a}}-1","type":"agent.login","at":"{{At(5)}}","agentId":"{{a}}","queues":["{{q}}"]}]""");

        var queue = await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{q}");

        Assert.Equal(JsonValueKind.Null, queue.GetProperty("today").GetProperty("serviceLevel").ValueKind);
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("last30m").GetProperty("asaSeconds").ValueKind);
        Assert.Equal(1, queue.GetProperty("agents").GetProperty("available").GetInt32());
        Assert.Equal("abandons-against", queue.GetProperty("settings").GetProperty("serviceLevelFormula").GetString());
    }

    [Theory]
    [InlineData("/api/queues/no-such-queue", "No queue with id 'no-such-queue'")]
    [InlineData("/api/agents/no-such-agent", "No agent with id 'no-such-agent'")]
    public async Task Get_UnknownId_Returns404NamingTheId(string path, string expected)
    {
        var response = await _client.GetAsync(path);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetOpenApi_DocumentsEveryEndpoint()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/events", "/api/queues", "/api/queues/{id}", "/api/agents", "/api/agents/{id}", "/api/alerts" })
        {
            Assert.Contains($"\"{path}\"", document);
        }
    }

    [Fact]
    public async Task GetMetrics_AfterABatch_ExposesTheLivePathInstrumentsToPrometheus()
    {
        var q = Events.Unique("q");
        await PostAsync($$"""
            [{"id":"{{q}}-1","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c1","queueId":"{{q}}"},
             {"id":"{{q}}-2","type":"call.queued","at":"{{At(30)}}","callId":"{{q}}-c2"}]
            """);

        var text = await _client.GetStringAsync("/metrics");

        foreach (var metric in new[]
        {
            "dashboard_events_ingested_total", "dashboard_events_rejected_total", "dashboard_events_duplicates_total",
            "dashboard_ingest_batch_size_bucket", "dashboard_ingest_phase_duration_milliseconds_bucket",
        })
        {
            Assert.Contains(metric, text);
        }
        Assert.Contains("phase=\"contacts\"", text);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_HostUp_Returns200(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>One host for the API tests; each test uses its own queue and agent ids.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
