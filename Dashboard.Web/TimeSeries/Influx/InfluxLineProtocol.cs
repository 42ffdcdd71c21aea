using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Dashboard.Grains.History;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace Dashboard.Web.TimeSeries.Influx;

/// <summary>
/// History records as InfluxDB points (built with InfluxDB.Client's <see cref="PointData"/>) and back from query rows.
/// Measurements, tags and fields are listed in docs/timeseries.md; ids of calls, complaints and surveys are fields,
/// never tags, so series stay bounded by queues × agents × a few words.
/// </summary>
/// <remarks>
/// A point is identified by measurement, tags and time, so two abandons of one queue at the same instant would be
/// one point. Times are written in nanoseconds and records carry 100-ns ticks, so each point gets an offset of
/// 0–99 ns from a hash of its own id: distinct in all but 1 % of same-instant pairs, and the time read back,
/// rounded down to ticks, is exactly the record's. Writing a record again writes the same point (idempotent).
/// </remarks>
public static class InfluxLineProtocol
{
    public const string QueueTag = "queue";
    public const string AgentTag = "agent";
    public const string OutcomeTag = "outcome";

    public static string Measurement(HistoryKind kind) => kind switch
    {
        HistoryKind.Contact => "contact",
        HistoryKind.AgentState => "agent_state",
        HistoryKind.Survey => "survey",
        HistoryKind.Complaint => "complaint",
        _ => "queue_sample",
    };

    public static string Lines(IEnumerable<HistoryRecord> records)
    {
        var sb = new StringBuilder();
        foreach (var record in records)
            sb.Append(Point(record).ToLineProtocol()).Append('\n');
        return sb.ToString();
    }

    public static PointData Point(HistoryRecord record) => record switch
    {
        ContactRecord c => Start(HistoryKind.Contact, c.At, c.CallId)
            .Tag(QueueTag, Encode(c.QueueId)).Tag(AgentTag, Encode(c.AgentId))
            .Tag("channel", Word(c.Channel)).Tag(OutcomeTag, Word(c.Outcome))
            .Field("call_id", TagCodec.Encode(c.CallId))
            .Optional("wait", c.WaitSeconds)
            .Field("talk", c.TalkSeconds).Field("hold", c.HoldSeconds).Field("wrap_up", c.WrapUpSeconds)
            .Field("within_threshold", c.WithinThreshold).Field("short_abandon", c.ShortAbandon),
        AgentSpanRecord s => Start(HistoryKind.AgentState, s.At, "")
            .Tag(AgentTag, Encode(s.AgentId)).Tag("state", Word(s.State)).Tag("reason", Encode(s.Reason))
            .Field("duration", s.DurationSeconds),
        SurveyRecord s => Start(HistoryKind.Survey, s.At, s.EventId)
            .Tag(AgentTag, Encode(s.AgentId)).Tag(QueueTag, Encode(s.QueueId))
            .Field("score", (long)s.Score).Field("event_id", TagCodec.Encode(s.EventId)),
        ComplaintRecord c => Start(HistoryKind.Complaint, c.At, c.ComplaintId + "/" + Word(c.Transition))
            .Tag(QueueTag, Encode(c.QueueId)).Tag(AgentTag, Encode(c.AgentId))
            .Tag("severity", Word(c.Severity)).Tag("transition", Word(c.Transition))
            .Field("complaint_id", TagCodec.Encode(c.ComplaintId)).Optional("by", c.By),
        QueueSampleRecord q => Start(HistoryKind.QueueSample, q.At, "")
            .Tag(QueueTag, Encode(q.QueueId)).Tag("channel", Word(q.Channel))
            .Field("waiting", (long)q.Waiting).Field("longest_wait", q.LongestWaitSeconds)
            .Field("staffed", (long)q.Staffed).Field("available", (long)q.Available).Field("on_call", (long)q.OnCall)
            .Field("wrap_up", (long)q.WrapUp).Field("not_ready", (long)q.NotReady)
            .Field("complaints_open", (long)q.ComplaintsOpen)
            .Optional("service_level_30m", q.ServiceLevel30m)
            .Optional("abandon_rate_30m", q.AbandonRate30m),
        _ => throw new ArgumentException($"Unknown history record {record.GetType().Name}.", nameof(record)),
    };

