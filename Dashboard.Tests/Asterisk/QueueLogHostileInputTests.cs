using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Api;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Asterisk;

/// <summary>
/// Issue 14 §5: <c>POST /api/ingest/queue-log</c> applies the rules <c>POST /api/events</c> applies, line by line, and
/// a bad line never costs the good lines of its chunk.
/// </summary>
public sealed class QueueLogHostileInputTests(ApiFixture host) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = host.Client;
    private readonly long _now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(params string[] lines)
    {
        var response = await _client.PostAsync("/api/ingest/queue-log", new StringContent(string.Join('\n', lines), Encoding.UTF8, "text/plain"));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string? ReasonFor(JsonElement body, int line) => body.GetProperty("skipped").EnumerateArray()
        .Where(s => s.GetProperty("line").GetInt32() == line).Select(s => s.GetProperty("reason").GetString()).SingleOrDefault();

    [Fact]
    public async Task LineInTheYear9999_SkippedAndTheChunksGoodContactsCounted()
    {
        var q = Events.Unique("q");
        var (response, body) = await PostAsync(
            $"{_now - 60}|{q}-c1|{q}|NONE|ENTERQUEUE||5551234|1",
            $"253402300799|{q}-c2|{q}|NONE|ENTERQUEUE||5551235|1",   // 9999-12-31T23:59:59Z
            $"{_now - 50}|{q}-c3|{q}|NONE|ENTERQUEUE||5551236|1");
        var queue = await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("at: ", ReasonFor(body, 2));
        Assert.Contains("future", ReasonFor(body, 2));
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, queue.GetProperty("today").GetProperty("offered").GetInt32());
    }

    [Fact]
    public async Task PauseDatedTomorrow_SkippedAndTheAgentStaysAvailable()
    {
        var (q, a) = (Events.Unique("q"), Events.Unique("a"));
        var (response, body) = await PostAsync(
            $"{_now - 60}|NONE|{q}|SIP/{a}|ADDMEMBER|",
            $"{_now + 86_400}|NONE|{q}|SIP/{a}|PAUSE|lunch");
        var agent = await _client.GetFromJsonAsync<JsonElement>($"/api/agents/{a}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("future", ReasonFor(body, 2));
        Assert.Equal("available", agent.GetProperty("state").GetString());
    }

    [Fact]
    public async Task QueueNameOverTheIdLimit_SkippedNamingTheField()
    {
        var name = new string('q', 1024 * 1024);
        var (response, body) = await PostAsync($"{_now - 60}|{Events.Unique("c")}|{name}|NONE|ENTERQUEUE||5551234|1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("queueId: ", ReasonFor(body, 1));
        Assert.Equal(0, body.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task ControlCharactersInAPauseReason_SkippedNamingTheField()
    {
        var (q, a) = (Events.Unique("q"), Events.Unique("a"));
        var (_, body) = await PostAsync($"{_now - 60}|NONE|{q}|SIP/{a}|PAUSE|\u001b[2Jlunch");

        Assert.StartsWith("reason: ", ReasonFor(body, 1));
        Assert.Contains("control character", ReasonFor(body, 1));
    }

    [Fact]
    public async Task UnknownVerbWithATerminalEscape_ReasonShowsTheEscapeNotTheByte()
    {
        var (_, body) = await PostAsync($"{_now - 60}|c1|q1|NONE|FOO\u001b[2J");

        Assert.Equal("unknown event FOO\\u001b[2J", ReasonFor(body, 1));
    }

    [Fact]
    public async Task BodyOverTheLimit_Returns413ProblemDetails()
    {
        var oversized = new string('x', 17 * 1024 * 1024);

        var response = await _client.PostAsync("/api/ingest/queue-log", new StringContent(oversized, Encoding.UTF8, "text/plain"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("16777216", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BodyOverKestrelsOwnLimitUnderOurs_ReadWhole()
    {
        // Kestrel refuses bodies over 30 MB by itself, mid-read, with an empty 413; Ingestion:MaxBodyBytes is the limit.
        await using var factory = new DashboardFactory().With("Ingestion:MaxBodyBytes", (40 * 1024 * 1024).ToString()).WithKestrel();
        using var client = factory.CreateSocketClient();
        var blankLines = new string('\n', 35 * 1024 * 1024);

        var response = await client.PostAsync("/api/ingest/queue-log", new StringContent(blankLines, Encoding.UTF8, "text/plain"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(35 * 1024 * 1024 + 1, body.GetProperty("lines").GetInt32());
    }

    [Fact]
    public async Task BodyOverTheLimitWithoutALength_Returns413ProblemDetails()
    {
        var content = new StreamContent(new MemoryStream(new byte[17 * 1024 * 1024]));
        content.Headers.ContentType = new("text/plain");

        var response = await _client.PostAsync("/api/ingest/queue-log", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
