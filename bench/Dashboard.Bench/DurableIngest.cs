using System.Diagnostics;

namespace Dashboard.Bench;

/// <param name="Ratio">Journaled events/s over in-memory events/s, same run.</param>
/// <param name="RecoverySeconds">From starting the killed host again to ready (journal replayed).</param>
/// <param name="EmptyStartSeconds">The same host's start with an empty data directory, for comparison.</param>
/// <param name="ReplayedPerSecond">Events in the journal over (recovery − empty start).</param>
public sealed record DurableFigures(
    double InMemoryEventsPerSecond, double JournaledEventsPerSecond, double Ratio,
    long JournaledEvents, double RecoverySeconds, double EmptyStartSeconds, double ReplayedPerSecond) : Figures;

/// <summary>
/// Issue 15: what the journal costs. HTTP ingest with the journal off (events acknowledged once applied in memory)
/// against the default (acknowledged once on disk), one after the other in this run; then the journaled host is
/// killed (SIGKILL) and started again on its data directory, timed until ready — the replay of everything it took.
/// </summary>
public static class DurableIngest
{
    public static async Task<DurableFigures> RunAsync(Settings settings)
    {
        var inMemory = await IngestAsync(settings, new() { ["Durability__Journal"] = "false" });
        var data = Directory.CreateTempSubdirectory("dashboard-bench-durable-").FullName;
        var journaled = await IngestAsync(settings, new() { ["Storage__DataDirectory"] = data });

        var emptyStart = Stopwatch.StartNew();
        await (await ServerProcess.StartAsync(settings.Root)).DisposeAsync();
        var empty = emptyStart.Elapsed.TotalSeconds;

        var recovery = Stopwatch.StartNew();
        await using (await ServerProcess.StartAsync(settings.Root, new Dictionary<string, string> { ["Storage__DataDirectory"] = data }))
        {
            var seconds = recovery.Elapsed.TotalSeconds;
            Directory.Delete(data, recursive: true);
            return new DurableFigures(
                inMemory.Rate, journaled.Rate, journaled.Rate / inMemory.Rate, journaled.Events,
                seconds, empty, journaled.Events / Math.Max(0.001, seconds - empty));
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
