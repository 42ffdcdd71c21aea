using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Bench;

/// <param name="Minutes">How long the load ran before the kill.</param>
/// <param name="EventsPerSecond">Events accepted per second over the whole run.</param>
/// <param name="Events">Events accepted in all (and journaled).</param>
/// <param name="ReadySeconds">From starting the killed host again to ready: snapshot restored, journal after it replayed.</param>
/// <param name="EmptyStartSeconds">The same host's start with an empty data directory, in this run.</param>
/// <param name="SnapshotMiB">The snapshot restored.</param>
/// <param name="RestoredGrains">Grains in that snapshot.</param>
/// <param name="TailEvents">Events of the journal after the snapshot, replayed.</param>
public sealed record LongRestartFigures(
    double Minutes, double EventsPerSecond, long Events, double ReadySeconds, double EmptyStartSeconds,
    double SnapshotMiB, int RestoredGrains, long TailEvents, int Agents) : Figures
{
    public override string ToString() =>
        $"{Agents:N0} agents, {Minutes:0} min at {EventsPerSecond:N0} events/s ({Events:N0} events) with the default snapshots, then SIGKILL: " +
        $"ready {ReadySeconds:0.0} s after the start (empty start {EmptyStartSeconds:0.0} s): {RestoredGrains:N0} grains restored from a " +
        $"{SnapshotMiB:0.0} MiB snapshot and {TailEvents:N0} events of journal after it replayed";
}

/// <summary>
/// Issue 15 §Measure: the time from start to correct figures after a kill, after a long run at full rate — not
/// reasoned from a short one. The http load (10,000 agents, 500 queues) flat out for <c>--minutes</c> (default 12:
/// past the reorder and duplicate windows, after which what a grain holds no longer grows with the day), on the
/// default snapshot settings; then SIGKILL and a start on the same data directory, timed until /readyz.
/// </summary>
public static partial class LongRestart
{
    public static async Task<LongRestartFigures> RunAsync(Settings settings, double minutes)
    {
        var emptyStart = Stopwatch.StartNew();
        await (await ServerProcess.StartAsync(settings.Root)).DisposeAsync();
        var empty = emptyStart.Elapsed.TotalSeconds;

        var data = Directory.CreateTempSubdirectory("dashboard-bench-long-").FullName;
        var environment = new Dictionary<string, string> { ["Storage__DataDirectory"] = data, ["Durability__Snapshots"] = "true" };
        var run = settings with { Warmup = TimeSpan.Zero, Duration = TimeSpan.FromMinutes(minutes) };
        long accepted;
        var clock = Stopwatch.StartNew();
        var server = await ServerProcess.StartAsync(settings.Root, environment);
        await using (var load = new HttpLoad(server, run.NewWorkload(Scenarios.HttpCeiling), settings.BatchSize, settings.Senders))
        {
            clock.Restart();
            await Task.Delay(run.Duration);
            accepted = load.Accepted;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await server.DisposeAsync(); // SIGKILL
        var snapshot = new FileInfo(Path.Combine(data, "snapshots", "live.snapshot"));
        var snapshotMiB = snapshot.Exists ? snapshot.Length / 1048576.0 : 0;
        Console.WriteLine($"  {accepted:N0} events in {seconds / 60:0.0} min ({accepted / seconds:N0}/s); killed with a {snapshotMiB:0.0} MiB snapshot; starting again …");

        var recovery = Stopwatch.StartNew();
        // The restore and catch-up lines are information; the bench's hosts log warnings and up otherwise.
        var restarted = await ServerProcess.StartAsync(settings.Root, new Dictionary<string, string>(environment)
        {
            ["Logging__LogLevel__Dashboard.Web.Durability"] = "Information",
        });
        var ready = recovery.Elapsed.TotalSeconds;
        var restored = restarted.Output.Select(l => Restored().Match(l)).FirstOrDefault(m => m.Success);
        var caughtUp = restarted.Output.Select(l => CaughtUp().Match(l)).FirstOrDefault(m => m.Success);
        await restarted.DisposeAsync();
        Directory.Delete(data, recursive: true);
        return new LongRestartFigures(
            minutes, accepted / seconds, accepted, ready, empty, snapshotMiB,
            restored is null ? 0 : int.Parse(restored.Groups[1].Value, CultureInfo.InvariantCulture),
            caughtUp is null ? 0 : long.Parse(caughtUp.Groups[1].Value, CultureInfo.InvariantCulture), settings.Agents);
    }

    [GeneratedRegex(@"Restored (\d+) grains from the snapshot")]
    private static partial Regex Restored();

    [GeneratedRegex(@"Caught up: (\d+) events of the journal")]
    private static partial Regex CaughtUp();
}
