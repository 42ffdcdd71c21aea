using System.Text.Json;
using Dashboard.Web.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Ingestion;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly EventParser _parser = new(new FakeTimeProvider(Now));

    private (CenterEvent? Event, string? Error, string? Id) Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var e = _parser.Parse(doc.RootElement, out var error, out var id);
        return (e, error, id);
    }

    [Fact]
    public void Parse_CompleteCallQueued_ReadsEveryField()
    {
        var (e, error, _) = Parse("""
            {"id":"e1","type":"call.queued","at":"2026-11-26T09:30:00+08:00","callId":"c1","queueId":"sales","channel":"chat","priority":2}
            """);

        Assert.Null(error);
        Assert.Equal(new CenterEvent
        {
            Id = "e1", Type = EventType.CallQueued, At = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(8)),
            CallId = "c1", QueueId = "sales", Channel = Channel.Chat, Priority = 2,
        }, e);
    }

    [Fact]
    public void Parse_Seq_ReadOnEveryType()
    {
        var (e, error, _) = Parse("""
            {"id":"e1","type":"call.transferred","at":"2026-11-26T09:30:00Z","callId":"c1","seq":9007199254740993}
            """);

        Assert.Null(error);
        Assert.Equal(9007199254740993, e!.Seq);
    }

    [Fact]
    public void Parse_AgentQueues_ReadsQueuesAndSkillLevels()
    {
        var (e, error, _) = Parse("""
            {"id":"e1","type":"agent.queues","at":"2026-11-26T09:30:00Z","agentId":"a1","queues":["sales","service"],"skillLevels":{"sales":5}}
            """);

        Assert.Null(error);
        Assert.Equal(EventType.AgentQueues, e!.Type);
        Assert.Equal("a1", e.AgentId);
        Assert.Equal<string>(["sales", "service"], e.Queues!.Value);
        Assert.Equal(new Dictionary<string, int> { ["sales"] = 5 }, e.SkillLevels);
    }

    [Fact]
    public void Parse_CallbackScheduledDueTomorrow_DueMayBeFarAhead()
    {
        var (e, error, _) = Parse("""
            {"id":"e1","type":"callback.scheduled","at":"2026-11-26T09:30:00Z","callbackId":"cb1","agentId":"a1","dueAt":"2026-11-27T10:00:00+08:00","topic":"loan"}
            """);

        Assert.Null(error);
        Assert.Equal(("cb1", "a1", new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(8)), "loan"),
            (e!.CallbackId, e.AgentId, e.DueAt!.Value, e.Category));
    }

    [Fact]
    public void Parse_AgentQueuesEmpty_RemovesEveryQueue()
    {
        var (e, error, _) = Parse("""{"id":"e1","type":"agent.queues","at":"2026-11-26T09:30:00Z","agentId":"a1","queues":[]}""");

        Assert.Null(error);
        Assert.Empty(e!.Queues!.Value);
        Assert.Null(e.SkillLevels);
    }

    [Fact]
    public void Parse_CallQueuedWithoutChannel_DefaultsToVoice()
    {
        var (e, _, _) = Parse("""{"id":"e1","type":"call.queued","at":"2026-11-26T09:30:00Z","callId":"c1","queueId":"q"}""");

        Assert.Equal(Channel.Voice, e!.Channel);
    }

    [Theory]
    [InlineData("""{"type":"agent.logout","at":"2026-11-26T09:00:00Z","agentId":"a"}""", "id: is required")]
    [InlineData("""{"id":"","type":"agent.logout","at":"2026-11-26T09:00:00Z","agentId":"a"}""", "id: must be 1–128 characters")]
    [InlineData("""{"id":"e","type":"agent.dance","at":"2026-11-26T09:00:00Z"}""", "type: must be one of")]
    [InlineData("""{"id":"e","type":"agent.logout","at":"2026-11-26T09:00:00","agentId":"a"}""", "at: must be an RFC 3339 timestamp with an offset")]
    [InlineData("""{"id":"e","type":"agent.logout","at":"yesterday","agentId":"a"}""", "at: must be an RFC 3339 timestamp with an offset")]
    [InlineData("""{"id":"e","type":"agent.logout","at":"2026-11-26T10:05:01Z","agentId":"a"}""", "at: must not be more than 5 minutes in the future")]
    [InlineData("""{"id":"e","type":"agent.state","at":"2026-11-26T09:00:00Z","agentId":"a","state":"dancing"}""", "state: must be one of available, not_ready, wrap_up")]
    [InlineData("""{"id":"e","type":"agent.state","at":"2026-11-26T09:00:00Z","state":"available"}""", "agentId: is required")]
    [InlineData("""{"id":"e","type":"call.queued","at":"2026-11-26T09:00:00Z","callId":"c"}""", "queueId: is required")]
    [InlineData("""{"id":"e","type":"call.queued","at":"2026-11-26T09:00:00Z","callId":"c","queueId":"q","channel":"fax"}""", "channel: must be one of chat, email, voice")]
    [InlineData("""{"id":"e","type":"call.queued","at":"2026-11-26T09:00:00Z","callId":"c","queueId":"q","priority":"high"}""", "priority: must be an integer")]
    [InlineData("""{"id":"e","type":"survey.completed","at":"2026-11-26T09:00:00Z","agentId":"a","score":6}""", "score: must be an integer from 1 to 5")]
    [InlineData("""{"id":"e","type":"complaint.opened","at":"2026-11-26T09:00:00Z","complaintId":"k","queueId":"q","severity":"mild"}""", "severity: must be one of normal, serious")]
    [InlineData("""{"id":"e","type":"agent.login","at":"2026-11-26T09:00:00Z","agentId":"a","queues":"sales"}""", "queues: must be an array of ids")]
    [InlineData("""{"id":"e","type":"agent.queues","at":"2026-11-26T09:00:00Z","agentId":"a"}""", "queues: is required")]
    [InlineData("""{"id":"e","type":"agent.queues","at":"2026-11-26T09:00:00Z","agentId":"a","queues":["sales"],"skillLevels":{"sales":6}}""", "skillLevels: must be an object of queue ids from \"queues\" to integers from 1 to 5")]
    [InlineData("""{"id":"e","type":"agent.queues","at":"2026-11-26T09:00:00Z","agentId":"a","queues":["sales"],"skillLevels":{"service":2}}""", "skillLevels: must be an object of queue ids")]
    [InlineData("""{"id":"e","type":"agent.queues","at":"2026-11-26T09:00:00Z","agentId":"a","queues":["sales"],"skillLevels":[4]}""", "skillLevels: must be an object")]
    [InlineData("""{"id":"e","type":"callback.scheduled","at":"2026-11-26T09:00:00Z","callbackId":"cb","agentId":"a"}""", "dueAt: is required")]
    [InlineData("""{"id":"e","type":"callback.completed","at":"2026-11-26T09:00:00Z","agentId":"a"}""", "callbackId: is required")]
    [InlineData("""{"id":"e","type":"call.ended","at":"2026-11-26T09:00:00Z","callId":"c","seq":-1}""", "seq: must be an integer from 0")]
    [InlineData("""{"id":"e","type":"call.ended","at":"2026-11-26T09:00:00Z","callId":"c","seq":"7"}""", "seq: must be an integer from 0")]
    [InlineData("""[1,2]""", "event: must be a JSON object")]
    public void Parse_BadField_ErrorNamesFieldAndRule(string json, string expected)
    {
        var (e, error, _) = Parse(json);

        Assert.Null(e);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Parse_ExactlyFiveMinutesAhead_Accepted()
    {
        var (e, error, _) = Parse("""{"id":"e","type":"agent.logout","at":"2026-11-26T10:05:00Z","agentId":"a"}""");

        Assert.Null(error);
        Assert.NotNull(e);
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEachAndKeepsTheId()
    {
        var (_, error, id) = Parse("""{"id":"e9","type":"call.offered","at":"2026-11-26T09:00:00Z"}""");

        Assert.Equal("e9", id);
        Assert.Equal("callId: is required; agentId: is required", error);
    }

    [Fact]
    public void Parse_IdOf129Characters_Rejected()
    {
        var (_, error, _) = Parse($$"""{"id":"{{new string('x', 129)}}","type":"agent.logout","at":"2026-11-26T09:00:00Z","agentId":"a"}""");

        Assert.Equal("id: must be 1–128 characters", error);
    }
}
