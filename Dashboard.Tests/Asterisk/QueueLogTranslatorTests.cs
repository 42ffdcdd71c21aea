using Dashboard.Web.Ingestion.Asterisk;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Asterisk;

/// <summary>Line by line: how each queue_log verb becomes the dashboard's events (docs/asterisk.md).</summary>
public sealed class QueueLogTranslatorTests
{
    private const long Epoch = 1764926400; // 2025-12-05 09:20:00 UTC
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(Epoch);

    private static IReadOnlyList<CenterEvent> Translate(QueueLogTranslator translator, string line) =>
        translator.Translate(QueueLogLine.Parse(line, out _)!).Events;

    [Theory]
    [InlineData("SIP/1001", "1001")]
    [InlineData("PJSIP/alice", "alice")]
    [InlineData("Local/2004@from-internal/n", "2004")]
    [InlineData("Agent/3001", "3001")]
    [InlineData("Alice Smith", "Alice Smith")]
    [InlineData("NONE", null)]
    [InlineData("", null)]
    public void AgentIds_ChannelOrName_OneIdPerPerson(string? field, string? id) =>
        Assert.Equal(id, AgentIds.Normalize(QueueLogLine.Parse($"{Epoch}|c|q|{field}|PAUSE", out _)!.Agent));

    [Theory]
    [InlineData("1764926400|c1|q", "fewer than the five fields")]
    [InlineData("yesterday|c1|q|SIP/1|ENTERQUEUE", "is not a Unix time")]
    [InlineData("1764926400|c1|q|SIP/1|", "fewer than the five fields")]
    public void Parse_BadLine_SaysWhy(string line, string problem)
    {
        Assert.Null(QueueLogLine.Parse(line, out var why));
        Assert.Contains(problem, why);
    }

    [Fact]
    public void Connect_OfferRingTimeBeforeTheAnswer()
    {
        var events = Translate(new(), $"{Epoch}|c1|sales|SIP/1001|CONNECT|12|1733.1|4");

        Assert.Equal([(EventType.CallOffered, At.AddSeconds(-4)), (EventType.CallAnswered, At)], events.Select(e => (e.Type, e.At)));
        Assert.All(events, e => Assert.Equal(("c1", "1001"), (e.CallId, e.AgentId)));
    }

    [Fact]
    public void RingNoAnswer_MillisecondsOfRingEndingAtTheLine()
    {
        var offered = Assert.Single(Translate(new(), $"{Epoch}|c1|sales|PJSIP/bob|RINGNOANSWER|15000"));

        Assert.Equal((EventType.CallOffered, At.AddSeconds(-15), At, "bob"), (offered.Type, offered.At, offered.RingEndedAt!.Value, offered.AgentId));
    }

    [Theory]
    [InlineData("TRANSFER|2000|from-internal|10|90|1")]
    [InlineData("BLINDTRANSFER|2000|from-internal|10|90|1")]
    [InlineData("ATTENDEDTRANSFER|BRIDGE|1733.9|10|90|1")]
    [InlineData("ATTENDEDTRANSFER|APP|VoiceMail|10|90|1")]
    [InlineData("ATTENDEDTRANSFER|LINK|SIP/1001-0001|SIP/2000-0002|10|90|1")]
    public void Transfers_EveryLayout_EndTheTalkAndFreeTheAgent(string verbAndData)
    {
        var events = Translate(new(), $"{Epoch}|c1|sales|SIP/1001|{verbAndData}");

        Assert.Equal([EventType.CallTransferred, EventType.AgentState], events.Select(e => e.Type));
        Assert.Equal(AgentState.Available, events[1].State);
    }

    [Fact]
    public void Transfer_FieldsOutOfItsLayout_Skipped()
    {
        var result = new QueueLogTranslator().Translate(QueueLogLine.Parse($"{Epoch}|c1|sales|SIP/1001|ATTENDEDTRANSFER|LINK|SIP/1|SIP/2|ten|90|1", out _)!);

        Assert.Empty(result.Events);
        Assert.Contains("layout", result.Skipped);
    }

    [Fact]
    public void Members_AddedAndRemoved_WholeSetEachTime_OnDutyWhileInAQueue()
    {
        var translator = new QueueLogTranslator();

        var first = Translate(translator, $"{Epoch}|NONE|sales|SIP/1001|ADDMEMBER|");
        var second = Translate(translator, $"{Epoch + 1}|NONE|support|SIP/1001|ADDMEMBER|");
        var removed = Translate(translator, $"{Epoch + 2}|NONE|sales|SIP/1001|REMOVEMEMBER|");
        var last = Translate(translator, $"{Epoch + 3}|NONE|support|SIP/1001|REMOVEMEMBER|");

        Assert.Equal([EventType.AgentLogin, EventType.AgentQueues], first.Select(e => e.Type));
        Assert.Equal<string>(["sales", "support"], Assert.Single(second).Queues!.Value);
        Assert.Equal<string>(["support"], Assert.Single(removed).Queues!.Value);
        Assert.Equal([EventType.AgentQueues, EventType.AgentLogout], last.Select(e => e.Type));
    }

