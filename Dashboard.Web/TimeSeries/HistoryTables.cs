using System.Collections.Frozen;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dashboard.Grains.History;

namespace Dashboard.Web.TimeSeries;

public enum HistoryColumnType { Integer, Real, Text }

public sealed record HistoryColumn(string Name, HistoryColumnType Type, bool Nullable = false);

/// <summary>
/// History as SQL tables: one per record kind, its columns in order and its natural key first — what tells two
/// records apart, so writing a record again replaces it instead of adding it (docs/timeseries.md, "One record,
/// however often written"). Times are UTC ticks, enums the contract's words. The embedded store keeps these tables;
/// the benchmark loads the same into the other engine it was measured against.
/// </summary>
public sealed class HistoryTable
{
    private HistoryTable(
        HistoryKind kind, string name, int keyLength, HistoryColumn[] columns,
        Action<HistoryRecord, object?[]> fill, Func<DbDataReader, HistoryRecord> read)
    {
        Kind = kind;
        Name = name;
        KeyLength = keyLength;
        Columns = columns;
        _fill = fill;
        _read = read;
    }

    private readonly Action<HistoryRecord, object?[]> _fill;
    private readonly Func<DbDataReader, HistoryRecord> _read;

    public HistoryKind Kind { get; }

    public string Name { get; }

    /// <summary>Every column; the first <see cref="KeyLength"/> are the natural key, <c>at</c> first of them.</summary>
    public IReadOnlyList<HistoryColumn> Columns { get; }

    public int KeyLength { get; }

    public IEnumerable<HistoryColumn> Key => Columns.Take(KeyLength);

    /// <summary>The record's values in column order (null for none).</summary>
    public void Fill(HistoryRecord record, object?[] values) => _fill(record, values);

    /// <summary>The record of the reader's current row, read as <c>SELECT</c> of <see cref="Columns"/> in order.</summary>
    public HistoryRecord Read(DbDataReader reader) => _read(reader);

    /// <summary>
    /// The SELECT of this kind's records the filter asks for, in key order (time first): the time range and, where this
    /// kind has them, the filter's queue, agent and outcome, as named parameters (<c>$from</c>, <c>$to</c>, <c>$queue</c>…,
    /// which SQLite and DuckDB both take). It only narrows: <see cref="HistoryFilter.Matches"/> still decides.
    /// </summary>
    public (string Sql, IReadOnlyList<(string Name, object Value)> Parameters) Select(HistoryFilter filter)
    {
        var parameters = new List<(string Name, object Value)> { ("from", filter.From.UtcTicks), ("to", filter.To.UtcTicks) };
        if (filter.QueueId is { } queue && Has("queue"))
            parameters.Add(("queue", queue));
        if (filter.AgentId is { } agent && Has("agent"))
            parameters.Add(("agent", agent));
        if (filter.Outcome is { } outcome && Has("outcome"))
            parameters.Add(("outcome", EnumWords<ContactOutcome>.Of(outcome)));
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", Columns.Select(c => Quote(c.Name)))
            .Append(" FROM ").Append(Quote(Name)).Append(" WHERE \"at\" >= $from AND \"at\" < $to");
        foreach (var (column, _) in parameters.Skip(2))
            sql.Append(" AND ").Append(Quote(column)).Append(" = $").Append(column);
        sql.Append(" ORDER BY ").AppendJoin(", ", Key.Select(c => Quote(c.Name)));
        return (sql.ToString(), parameters);
    }

    /// <summary>A column or table name as an SQL identifier (ours are plain words; quoted because some are keywords, e.g. <c>by</c>).</summary>
    public static string Quote(string name) => "\"" + name + "\"";

    private bool Has(string column) => Columns.Any(c => c.Name == column);

    public static HistoryTable Of(HistoryKind kind) => All[(int)kind];