    /// <summary>A record from one row of <c>SELECT *</c> (tags and fields as columns, time in ns).</summary>
    public static HistoryRecord FromRow(HistoryKind kind, Row row)
    {
        var at = row.Time;
        return kind switch
        {
            HistoryKind.Contact => new ContactRecord(
                at, row.Tag(QueueTag), row.Tag(AgentTag), Parse<Channel>(row.Tag("channel")),
                Parse<ContactOutcome>(row.Tag(OutcomeTag)), row.Text("call_id") ?? "", row.Number("wait"),
                row.Number("talk") ?? 0, row.Number("hold") ?? 0, row.Number("wrap_up") ?? 0,
                row.Bool("within_threshold"), row.Bool("short_abandon")),
            HistoryKind.AgentState => new AgentSpanRecord(
                at, row.Tag(AgentTag) ?? "", Parse<SpanState>(row.Tag("state")), row.Tag("reason"), row.Number("duration") ?? 0),
            HistoryKind.Survey => new SurveyRecord(
                at, row.Tag(AgentTag) ?? "", row.Tag(QueueTag), (int)(row.Number("score") ?? 0), row.Text("event_id") ?? ""),
            HistoryKind.Complaint => new ComplaintRecord(
                at, row.Text("complaint_id") ?? "", row.Tag(QueueTag) ?? "", row.Tag(AgentTag),
                Parse<ComplaintSeverity>(row.Tag("severity")), Parse<ComplaintTransition>(row.Tag("transition")), row.Text("by")),
            _ => new QueueSampleRecord(
                at, row.Tag(QueueTag) ?? "", Parse<Channel>(row.Tag("channel")), (int)(row.Number("waiting") ?? 0),
                row.Number("longest_wait") ?? 0, (int)(row.Number("staffed") ?? 0), (int)(row.Number("available") ?? 0),
                (int)(row.Number("on_call") ?? 0), (int)(row.Number("wrap_up") ?? 0), (int)(row.Number("not_ready") ?? 0),
                (int)(row.Number("complaints_open") ?? 0), row.Number("service_level_30m"), row.Number("abandon_rate_30m")),
        };
    }

    /// <summary>Enum values as the contract's words: answered, flowed_out, wrap_up, not_ready, voice…</summary>
    public static string Word<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static T Parse<T>(string? word) where T : struct, Enum =>
        Enum.TryParse<T>((word ?? "").Replace("_", ""), ignoreCase: true, out var value) ? value : default;

    // A missing value is a missing field (InfluxDB has no null).
    private static PointData Optional(this PointData point, string field, double? value) =>
        value is { } v ? point.Field(field, v) : point;

    private static PointData Optional(this PointData point, string field, string? value) =>
        value is not null ? point.Field(field, TagCodec.Encode(value)) : point;

    private static string? Encode(string? value) => value is null ? null : TagCodec.Encode(value);

    private static PointData Start(HistoryKind kind, DateTimeOffset at, string id) =>
        PointData.Measurement(Measurement(kind)).Timestamp(Nanoseconds(at, id), WritePrecision.Ns);

    private static long Nanoseconds(DateTimeOffset at, string id)
    {
        var offset = id.Length == 0 ? 0 : XxHash32.HashToUInt32(MemoryMarshal.AsBytes(id.AsSpan())) % 100;
        return (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 + offset;
    }

    /// <summary>One row of a query result: its columns by name.</summary>
    public sealed class Row(IReadOnlyDictionary<string, int> columns, JsonElement values)
    {
        public DateTimeOffset Time =>
            new(DateTimeOffset.UnixEpoch.UtcTicks + Math.DivRem(Value("time")!.Value.GetInt64(), 100L, out _), TimeSpan.Zero);

        public string? Tag(string name) => Text(name);

        public string? Text(string name) =>
            Value(name) is { ValueKind: JsonValueKind.String } v ? TagCodec.Decode(v.GetString()!) : null;

        public double? Number(string name) => Value(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

        public bool Bool(string name) => Value(name) is { ValueKind: JsonValueKind.True };

        private JsonElement? Value(string name) =>
            columns.TryGetValue(name, out var i) && i < values.GetArrayLength() ? values[i] : null;
    }
}
