using Dashboard.Grains.History;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// History in this process's memory, used when no InfluxDB is configured so the dashboard runs with no server:
/// points older than <see cref="HistoryOptions.Retention"/> (by event time, against the center's clock) and
/// beyond <see cref="HistoryOptions.EmbeddedMaxPoints"/> per measurement are let go. Lost on restart.
/// </summary>
public sealed class EmbeddedHistoryStore(
    CenterClock clock, CenterDirectory directory, IOptions<HistoryOptions> options, HistoryStatus status)
    : HistoryStore(clock, directory, options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<HistoryKind, List<HistoryRecord>> _byKind = Enum.GetValues<HistoryKind>()
        .ToDictionary(kind => kind, _ => new List<HistoryRecord>());

    public override string Kind => "embedded";

    public override Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var record in batch.Records)
            {
                Insert(_byKind[KindOf(record)], record);
            }
            Trim();
        }
        status.OnWritten(batch.Records.Count, batch.OldestPostedUtc);
        return Task.CompletedTask;
    }

    public override Task MaintainAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Trim();
        }
        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var list = _byKind[filter.Kind];
            var result = new List<HistoryRecord>();
            for (var i = FirstAtOrAfter(list, filter.From); i < list.Count && list[i].At < filter.To; i++)
            {
                if (filter.Matches(list[i]))
                {
                    result.Add(list[i]);
                }
            }
            return Task.FromResult<IReadOnlyList<HistoryRecord>>(result);
        }
    }

    public static HistoryKind KindOf(HistoryRecord record) => record switch
    {
        ContactRecord => HistoryKind.Contact,
        AgentSpanRecord => HistoryKind.AgentState,
        SurveyRecord => HistoryKind.Survey,
        ComplaintRecord => HistoryKind.Complaint,
        QueueSampleRecord => HistoryKind.QueueSample,
        _ => throw new ArgumentException($"Unknown history record {record.GetType().Name}.", nameof(record)),
    };

    // Records arrive nearly in time order: appending is the usual case, a binary insert the rest.
    private static void Insert(List<HistoryRecord> list, HistoryRecord record)
    {
        if (list.Count == 0 || list[^1].At <= record.At)
        {
            list.Add(record);
            return;
        }
        list.Insert(FirstAtOrAfter(list, record.At.AddTicks(1)), record);
    }

    private void Trim()
    {
        var expired = Clock.Now - Options.Retention;
        foreach (var list in _byKind.Values)
        {
            var drop = Math.Max(FirstAtOrAfter(list, expired), list.Count - Options.EmbeddedMaxPoints);
            if (drop > 0)
            {
                list.RemoveRange(0, drop);
            }
        }
    }

    private static int FirstAtOrAfter(List<HistoryRecord> list, DateTimeOffset at)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].At < at)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
