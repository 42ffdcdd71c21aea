using Dashboard.Grains.History;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// The history port: write the live model's records, read them back, and answer the semantic questions reports
/// ask. Implemented by InfluxDB (<see cref="Influx.InfluxHistoryStore"/>) and by the embedded SQLite store
/// (<see cref="EmbeddedHistoryStore"/>), which answer every query alike (both derive reports with
/// <see cref="HistoryReports"/> from the same records, with the live KPI math).
/// </summary>
public interface IHistoryStore
{
    /// <summary>"influxdb" or "embedded".</summary>
    string Kind { get; }

    /// <summary>Stores a batch. Failures are the store's to handle (retry, spool); this throws only on cancellation.</summary>
    Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken);

    /// <summary>Called by the writer about once a <see cref="HistoryOptions.FlushInterval"/>: replay what waits, trim what expired.</summary>
    Task MaintainAsync(CancellationToken cancellationToken);

    /// <summary>The records of one kind in [From, To) matching the filter, in time order.</summary>
    Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default);

    /// <summary>One queue's figures per 15, 30 or 60 minutes, with the live definitions (KPI.md).</summary>
    Task<IReadOnlyList<QueueIntervalRow>> GetQueueIntervalsAsync(QueueIntervalQuery query, CancellationToken cancellationToken = default);

    /// <summary>Each agent's figures per center day, with the live definitions (KPI.md, agent KPIs).</summary>
    Task<IReadOnlyList<AgentDayRow>> GetAgentDaysAsync(AgentDayQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Records for one write, and when the oldest of them was handed to the writer (for the lag).</summary>
public sealed record HistoryBatch(IReadOnlyList<HistoryRecord> Records, DateTime OldestPostedUtc);

public enum HistoryKind { Contact, AgentState, Survey, Complaint, QueueSample }

/// <summary>Which records to read. QueueId and AgentId filter the kinds that carry them; Outcome only contacts.</summary>
public sealed record HistoryFilter(
    HistoryKind Kind, DateTimeOffset From, DateTimeOffset To,
    string? QueueId = null, string? AgentId = null, ContactOutcome? Outcome = null)
{
    public bool Matches(HistoryRecord record) => record.At >= From && record.At < To && record switch
    {
        ContactRecord c => Kind == HistoryKind.Contact && Is(QueueId, c.QueueId) && Is(AgentId, c.AgentId)
            && (Outcome is null || Outcome == c.Outcome),
        AgentSpanRecord s => Kind == HistoryKind.AgentState && Is(AgentId, s.AgentId),
        SurveyRecord s => Kind == HistoryKind.Survey && Is(AgentId, s.AgentId) && Is(QueueId, s.QueueId),
        ComplaintRecord c => Kind == HistoryKind.Complaint && Is(AgentId, c.AgentId) && Is(QueueId, c.QueueId),
        QueueSampleRecord q => Kind == HistoryKind.QueueSample && Is(QueueId, q.QueueId),
        _ => false,
    };

    private static bool Is(string? wanted, string? actual) => wanted is null || string.Equals(wanted, actual, StringComparison.Ordinal);
}

/// <summary>GET /api/reports/queues: one queue, [From, To), by 15, 30 or 60 minutes, or by center day
/// (<see cref="Day"/>: from one day start to the next, as the center's clock counts days).</summary>
public sealed record QueueIntervalQuery(string QueueId, DateTimeOffset From, DateTimeOffset To, int IntervalMinutes)
{
    /// <summary>The interval of a center day (a month's view), in place of minutes; <c>interval=day</c> on the API.</summary>
    public const int Day = 1440;

    public bool ByDay => IntervalMinutes == Day;

    /// <summary>Longest range one query may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(62);

    /// <summary>Each broken rule as "field: rule", the field named as in the API's query string.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(QueueId)) yield return "queueId: required";
        if (IntervalMinutes is not (15 or 30 or 60 or Day)) yield return "interval: must be 15, 30 or 60 (minutes), or day";
        foreach (var problem in HistoryRange.Problems(From, To, MaxRange)) yield return problem;
    }

    public void Validate() => HistoryRange.Throw(Problems());
}

/// <summary>One interval of a queue report: the live window figures, counted over [Start, End).</summary>
public sealed record QueueIntervalRow(string QueueId, DateTimeOffset Start, DateTimeOffset End, WindowFigures Figures);

/// <summary>GET /api/reports/agents: every agent (or one) per center day, over [From, To).</summary>
public sealed record AgentDayQuery(DateTimeOffset From, DateTimeOffset To, string? AgentId = null)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(62);

    public IEnumerable<string> Problems() => HistoryRange.Problems(From, To, MaxRange);

    public void Validate() => HistoryRange.Throw(Problems());
}

/// <summary>
/// One agent's center day (clipped to the query's range). Talk, hold, wrap-up, available and not-ready come from
/// the state spans; handled and AHT from calls whose handling completed that day; ratios are null when undefined.
/// </summary>
public sealed record AgentDayRow(
    string AgentId,
    DateOnly Day,
    DateTimeOffset From,
    DateTimeOffset To,
    int Handled,
    double? AhtSeconds,
    double TalkSeconds,
    double HoldSeconds,
    double WrapUpSeconds,
    double AvailableSeconds,
    double NotReadySeconds,
    double? Occupancy,
    ImmutableSortedDictionary<string, double> NotReadyByReason,
    Csat? Csat);

internal static class HistoryRange
{
    public static IEnumerable<string> Problems(DateTimeOffset from, DateTimeOffset to, TimeSpan max)
    {
        if (to <= from) yield return "to: must be after from";
        else if (to - from > max) yield return $"to: at most {max.TotalDays:0} days after from";
    }

    /// <summary>A query that breaks a rule is the caller's mistake: an <see cref="ArgumentException"/> naming every one.</summary>
    public static void Throw(IEnumerable<string> problems)
    {
        var all = problems.ToList();
        if (all.Count > 0) throw new ArgumentException(string.Join("; ", all));
    }
}
