using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Dashboard.Grains.Ingestion;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>
/// Issue 14 §5, bad input never costs good data: hostile strings, sizes and ids sent to <c>POST /api/events</c> on the
/// real host. Each event is judged on its own (docs/events.md §1.4): the bad one is rejected naming its field, the
/// good ones beside it are applied, and no input gives a 5xx.
/// </summary>
public sealed class HostileInputTests(HostileInputTests.Fixture host) : IClassFixture<HostileInputTests.Fixture>
{
    private readonly HttpClient _client = host.Client;

    /// <summary>One host; the property tests name hundreds of new queues and agents a minute, beyond the default budget.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly DashboardFactory _factory = new DashboardFactory()
            .With("Ingestion:NewAgentsPerMinute", "100000").With("Ingestion:NewQueuesPerMinute", "100000");

        public HttpClient Client { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Client = _factory.CreateClient();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await _factory.DisposeAsync();
    }

    private static string At(int secondsAgo) => DateTimeOffset.UtcNow.AddSeconds(-secondsAgo).ToString("O");

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostBytesAsync(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return _client.PostAsync("/api/events", content);
    }

    private static string Queued(string id, string queue) =>
        $$"""{"id":"{{id}}","type":"call.queued","at":"{{At(30)}}","callId":"{{id}}-c","queueId":"{{queue}}"}""";

    private async Task<int> WaitingAsync(string queue) =>
        (await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{queue}")).GetProperty("waiting").GetInt32();

    [Fact]
    public async Task PostEvents_LoneSurrogateEscapeInOneEvent_OnlyThatEventRejectedNamingTheField()
    {
        var q = Events.Unique("q");
        var response = await PostAsync($$"""
            [{"id":"{{q}}-1","type":"agent.login","at":"{{At(40)}}","agentId":"{{q}}-a","name":"Li \ud800 Wei"},
             {{Queued($"{q}-2", q)}}]
            """);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(0, rejected.GetProperty("index").GetInt32());
        Assert.StartsWith("name: ", rejected.GetProperty("error").GetString());
        Assert.Equal(1, await WaitingAsync(q));
    }

    [Fact]
    public async Task PostEvents_InvalidUtf8InOneEvent_OnlyThatEventRejectedNamingTheField()
    {
        var q = Events.Unique("q");
        var head = Encoding.UTF8.GetBytes($$"""[{"id":"{{q}}-1","type":"agent.state","at":"{{At(40)}}","agentId":"{{q}}-a","state":"not_ready","reason":"br""");
        var tail = Encoding.UTF8.GetBytes($$"""ak"}, {{Queued($"{q}-2", q)}}]""");
        byte[] notUtf8 = [0xC3, 0x28, 0xFF]; // a lead byte without its continuation, and a byte UTF-8 never uses

        var response = await PostBytesAsync([.. head, .. notUtf8, .. tail]);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal(0, rejected.GetProperty("index").GetInt32());
        Assert.StartsWith("reason: ", rejected.GetProperty("error").GetString());
        Assert.Equal(1, await WaitingAsync(q));
    }

    /// <summary>Every string field of the contract, with an event that is valid until that field is replaced.</summary>
    private static readonly (string Field, Func<string, string> Event)[] Fields =
    [
        .. new[] { "id", "type", "at", "agentId", "name", "team" }.Select(f => (f, Login(f))),
        .. new[] { "reason", "state" }.Select(f => (f, State(f))),
        .. new[] { "callId", "queueId", "channel" }.Select(f => (f, Event("call.queued", f, """{"callId":"c","queueId":"q","channel":"voice"}"""))),
        ("toQueueId", Event("call.transferred", "toQueueId", """{"callId":"c","toQueueId":"q2"}""")),
        ("toAgentId", Event("call.transferred", "toAgentId", """{"callId":"c","toAgentId":"a2"}""")),
        ("ringEndedAt", Event("call.offered", "ringEndedAt", """{"callId":"c","agentId":"a","ringEndedAt":"2020-01-01T00:00:00Z"}""")),
        .. new[] { "complaintId", "severity", "category" }.Select(f =>
            (f, Event("complaint.opened", f, """{"complaintId":"k","queueId":"q","severity":"normal","category":"billing"}"""))),
        ("by", Event("complaint.escalated", "by", """{"complaintId":"k","by":"li.na"}""")),
        .. new[] { "callbackId", "dueAt", "topic" }.Select(f =>
            (f, Event("callback.scheduled", f, """{"callbackId":"b","agentId":"a","dueAt":"2030-01-01T00:00:00Z","topic":"loan"}"""))),
        ("queues", Login("queues")),
    ];

    private static Func<string, string> Login(string field) => Event("agent.login", field, """{"agentId":"a","name":"n","team":"t"}""");

    private static Func<string, string> State(string field) => Event("agent.state", field, """{"agentId":"a","state":"not_ready","reason":"r"}""");

    private const string Fuzz = "@@fuzz@@";

    // The event with the field's value replaced by raw (already JSON-escaped); ids made unique so samples never meet.
    private static Func<string, string> Event(string type, string field, string rest) => raw =>
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var e = JsonNode.Parse(rest)!.AsObject();
        foreach (var id in e.Select(p => p.Key).Where(k => k.EndsWith("Id", StringComparison.Ordinal)).ToList())
            e[id] = $"{e[id]}-{unique}";
        e["id"] = $"fz-{unique}";
        e["type"] = type;
        e["at"] = At(60);
        if (field == "queues")
            e["queues"] = new JsonArray(Fuzz);
        else
            e[field] = Fuzz;
        return e.ToJsonString().Replace($"\"{Fuzz}\"", $"\"{raw}\"");
    };

