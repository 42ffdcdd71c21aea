using System.Diagnostics;

namespace Dashboard.Bench;

/// <param name="Ratio">Journaled events/s over in-memory events/s, same run.</param>
/// <param name="RecoverySeconds">From starting the killed host again to ready (journal replayed).</param>
/// <param name="EmptyStartSeconds">The same host's start with an empty data directory, for comparison.</param>
/// <param name="ReplayedPerSecond">Events in the journal over (recovery − empty start).</param>
/// <param name="SnapshotRatio">Journaled and snapshotted events/s over in-memory events/s, same run.</param>
/// <param name="SnapshotRecoverySeconds">From starting the killed snapshotting host again to ready (snapshot restored, tail replayed).</param>
public sealed record DurableFigures(
    double InMemoryEventsPerSecond, double JournaledEventsPerSecond, double Ratio,
    long JournaledEvents, double RecoverySeconds, double EmptyStartSeconds, double ReplayedPerSecond,
    double SnapshotEventsPerSecond = 0, double SnapshotRatio = 0, long SnapshotEvents = 0, double SnapshotRecoverySeconds = 0,
    long SnapshotEveryEvents = 0) : Figures;

/// <summary>
/// Issue 15: what the journal costs. HTTP ingest with the journal off (events acknowledged once applied in memory)
/// against the default (acknowledged once on disk), one after the other in this run; then the journaled host is
/// killed (SIGKILL) and started again on its data directory, timed until ready — the replay of everything it took.
/// Last, the same with snapshots on: ingest with the snapshots' pauses, and a restart that restores the last snapshot
/// and replays only what came after it.
/// </summary>
public static class DurableIngest
{
    /// <summary>Lower than the default (250,000) so that the short run takes several snapshots, as a long day would.</summary>
    private const long SnapshotEveryEvents = 100_000;

    public static async Task<DurableFigures> RunAsync(Settings settings)
    {
        var inMemory = await IngestAsync(settings, new() { ["Durability__Journal"] = "false" });
        var data = Directory.CreateTempSubdirectory("dashboard-bench-durable-").FullName;
        var journaled = await IngestAsync(settings, new() { ["Storage__DataDirectory"] = data });

        var emptyStart = Stopwatch.StartNew();
        await (await ServerProcess.StartAsync(settings.Root)).DisposeAsync();
        var empty = emptyStart.Elapsed.TotalSeconds;

        var seconds = await RecoverAsync(settings, data);
        var snapshotData = Directory.CreateTempSubdirectory("dashboard-bench-snapshots-").FullName;
        var snapshots = new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = snapshotData,
            ["Durability__Snapshots"] = "true",
            ["Durability__SnapshotEveryEvents"] = SnapshotEveryEvents.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var snapshotted = await IngestAsync(settings, snapshots);
        var snapshotSeconds = await RecoverAsync(settings, snapshotData, snapshots);
        return new DurableFigures(
            inMemory.Rate, journaled.Rate, journaled.Rate / inMemory.Rate, journaled.Events,
            seconds, empty, journaled.Events / Math.Max(0.001, seconds - empty),
            snapshotted.Rate, snapshotted.Rate / inMemory.Rate, snapshotted.Events, snapshotSeconds, SnapshotEveryEvents);
    }

    /// <returns>Seconds from starting the host on <paramref name="data"/> to ready.</returns>
    private static async Task<double> RecoverAsync(Settings settings, string data, Dictionary<string, string>? environment = null)
    {
        var recovery = Stopwatch.StartNew();
        await using (await ServerProcess.StartAsync(settings.Root, environment ?? new Dictionary<string, string> { ["Storage__DataDirectory"] = data }))
        {
            var seconds = recovery.Elapsed.TotalSeconds;
            Directory.Delete(data, recursive: true);
            return seconds;
        }
    }

    /// <returns>Accepted events per second over the measured period, and every event accepted (warm-up included).</returns>
    private static async Task<(double Rate, long Events)> IngestAsync(Settings settings, Dictionary<string, string> environment)
    {
        var server = await ServerProcess.StartAsync(settings.Root, environment);
        long accepted;
        double rate;
        await using (var load = new HttpLoad(server, settings.NewWorkload(Scenarios.HttpCeiling), settings.BatchSize, settings.Senders))
        {
            await Task.Delay(settings.Warmup);
            var before = load.Accepted;
            var clock = Stopwatch.StartNew();
            await Task.Delay(settings.Duration);
            rate = (load.Accepted - before) / clock.Elapsed.TotalSeconds;
            accepted = load.Accepted;
        }
        // SIGKILL: the journaled host's restart must find everything it acknowledged.
        await server.DisposeAsync();
        return (rate, accepted);
    }
}
