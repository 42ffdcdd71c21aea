using System.Diagnostics.Metrics;

namespace Dashboard.Grains.Telemetry;

/// <summary>
/// The live path's instruments (meter "Dashboard.Live"), exported by the host over OTLP and as a Prometheus
/// scrape endpoint. Static, as System.Diagnostics.Metrics intends for a library's own meter.
/// </summary>
public static class LiveMetrics
{
    public const string MeterName = "Dashboard.Live";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsIngested =
        Meter.CreateCounter<long>("dashboard.events.ingested", "{event}", "Events accepted into the live model.");

    public static readonly Counter<long> EventsDuplicate =
        Meter.CreateCounter<long>("dashboard.events.duplicates", "{event}", "Events ignored because their id was seen before.");

    public static readonly Counter<long> EventsLate =
        Meter.CreateCounter<long>("dashboard.events.late", "{event}",
            "Events that arrived after their contact's or agent's detail was let go (Ingestion:ReorderWindow); not counted.");

    public static readonly Counter<long> EventsHistoryOnly =
        Meter.CreateCounter<long>("dashboard.events.history_only", "{event}",
            "Events from before the center's day, accepted into history only (backfills and imports).");

    public static readonly Counter<long> EventsRejected =
        Meter.CreateCounter<long>("dashboard.events.rejected", "{event}", "Events rejected by validation.");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("dashboard.ingest.batch.size", "{event}", "Events per ingested batch.");

    public static readonly Histogram<double> PhaseDuration =
        Meter.CreateHistogram<double>("dashboard.ingest.phase.duration", "ms",
            "Time of one pipeline phase's grain calls (tag phase: contacts, agents, queues, floor).");

    public static readonly Counter<long> DeltasPublished =
        Meter.CreateCounter<long>("dashboard.floor.deltas.published", "{delta}", "Floor deltas sent to the web hosts.");

    public static readonly Counter<long> SnapshotsPublished =
        Meter.CreateCounter<long>("dashboard.floor.snapshots.published", "{snapshot}",
            "Queue and agent snapshots carried by published deltas.");

    public static readonly Histogram<double> EventToPush =
        Meter.CreateHistogram<double>("dashboard.live.event_to_push", "ms",
            "From a batch entering the pipeline to the floor publishing the delta that carries its effect.");

    public static readonly Histogram<double> GcPause =
        Meter.CreateHistogram<double>("dashboard.gc.pause.duration", "ms", "Each garbage-collection pause of the host.");
}