    // Any UTF-16 code unit, lone surrogates included, written as a JSON \u escape so it reaches the parser as sent.
    private static readonly Gen<string> AnyEscapedString =
        Gen.Char['\0', '\uffff'].Array[0, 24].Select(chars => string.Concat(chars.Select(c => $"\\u{(int)c:x4}")));

    [Fact]
    public async Task PostEvents_AnyStringInAnyField_NeverA5xxAndTheGoodEventBesideItIsApplied()
    {
        await Gen.Select(Gen.Int[0, Fields.Length - 1], AnyEscapedString).SampleAsync(async (field, raw) =>
        {
            var q = Events.Unique("q");
            var response = await PostAsync($"[{Fields[field].Event(raw)}, {Queued($"{q}-good", q)}]");
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, body.GetProperty("accepted").GetInt32() + body.GetProperty("duplicates").GetInt32()
                + body.GetProperty("late").GetInt32() + body.GetProperty("rejected").GetArrayLength());
            Assert.All(body.GetProperty("rejected").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("index").GetInt32()));
            Assert.Equal(1, await WaitingAsync(q));
        }, iter: 150, threads: 1, print: s => $"{Fields[s.Item1].Field} = \"{s.Item2}\"");
    }

    [Fact]
    public async Task PostEvents_AnyBytesInAString_NeverA5xxAndTheGoodEventBesideItIsApplied()
    {
        // Bytes from 0x80 up keep the JSON well formed (no quote, backslash or control byte) but are often not UTF-8.
        await Gen.Select(Gen.Int[0, Fields.Length - 1], Gen.Byte[0x80, 0xFF].Array[1, 12]).SampleAsync(async (field, bytes) =>
        {
            var q = Events.Unique("q");
            var parts = $"[{Fields[field].Event(Fuzz)}, {Queued($"{q}-good", q)}]".Split(Fuzz);
            var response = await PostBytesAsync([.. Encoding.UTF8.GetBytes(parts[0]), .. bytes, .. Encoding.UTF8.GetBytes(parts[1])]);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, await WaitingAsync(q));
            Assert.Equal(2, body.GetProperty("accepted").GetInt32() + body.GetProperty("rejected").GetArrayLength());
        }, iter: 100, threads: 1, print: s => $"{Fields[s.Item1].Field} = {Convert.ToHexString(s.Item2)}");
    }

    [Fact]
    public async Task PostEvents_AnyInstantInAnyTimestamp_NeverA5xxAndTheGoodEventBesideItIsApplied()
    {
        // The whole calendar, with any offset it allows: date arithmetic at its ends must reject or hold, never throw.
        // Half of them within three days of now, where events are accepted and reach the grains.
        var now = DateTime.UtcNow.Ticks;
        var ticks = Gen.OneOf(Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks], Gen.Long[now - TimeSpan.TicksPerDay * 3, now + TimeSpan.TicksPerDay * 3]);
        var instants = Gen.Select(ticks, Gen.Int[-14 * 60, 14 * 60])
            .Select((ticks, minutes) => new DateTime(ticks).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)
                + (minutes < 0 ? "-" : "+") + TimeSpan.FromMinutes(Math.Abs(minutes)).ToString(@"hh\:mm", CultureInfo.InvariantCulture));
        var fields = Fields.Where(f => f.Field is "at" or "ringEndedAt" or "dueAt").ToArray();
        await Gen.Select(Gen.Int[0, fields.Length - 1], instants).SampleAsync(async (field, instant) =>
        {
            var q = Events.Unique("q");
            var response = await PostAsync($"[{fields[field].Event(instant)}, {Queued($"{q}-good", q)}]");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, await WaitingAsync(q));
        }, iter: 100, threads: 1, print: s => $"{fields[s.Item1].Field} = {s.Item2}");
    }

    [Theory]
    [InlineData("name", 201)]
    [InlineData("team", 1024 * 1024)]
    [InlineData("agentId", 129)]
    public async Task PostEvents_TextOverItsLimit_RejectedAndNothingCreated(string field, int length)
    {
        var a = Events.Unique("a");
        var login = new Dictionary<string, string>
        {
            ["id"] = $"{a}-1", ["type"] = "agent.login", ["at"] = At(30), ["agentId"] = a, [field] = new string('x', length),
        };

        var response = await PostAsync(JsonSerializer.Serialize(new[] { login }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"{field}: ", Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/agents/{a}")).StatusCode);
    }

    [Theory]
    [InlineData("agentId", "a\nINFO forged log line")]
    [InlineData("agentId", "\u001b[31mred")]
    [InlineData("id", "e\u0000")]
    [InlineData("reason", "break\r\n")]
    [InlineData("name", "Li\u2028Wei")]
    public async Task PostEvents_ControlCharacterInAnIdOrShortField_RejectedNamingTheField(string field, string value)
    {
        var a = Events.Unique("a");
        var state = new Dictionary<string, string>
        {
            ["id"] = $"{a}-1", ["type"] = "agent.login", ["at"] = At(30), ["agentId"] = a, ["name"] = "n",
        };
        state[field] = field == "agentId" ? a + value : value;
        if (field == "reason")
            (state["type"], state["state"]) = ("agent.state", "not_ready");

        var response = await PostAsync(JsonSerializer.Serialize(new[] { state }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("error").GetString();
        Assert.StartsWith($"{field}: ", error);
        Assert.Contains("control character", error);
    }

    [Fact]
    public async Task PostEvents_SameIdForTwoAgents_AppliedToEach()
    {
        // docs/events.md §1.5: an event id identifies an event within its subject (contact, agent or complaint).
        var (a, b) = (Events.Unique("a"), Events.Unique("b"));
        var response = await PostAsync($$"""
            [{"id":"shared-1","type":"agent.login","at":"{{At(30)}}","agentId":"{{a}}"},
             {"id":"shared-1","type":"agent.login","at":"{{At(30)}}","agentId":"{{b}}"}]
            """);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((2, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/agents/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/agents/{b}")).StatusCode);
    }

    [Fact]
    public async Task PostEvents_SameIdTwiceForOneAgent_SecondIsADuplicate()
    {
        var a = Events.Unique("a");
        var response = await PostAsync($$"""
            [{"id":"{{a}}-1","type":"agent.login","at":"{{At(30)}}","agentId":"{{a}}"},
             {"id":"{{a}}-1","type":"agent.state","at":"{{At(20)}}","agentId":"{{a}}","state":"not_ready","reason":"break"}]
            """);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var agent = await _client.GetFromJsonAsync<JsonElement>($"/api/agents/{a}");

        Assert.Equal((1, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32()));
        Assert.Equal("available", agent.GetProperty("state").GetString());
    }

    [Fact]
    public async Task PostEvents_WrongContentType_Returns415ProblemDetails()
    {
        var response = await _client.PostAsync("/api/events", new StringContent("[]", Encoding.UTF8, "text/plain"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PostEvents_PipelineFails_Returns500ProblemDetails()
    {
        await using var factory = new DashboardFactory();
        using var client = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEventSink, FailingSink>()))
            .CreateClient();

        var response = await client.PostAsync("/api/events", new StringContent($"[{Queued("e-1", "q")}]", Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync()); // the exception's text stays in the log
    }

    private sealed class FailingSink : IEventSink
    {
        public Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("a secret of the pipeline");

        public Task CompletePastAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("a secret of the pipeline");
    }
}