    /// <summary>By <see cref="HistoryKind"/>.</summary>
    public static readonly IReadOnlyList<HistoryTable> All =
    [
        // A contact: one call's visit to one queue ends once at a time ('' for a direct call, which has no queue).
        new(HistoryKind.Contact, "contact", 3,
            [
                new("at", HistoryColumnType.Integer), new("queue", HistoryColumnType.Text), new("call_id", HistoryColumnType.Text),
                new("agent", HistoryColumnType.Text, true), new("channel", HistoryColumnType.Text), new("outcome", HistoryColumnType.Text),
                new("wait", HistoryColumnType.Real, true), new("talk", HistoryColumnType.Real), new("hold", HistoryColumnType.Real),
                new("wrap_up", HistoryColumnType.Real), new("within_threshold", HistoryColumnType.Integer),
                new("short_abandon", HistoryColumnType.Integer),
            ],
            (r, v) =>
            {
                var c = (ContactRecord)r;
                (v[0], v[1], v[2], v[3], v[4], v[5]) = (c.At.UtcTicks, c.QueueId ?? "", c.CallId, c.AgentId, EnumWords<Channel>.Of(c.Channel), EnumWords<ContactOutcome>.Of(c.Outcome));
                (v[6], v[7], v[8], v[9], v[10], v[11]) = (Finite(c.WaitSeconds), Finite(c.TalkSeconds), Finite(c.HoldSeconds), Finite(c.WrapUpSeconds), c.WithinThreshold ? 1L : 0L, c.ShortAbandon ? 1L : 0L);
            },
            d => new ContactRecord(
                At(d, 0), NullIfEmpty(d.GetString(1)), Text(d, 3), EnumWords<Channel>.Parse(d.GetString(4)),
                EnumWords<ContactOutcome>.Parse(d.GetString(5)), d.GetString(2), d.IsDBNull(6) ? null : d.GetDouble(6), d.GetDouble(7),
                d.GetDouble(8), d.GetDouble(9), d.GetInt64(10) != 0, d.GetInt64(11) != 0)),
        // An agent is in one state at a time: its spans never share a start.
        new(HistoryKind.AgentState, "agent_state", 2,
            [
                new("at", HistoryColumnType.Integer), new("agent", HistoryColumnType.Text), new("state", HistoryColumnType.Text),
                new("reason", HistoryColumnType.Text, true), new("duration", HistoryColumnType.Real),
            ],
            (r, v) =>
            {
                var s = (AgentSpanRecord)r;
                (v[0], v[1], v[2], v[3], v[4]) = (s.At.UtcTicks, s.AgentId, EnumWords<SpanState>.Of(s.State), s.Reason, Finite(s.DurationSeconds));
            },
            d => new AgentSpanRecord(At(d, 0), d.GetString(1), EnumWords<SpanState>.Parse(d.GetString(2)), Text(d, 3), d.GetDouble(4))),
        // A survey answer is one event, named by its id.
        new(HistoryKind.Survey, "survey", 2,
            [
                new("at", HistoryColumnType.Integer), new("event_id", HistoryColumnType.Text), new("agent", HistoryColumnType.Text),
                new("queue", HistoryColumnType.Text, true), new("score", HistoryColumnType.Integer),
            ],
            (r, v) =>
            {
                var s = (SurveyRecord)r;
                (v[0], v[1], v[2], v[3], v[4]) = (s.At.UtcTicks, s.EventId, s.AgentId, s.QueueId, (long)s.Score);
            },
            d => new SurveyRecord(At(d, 0), d.GetString(2), Text(d, 3), (int)d.GetInt64(4), d.GetString(1))),
        // A complaint takes each transition at most once at a time (it may be escalated again later).
        new(HistoryKind.Complaint, "complaint", 3,
            [
                new("at", HistoryColumnType.Integer), new("complaint_id", HistoryColumnType.Text), new("transition", HistoryColumnType.Text),
                new("queue", HistoryColumnType.Text), new("agent", HistoryColumnType.Text, true), new("severity", HistoryColumnType.Text),
                new("by", HistoryColumnType.Text, true),
            ],
            (r, v) =>
            {
                var c = (ComplaintRecord)r;
                (v[0], v[1], v[2], v[3]) = (c.At.UtcTicks, c.ComplaintId, EnumWords<ComplaintTransition>.Of(c.Transition), c.QueueId);
                (v[4], v[5], v[6]) = (c.AgentId, EnumWords<ComplaintSeverity>.Of(c.Severity), c.By);
            },
            d => new ComplaintRecord(
                At(d, 0), d.GetString(1), d.GetString(3), Text(d, 4), EnumWords<ComplaintSeverity>.Parse(d.GetString(5)),
                EnumWords<ComplaintTransition>.Parse(d.GetString(2)), Text(d, 6))),
        // A queue is sampled once at a time.
        new(HistoryKind.QueueSample, "queue_sample", 2,
            [
                new("at", HistoryColumnType.Integer), new("queue", HistoryColumnType.Text), new("channel", HistoryColumnType.Text),
                new("waiting", HistoryColumnType.Integer), new("longest_wait", HistoryColumnType.Real),
                new("staffed", HistoryColumnType.Integer), new("available", HistoryColumnType.Integer),
                new("on_call", HistoryColumnType.Integer), new("wrap_up", HistoryColumnType.Integer),
                new("not_ready", HistoryColumnType.Integer), new("complaints_open", HistoryColumnType.Integer),
                new("service_level_30m", HistoryColumnType.Real, true), new("abandon_rate_30m", HistoryColumnType.Real, true),
            ],
            (r, v) =>
            {
                var q = (QueueSampleRecord)r;
                (v[0], v[1], v[2], v[3], v[4], v[5], v[6]) = (q.At.UtcTicks, q.QueueId, EnumWords<Channel>.Of(q.Channel), (long)q.Waiting, Finite(q.LongestWaitSeconds), (long)q.Staffed, (long)q.Available);
                (v[7], v[8], v[9], v[10], v[11], v[12]) = ((long)q.OnCall, (long)q.WrapUp, (long)q.NotReady, (long)q.ComplaintsOpen, Finite(q.ServiceLevel30m), Finite(q.AbandonRate30m));
            },
            d => new QueueSampleRecord(
                At(d, 0), d.GetString(1), EnumWords<Channel>.Parse(d.GetString(2)), (int)d.GetInt64(3), d.GetDouble(4),
                (int)d.GetInt64(5), (int)d.GetInt64(6), (int)d.GetInt64(7), (int)d.GetInt64(8), (int)d.GetInt64(9),
                (int)d.GetInt64(10), d.IsDBNull(11) ? null : d.GetDouble(11), d.IsDBNull(12) ? null : d.GetDouble(12))),
    ];

    // A number that is not finite is stored as none, and read back as InfluxDB reads a field it left out: null, or 0.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static DateTimeOffset At(DbDataReader d, int i) => new(d.GetInt64(i), TimeSpan.Zero);

    private static string? Text(DbDataReader d, int i) => d.IsDBNull(i) ? null : d.GetString(i);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

/// <summary>The contract's words for an enum's values (answered, flowed_out, not_ready, voice…), made once per type.</summary>
public static class EnumWords<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> Words =
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, T> Values = Words.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Of(T value) => Words.TryGetValue(value, out var word) ? word : JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>The value of a word, or the enum's default for one it does not know.</summary>
    public static T Parse(string word) => Values.GetValueOrDefault(word);
}
