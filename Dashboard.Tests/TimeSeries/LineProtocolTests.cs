using System.Text.Json;
using CsCheck;
using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using Dashboard.Web.TimeSeries.Influx;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// Our line protocol against InfluxDB.Client's <see cref="PointData"/>, the reference: the same point built with the
/// client library must give the same bytes for every record kind, hostile names, missing and non-finite values.
/// </summary>
public sealed class LineProtocolTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);

    public static TheoryData<string> Names() => [.. HistoryStoreContractTests.HostileNames, "plain", "售后 服务", "q=1,x", "tab\there"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Line_EveryRecordKind_SameBytesAsPointData(string name)
    {
        HistoryRecord[] records =
        [
            new ContactRecord(At, name, name, Channel.Chat, ContactOutcome.FlowedOut, name, 12.5, 180.25, 3, 33.3, false, true),
            new ContactRecord(At, null, name, Channel.Voice, ContactOutcome.Answered, "c-1", null, 0.1, 0, 0, true, false),
            new ContactRecord(At, name, null, Channel.Email, ContactOutcome.Abandoned, "c-2", double.NaN, 0, double.PositiveInfinity, 0, false, false),
            new AgentSpanRecord(At, name, SpanState.NotReady, name, 1e-7),
            new AgentSpanRecord(At, name, SpanState.WrapUp, null, 86_399.9999999),
            new SurveyRecord(At, name, name, 5, name),
            new SurveyRecord(At, name, null, -1, "e"),
            new ComplaintRecord(At, name, name, name, ComplaintSeverity.Serious, ComplaintTransition.Escalated, name),
            new ComplaintRecord(At, "k", name, null, ComplaintSeverity.Normal, ComplaintTransition.Opened, null),
            new QueueSampleRecord(At, name, Channel.Voice, 7, 95.123456789, 20, 3, 12, 2, 3, 1, 0.8, 1.0 / 3),
            new QueueSampleRecord(At, name, Channel.Chat, 0, 0, 0, 0, 0, 0, 0, 0, null, null),
        ];

        foreach (var record in records)
            Assert.Equal(Reference(record).ToLineProtocol(), InfluxLineProtocol.Line(record));
    }

    [Fact]
    public void Write_ManyRecords_OneLinePerRecordInOrder()
    {
        var records = Enumerable.Range(0, 1_000)
            .Select(i => (HistoryRecord)new AgentSpanRecord(At.AddSeconds(i), $"a{i % 7}", SpanState.Available, null, i))
            .ToList();
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        InfluxLineProtocol.Write(records, output);

        var lines = System.Text.Encoding.UTF8.GetString(output.WrittenSpan).Split('\n');
        Assert.Equal(records.Count + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        Assert.Equal(records.Select(r => Reference(r).ToLineProtocol()), lines[..^1]);
    }

    [Fact]
    public void Line_Contact_CallIdIsAFieldAndTheExactTimeIsField_at()
    {
        var at = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.Zero).AddTicks(3);
        var line = InfluxLineProtocol.Line(new ContactRecord(
            at, "after sales", "a=1", Channel.Voice, ContactOutcome.FlowedOut, "c,1", 12.5, 0, 0, 0, false, false));

        var exact = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        Assert.StartsWith($@"contact,agent=a\=1,channel=voice,outcome=flowed_out,queue=after\ sales at={exact}i,call_id=""c,1"",", line);
    }

    /// <summary>
    /// Whatever a record's time and id: its point lies in the record's own second, so the whole seconds a query reads
    /// around any range holding the record find it, and the time read back is the record's to the tick.
    /// </summary>
    [Fact]
    public void PointTime_AnyRecordInAnyRange_LiesInTheRecordsSecondAndTheRangeQueried()
    {
        var origin = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero);
        Gen.Select(Gen.Long[0, TimeSpan.TicksPerDay], Gen.String, Gen.Long[0, TimeSpan.TicksPerHour], Gen.Long[1, TimeSpan.TicksPerHour], Gen.Bool)
            .Sample((ticks, id, before, after, withId) =>
            {
                var at = origin.AddTicks(ticks);
                HistoryRecord record = withId
                    ? new SurveyRecord(at, "a", null, 3, id)
                    : new AgentSpanRecord(at, "a", SpanState.Talk, null, 1);
                var line = InfluxLineProtocol.Line(record);
                var ns = long.Parse(line[(line.LastIndexOf(' ') + 1)..]);
                var point = DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

                var (from, to) = InfluxLineProtocol.PointTimes(at.AddTicks(-before), at.AddTicks(after));
                Assert.Equal(at.UtcTicks / TimeSpan.TicksPerSecond, point.UtcTicks / TimeSpan.TicksPerSecond);
                Assert.True(point >= from && point < to, $"{point:O} outside [{from:O}, {to:O})");
                Assert.Equal(at, TimeReadBack(line));
            });
    }

    /// <summary>The record's time as the store reads it back from the point's time and field <c>at</c>.</summary>
    private static DateTimeOffset TimeReadBack(string line)
    {
        var ns = line[(line.LastIndexOf(' ') + 1)..];
        var field = line.IndexOf(" at=", StringComparison.Ordinal);
        var columns = new Dictionary<string, int> { ["time"] = 0 };
        var values = $"[{ns}]";
        if (field >= 0)
        {
            var start = field + " at=".Length;
            columns["at"] = 1;
            values = $"[{ns},{line[start..line.IndexOf('i', start)]}]";
        }
        return new InfluxLineProtocol.Row(columns, JsonDocument.Parse(values).RootElement).Time;
    }

    /// <summary>The same point as InfluxDB's C# client builds it, from docs/timeseries.md's table.</summary>
    private static PointData Reference(HistoryRecord record)
    {
        var line = InfluxLineProtocol.Line(record);
        var ns = long.Parse(line[(line.LastIndexOf(' ') + 1)..]); // where the id puts the point is checked by its own test
        return record switch
        {
            ContactRecord c => Start("contact", ns).Field("at", Exact(c.At))
                .Tag("queue", Encode(c.QueueId)).Tag("agent", Encode(c.AgentId))
                .Tag("channel", InfluxLineProtocol.Word(c.Channel)).Tag("outcome", InfluxLineProtocol.Word(c.Outcome))
                .Field("call_id", TagCodec.Encode(c.CallId)).Optional("wait", c.WaitSeconds)
                .Field("talk", c.TalkSeconds).Field("hold", c.HoldSeconds).Field("wrap_up", c.WrapUpSeconds)
                .Field("within_threshold", c.WithinThreshold).Field("short_abandon", c.ShortAbandon),
            AgentSpanRecord s => Start("agent_state", ns)
                .Tag("agent", Encode(s.AgentId)).Tag("state", InfluxLineProtocol.Word(s.State)).Tag("reason", Encode(s.Reason))
                .Field("duration", s.DurationSeconds),
            SurveyRecord s => Start("survey", ns).Field("at", Exact(s.At))
                .Tag("agent", Encode(s.AgentId)).Tag("queue", Encode(s.QueueId))
                .Field("score", (long)s.Score).Field("event_id", TagCodec.Encode(s.EventId)),
            ComplaintRecord c => Start("complaint", ns).Field("at", Exact(c.At))
                .Tag("queue", Encode(c.QueueId)).Tag("agent", Encode(c.AgentId))
                .Tag("severity", InfluxLineProtocol.Word(c.Severity)).Tag("transition", InfluxLineProtocol.Word(c.Transition))
                .Field("complaint_id", TagCodec.Encode(c.ComplaintId)).Optional("by", c.By),
            QueueSampleRecord q => Start("queue_sample", ns)
                .Tag("queue", Encode(q.QueueId)).Tag("channel", InfluxLineProtocol.Word(q.Channel))
                .Field("waiting", (long)q.Waiting).Field("longest_wait", q.LongestWaitSeconds)
                .Field("staffed", (long)q.Staffed).Field("available", (long)q.Available).Field("on_call", (long)q.OnCall)
                .Field("wrap_up", (long)q.WrapUp).Field("not_ready", (long)q.NotReady)
                .Field("complaints_open", (long)q.ComplaintsOpen)
                .Optional("service_level_30m", q.ServiceLevel30m).Optional("abandon_rate_30m", q.AbandonRate30m),
            _ => throw new ArgumentException(record.GetType().Name),
        };
    }

    private static long Exact(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static PointData Start(string measurement, long ns) => PointData.Measurement(measurement).Timestamp(ns, WritePrecision.Ns);

    private static string? Encode(string? value) => value is null ? null : TagCodec.Encode(value);
}

internal static class PointDataExtensions
{
    public static PointData Optional(this PointData point, string field, double? value) =>
        value is { } v ? point.Field(field, v) : point;

    public static PointData Optional(this PointData point, string field, string? value) =>
        value is not null ? point.Field(field, TagCodec.Encode(value)) : point;
}
