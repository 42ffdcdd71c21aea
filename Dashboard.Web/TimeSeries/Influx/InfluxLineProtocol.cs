using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Dashboard.Grains.History;

namespace Dashboard.Web.TimeSeries.Influx;

/// <summary>
/// History records as InfluxDB line protocol, and back from query rows. Measurements, tags and fields are listed in
/// docs/timeseries.md; ids of calls, complaints and surveys are fields, never tags, so series stay bounded by
/// queues × agents × a few words.
/// </summary>
/// <remarks>
/// <para>
/// The bytes are exactly those InfluxDB.Client's <c>PointData.ToLineProtocol()</c> gives for the same point (tags
/// and fields in its order, doubles as their shortest round-trip text, empty tags and non-finite numbers left out, the same escaping); the
/// tests hold the two side by side for every record kind and hostile names. They are written here straight into
/// UTF-8 because <c>PointData</c>, immutable, costs about 5 µs and 3.4 KB per point: on two busy cores at 50,000
/// events/s that alone took 300 ms per batch of 5,000 and the writer fell behind (docs/performance.md).
/// </para>
/// <para>
/// InfluxDB keeps one point per measurement, tag set and time: a record written again (a retried batch, the journal
/// replayed at start) must land on the same point, and two records must never share one. Spans and queue samples
/// are told apart by their tags (one agent, one queue) and keep their exact time. Contacts, surveys and complaints
/// are told apart by an id, which is no tag (series stay bounded), so their point time is the record's whole second
/// plus 0–999,999,999 ns from a 64-bit hash of the id, and the exact time goes in the field <c>at</c>: two records
/// of one series in one second (abandons of a queue in the same queue_log second) share a point once in 10⁹ pairs,
/// where an offset within the record's own 100-ns tick collided once in 100. The point stays in its second, so
/// GROUP BY time() of a second or more still places it right.
/// </para>
/// </remarks>
public static class InfluxLineProtocol
{
    public const string QueueTag = "queue";
    public const string AgentTag = "agent";
    public const string OutcomeTag = "outcome";

    /// <summary>The exact event time (ns since the Unix epoch) of a point whose time was moved within its second by its id.</summary>
    public const string AtField = "at";

    public static string Measurement(HistoryKind kind) => kind switch
    {
        HistoryKind.Contact => "contact",
        HistoryKind.AgentState => "agent_state",
        HistoryKind.Survey => "survey",
        HistoryKind.Complaint => "complaint",
        _ => "queue_sample",
    };

    /// <summary>One line per record, each ended by a newline, as UTF-8.</summary>
    public static void Write(IEnumerable<HistoryRecord> records, ArrayBufferWriter<byte> output)
    {
        var line = new LineWriter(output);
        foreach (var record in records)
            Write(record, line);
    }

    /// <summary>One record's line (no newline), for tests and logs.</summary>
    public static string Line(HistoryRecord record)
    {
        var output = new ArrayBufferWriter<byte>();
        Write([record], output);
        return Encoding.UTF8.GetString(output.WrittenSpan[..^1]);
    }

    // Tags and fields in PointData's order: sorted by name.
    private static void Write(HistoryRecord record, LineWriter line)
    {
        switch (record)
        {
            case ContactRecord c:
                line.Start(HistoryKind.Contact);
                line.Tag(AgentTag, c.AgentId).Tag("channel", Word(c.Channel)).Tag(OutcomeTag, Word(c.Outcome)).Tag(QueueTag, c.QueueId);
                line.Field(AtField, ExactNanoseconds(c.At)).Field("call_id", c.CallId).Field("hold", c.HoldSeconds).Field("short_abandon", c.ShortAbandon)
                    .Field("talk", c.TalkSeconds).Field("wait", c.WaitSeconds).Field("within_threshold", c.WithinThreshold)
                    .Field("wrap_up", c.WrapUpSeconds);
                line.End(c.At, c.CallId);
                break;
            case AgentSpanRecord s:
                line.Start(HistoryKind.AgentState);
                line.Tag(AgentTag, s.AgentId).Tag("reason", s.Reason).Tag("state", Word(s.State));
                line.Field("duration", s.DurationSeconds);
                line.End(s.At, null);
                break;
            case SurveyRecord s:
                line.Start(HistoryKind.Survey);
                line.Tag(AgentTag, s.AgentId).Tag(QueueTag, s.QueueId);
                line.Field(AtField, ExactNanoseconds(s.At)).Field("event_id", s.EventId).Field("score", (long)s.Score);
                line.End(s.At, s.EventId);
                break;
            case ComplaintRecord c:
                line.Start(HistoryKind.Complaint);
                line.Tag(AgentTag, c.AgentId).Tag(QueueTag, c.QueueId).Tag("severity", Word(c.Severity))
                    .Tag("transition", Word(c.Transition));
                line.Field(AtField, ExactNanoseconds(c.At)).Field("by", c.By).Field("complaint_id", c.ComplaintId);
                line.End(c.At, c.ComplaintId + "/" + Word(c.Transition));
                break;
            case QueueSampleRecord q:
                line.Start(HistoryKind.QueueSample);
                line.Tag("channel", Word(q.Channel)).Tag(QueueTag, q.QueueId);
                line.Field("abandon_rate_30m", q.AbandonRate30m).Field("available", (long)q.Available)
                    .Field("complaints_open", (long)q.ComplaintsOpen).Field("longest_wait", q.LongestWaitSeconds)
                    .Field("not_ready", (long)q.NotReady).Field("on_call", (long)q.OnCall)
                    .Field("service_level_30m", q.ServiceLevel30m).Field("staffed", (long)q.Staffed)
                    .Field("waiting", (long)q.Waiting).Field("wrap_up", (long)q.WrapUp);
                line.End(q.At, null);
                break;
            default:
                throw new ArgumentException($"Unknown history record {record.GetType().Name}.", nameof(record));
        }
    }

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
    public static string Word<T>(T value) where T : struct, Enum => EnumWords<T>.Of(value);

