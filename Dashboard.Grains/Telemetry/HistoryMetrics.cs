using System.Diagnostics.Metrics;

namespace Dashboard.Grains.Telemetry;

/// <summary>
/// The history writer's instruments (meter "Dashboard.History"): records queued, dropped, written, spooled and
/// failed, the write lag, and the backlog waiting in the queue and the on-disk spool. Exported with the live ones.
/// </summary>
public static class HistoryMetrics
{
    public const string MeterName = "Dashboard.History";

    private static readonly Meter Meter = new(MeterName);
    private static Func<long> _queueLength = () => 0;
    private static long _spooledLines;

    public static readonly Counter<long> Queued =
        Meter.CreateCounter<long>("dashboard.history.queued", "{record}", "Records the live model handed to the history writer.");

    public static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("dashboard.history.dropped", "{record}",
            "Records lost because the writer's queue was full (History:QueueCapacity).");

    public static readonly Counter<long> Written =
        Meter.CreateCounter<long>("dashboard.history.written", "{point}", "Points the store acknowledged.");

    public static readonly Counter<long> Spooled =
        Meter.CreateCounter<long>("dashboard.history.spooled", "{point}", "Points put in the on-disk spool while InfluxDB was unreachable.");

    public static readonly Counter<long> Failed =
        Meter.CreateCounter<long>("dashboard.history.failed", "{point}", "Points InfluxDB refused for good (bad request) or the full spool could not take.");

    public static readonly Histogram<double> Lag =
        Meter.CreateHistogram<double>("dashboard.history.lag", "ms", "From a record handed to the writer to its point acknowledged by the store.");

    static HistoryMetrics()
    {
        Meter.CreateObservableGauge("dashboard.history.queue.length", () => Volatile.Read(ref _queueLength)(), "{record}",
            "Records waiting in the writer's queue.");
        Meter.CreateObservableGauge("dashboard.history.spool.backlog", () => Interlocked.Read(ref _spooledLines), "{point}",
            "Points waiting in the on-disk spool.");
    }

    /// <summary>Where the queue-length gauge reads, at each collection (the writer's queue, once it exists).</summary>
    public static void ObserveQueueLength(Func<long> read) => Volatile.Write(ref _queueLength, read);

    public static void SetSpoolBacklog(long lines) => Interlocked.Exchange(ref _spooledLines, lines);
}