    [Fact]
    public void Pause_WithReason_NotReady_AndNoReadyAfterACallWhilePaused()
    {
        var translator = new QueueLogTranslator();

        var pause = Assert.Single(Translate(translator, $"{Epoch}|NONE|NONE|SIP/1001|PAUSEALL|lunch"));
        var complete = Translate(translator, $"{Epoch + 5}|c1|sales|SIP/1001|COMPLETEAGENT|10|120|1");
        var unpause = Assert.Single(Translate(translator, $"{Epoch + 9}|NONE|sales|SIP/1001|UNPAUSE|"));

        Assert.Equal((AgentState.NotReady, "lunch"), (pause.State!.Value, pause.Reason));
        Assert.Equal([EventType.CallEnded], complete.Select(e => e.Type)); // still paused: not made available
        Assert.Equal(AgentState.Available, unpause.State);
    }

    [Fact]
    public void SameLineTwice_SameEventIds_UnknownVerbSkippedNotFatal()
    {
        var line = $"{Epoch}|c1|sales|NONE|ENTERQUEUE||5551234|1";

        Assert.Equal(Translate(new(), line).Select(e => e.Id), Translate(new(), line).Select(e => e.Id));
        Assert.Equal("unknown event FOOBAR", new QueueLogTranslator().Translate(QueueLogLine.Parse($"{Epoch}|c1|q|a|FOOBAR", out _)!).Skipped);
        Assert.Null(new QueueLogTranslator().Translate(QueueLogLine.Parse($"{Epoch}|NONE|q|NONE|QUEUESTART", out _)!).Skipped);
    }

    private static readonly string[] Overflow =
    [
        $"{Epoch}|1700000000.1|sales|NONE|ENTERQUEUE||5551234|1",
        $"{Epoch + 30}|1700000000.1|sales|NONE|EXITWITHTIMEOUT|1|1|30",
        $"{Epoch + 30}|1700000000.1|support|NONE|ENTERQUEUE||5551234|1",
        $"{Epoch + 30}|1700000000.1|support|SIP/1001|CONNECT|0|1700000030.9|0",
        $"{Epoch + 90}|1700000000.1|support|SIP/1001|COMPLETEAGENT|0|60|1",
    ];

    [Fact]
    public void LinesInOneSecond_KeepTheFileOrder_AcrossChunksAndARestartWithTheClockSetBack()
    {
        var now = DateTimeOffset.UtcNow;
        var before = new QueueLogTranslator(new FakeTimeProvider(now));
        var firstChunk = Overflow[..2].SelectMany(line => Translate(before, line)).ToList();
        // The follower restarts from its state file, on a host whose clock was set back an hour meanwhile.
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var stateFile = System.Text.Json.JsonSerializer.Serialize(before.Export(), web);
        var after = QueueLogTranslator.Import(
            System.Text.Json.JsonSerializer.Deserialize<QueueLogTranslator.State>(stateFile, web), new FakeTimeProvider(now.AddHours(-1)));
        var secondChunk = Overflow[2..].SelectMany(line => Translate(after, line)).ToList();
        var events = firstChunk.Concat(secondChunk).ToList();

        var inOneSecond = events.Where(e => e.At == At.AddSeconds(30)).ToList();
        Assert.Equal(
            [EventType.CallTransferred, EventType.CallQueued, EventType.CallOffered, EventType.CallAnswered],
            inOneSecond.Select(e => e.Type));
        Assert.True(inOneSecond.Zip(inOneSecond.Skip(1)).All(p => p.First.Seq <= p.Second.Seq), "the file's order");
        Assert.True(inOneSecond[0].Seq < inOneSecond[1].Seq && inOneSecond[1].Seq < inOneSecond[2].Seq, "one place per line");
        // Ids come from the text alone: the same lines in one chunk, read by a fresh translator, give the same ids.
        var whole = new QueueLogTranslator();
        Assert.Equal(Overflow.SelectMany(line => Translate(whole, line)).Select(e => e.Id), events.Select(e => e.Id));
    }

    [Fact]
    public void Translate_LineRefusedByTheAllowance_MemberAsBeforeSoTheSameLineReadsTheSameLater()
    {
        var translator = new QueueLogTranslator();
        var line = QueueLogLine.Parse($"{Epoch}|MANAGER|sales|SIP/201|ADDMEMBER|", out _)!;

        var refused = translator.Translate(line, null, _ => "no new agents now");
        var later = translator.Translate(line, null, _ => null);
        var fresh = new QueueLogTranslator().Translate(line);

        Assert.Equal("no new agents now", refused.Skipped);
        Assert.Empty(refused.Events);
        Assert.Equal(fresh.Events.Select(e => (e.Id, e.Type)), later.Events.Select(e => (e.Id, e.Type))); // the login too
        Assert.Contains(later.Events, e => e.Type == EventType.AgentLogin);
    }
}