    private static T Parse<T>(string? word) where T : struct, Enum =>
        Enum.TryParse<T>((word ?? "").Replace("_", ""), ignoreCase: true, out var value) ? value : default;

    /// <summary>
    /// The point's time in ns: exact for a record its tags identify (<paramref name="id"/> null), otherwise its whole
    /// second plus 0–999,999,999 ns from a hash of the id (see remarks).
    /// </summary>
    private static long Nanoseconds(DateTimeOffset at, string? id)
    {
        if (id is null)
            return ExactNanoseconds(at);
        var second = at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond;
        var offset = (long)(XxHash64.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan())) % NanosecondsPerSecond);
        return (second - DateTimeOffset.UnixEpoch.UtcTicks) * 100 + offset;
    }

    private const ulong NanosecondsPerSecond = 1_000_000_000;

    private static long ExactNanoseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>
    /// The range of point times to query for records in [<paramref name="from"/>, <paramref name="to"/>): a point lies
    /// in its record's second, so whole seconds around the range; the records read are then held to it exactly.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) PointTimes(DateTimeOffset from, DateTimeOffset to)
    {
        static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return (Second(from), to.UtcTicks >= DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerSecond ? to : Second(to).AddSeconds(1));
    }

    /// <summary>
    /// Appends one line as UTF-8. Keys and measurements are ours (plain words); tag values and string fields pass
    /// through <see cref="TagCodec"/> first, then line protocol's escaping: commas, spaces and equals signs in tags,
    /// quotes in strings.
    /// </summary>
    // A class, not a struct: the chained Tag/Field calls must all write through the one field-separator state.
    private sealed class LineWriter(ArrayBufferWriter<byte> output)
    {
        private static readonly SearchValues<char> TagSpecials = SearchValues.Create(" ,=");
        private bool _hasField;

        public void Start(HistoryKind kind)
        {
            Ascii(Measurement(kind));
            _hasField = false;
        }

        /// <summary>A missing or empty value is no tag (as in PointData).</summary>
        public LineWriter Tag(string key, string? value)
        {
            if (string.IsNullOrEmpty(value))
                return this;
            Byte(',');
            Ascii(key);
            Byte('=');
            var encoded = TagCodec.Encode(value);
            if (encoded.AsSpan().ContainsAny(TagSpecials))
                encoded = Escape(encoded, static c => c is ' ' or ',' or '=');
            Utf8(encoded);
            return this;
        }

        /// <summary>A missing or non-finite value is no field (InfluxDB has no null).</summary>
        public LineWriter Field(string key, double? value)
        {
            if (value is not { } v || !double.IsFinite(v))
                return this;
            Key(key);
            Format(v, default);
            return this;
        }

        public LineWriter Field(string key, long value)
        {
            Key(key);
            Format(value, default);
            Byte('i');
            return this;
        }

        public LineWriter Field(string key, bool value)
        {
            Key(key);
            Ascii(value ? "true" : "false");
            return this;
        }

        public LineWriter Field(string key, string? value)
        {
            if (value is null)
                return this;
            Key(key);
            Byte('"');
            var encoded = TagCodec.Encode(value); // no backslash is left: only quotes need escaping
            Utf8(encoded.Contains('"') ? Escape(encoded, static c => c == '"') : encoded);
            Byte('"');
            return this;
        }

        public void End(DateTimeOffset at, string? id)
        {
            Byte(' ');
            Format(Nanoseconds(at, id), default);
            Byte('\n');
        }

        private void Key(string key)
        {
            Byte(_hasField ? ',' : ' ');
            _hasField = true;
            Ascii(key);
            Byte('=');
        }

        private void Byte(char c)
        {
            output.GetSpan(1)[0] = (byte)c;
            output.Advance(1);
        }

        private void Ascii(string text) => output.Advance(Encoding.ASCII.GetBytes(text, output.GetSpan(text.Length)));

        private void Utf8(string text) =>
            output.Advance(Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));

        private void Format<T>(T value, string? format) where T : IUtf8SpanFormattable
        {
            var span = output.GetSpan(32);
            if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"{value} does not fit 32 bytes");
            output.Advance(written);
        }

        private static string Escape(string text, Func<char, bool> needsBackslash)
        {
            var sb = new StringBuilder(text.Length + 8);
            foreach (var c in text)
            {
                if (needsBackslash(c))
                    sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }
    }

    /// <summary>One row of a query result: its columns by name.</summary>
    public sealed class Row(IReadOnlyDictionary<string, int> columns, JsonElement values)
    {
        /// <summary>The record's time: field <c>at</c> where the point was moved by its id, else the point's, to the tick.</summary>
        public DateTimeOffset Time =>
            new(DateTimeOffset.UnixEpoch.UtcTicks
                + (Value(AtField) is { ValueKind: JsonValueKind.Number } at ? at.GetInt64() : Value("time")!.Value.GetInt64()) / 100,
                TimeSpan.Zero);

        public string? Tag(string name) => Text(name);

        public string? Text(string name) =>
            Value(name) is { ValueKind: JsonValueKind.String } v ? TagCodec.Decode(v.GetString()!) : null;

        public double? Number(string name) => Value(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

        public bool Bool(string name) => Value(name) is { ValueKind: JsonValueKind.True };

        private JsonElement? Value(string name) =>
            columns.TryGetValue(name, out var i) && i < values.GetArrayLength() ? values[i] : null;
    }
}
