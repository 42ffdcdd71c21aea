using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Bench;

/// <summary>One reading: heap = live objects after the server's latest GC, a full one forced when <see cref="FullGc"/>.</summary>
public sealed record SoakSample(double Seconds, long Events, double HeapBytes, double WorkingSetBytes, bool FullGc);

/// <summary>
/// Live heap from the readings after a forced full GC (first, last, slope); working set from all readings
/// (first and last minute averaged, slope). "Flat" = no upward slope once the retention windows are full.
/// <see cref="Stopped"/> says the run ended early because the server's working set passed the cap.
/// </summary>
public sealed record SoakFigures(
    double Minutes, double WarmupSeconds, double EventsPerSecond,
    double FirstHeapMiB, double LastHeapMiB, double HeapSlopeMiBPerMinute,
    double FirstMinuteWorkingSetMiB, double LastMinuteWorkingSetMiB, double WorkingSetSlopeMiBPerMinute, bool Stopped,
    IReadOnlyList<SoakSample> Samples) : Figures
{
    public override string ToString() =>
        $"{EventsPerSecond:N0} events/s; live heap {FirstHeapMiB:N0} → {LastHeapMiB:N0} MiB ({HeapSlopeMiBPerMinute:+0.0;-0.0} MiB/min); " +
        $"working set {FirstMinuteWorkingSetMiB:N0} → {LastMinuteWorkingSetMiB:N0} MiB ({WorkingSetSlopeMiBPerMinute:+0.0;-0.0} MiB/min)" +
        (Stopped ? "; stopped early at the memory cap" : "");
}

/// <summary>
/// The soak: the http scenario's load, flat out, for 10 minutes (1 in quick mode), reading the server's heap and
/// working set from /metrics every 10 s (5 s). Under this load the server's own GCs are mostly young ones, so
/// "heap after the latest GC" carries old garbage in a sawtooth; once a minute (every 20 s) a full GC is forced
/// first (over EventPipe, a few seconds of pause), and the live heap's trend comes from those readings.
/// <para>
/// The server holds detail for windows of event time (reorder 10 min, let-go contact ids 2–4 h; see
/// docs/events.md §1.5), which the workload's compressed time passes about 100 times faster than the clock: the
/// warm-up fills them, and from then on memory that still climbs is held beyond its window — a leak.
/// </para>
/// </summary>
public static class Soak
{
    // A guard for a shared machine: growth this large is the answer already.
    private const double WorkingSetCap = 12.0 * 1024 * 1024 * 1024;

    public static async Task<SoakFigures> RunAsync(Settings settings, bool quick)
    {
        var (duration, every, fullGcEvery) = quick
            ? (TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), 4)
            : (TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10), 6);
        var window = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 3));
        var warmup = TimeSpan.FromMinutes(quick ? 1 : 2) + settings.Warmup;
        await using var server = await ServerProcess.StartAsync(settings.Root);
        using var http = server.CreateClient();
        var workload = new Workload(settings.Agents, settings.Queues,
            Workload.StartFor(settings.Agents, warmup + duration + TimeSpan.FromMinutes(2), Scenarios.HttpCeiling));
        await using var load = new HttpLoad(server, workload, settings.BatchSize, settings.Senders);
        await Task.Delay(warmup);

        var samples = new List<SoakSample>();
        var accepted = load.Accepted;
        var clock = Stopwatch.StartNew();
        var stopped = false;
        while (clock.Elapsed < duration && !stopped)
        {
            // On a fixed grid, however long a scrape or a forced GC takes.
            var wait = every * (samples.Count + 1) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var fullGc = (samples.Count + 1) % fullGcEvery == 0;
            if (fullGc)
            {
                await server.CollectGarbageAsync(http, collections: 1);
            }
            var metrics = await server.ScrapeAsync(http);
            samples.Add(new SoakSample(clock.Elapsed.TotalSeconds, load.Accepted - accepted, metrics.HeapAfterGc, metrics.WorkingSet, fullGc));
            Console.WriteLine($"  {samples[^1]}");
            stopped = metrics.WorkingSet > WorkingSetCap;
        }

        var end = samples[^1].Seconds;
        var live = samples.Where(s => s.FullGc).DefaultIfEmpty(samples[^1]).ToList();
        var first = samples.Where(s => s.Seconds <= window.TotalSeconds).ToList();
        var last = samples.Where(s => s.Seconds > end - window.TotalSeconds).ToList();
        return new SoakFigures(
            end / 60, warmup.TotalSeconds, samples[^1].Events / end,
            live[0].HeapBytes / 1048576, live[^1].HeapBytes / 1048576, Slope(live, s => s.HeapBytes),
            first.Average(s => s.WorkingSetBytes) / 1048576, last.Average(s => s.WorkingSetBytes) / 1048576, Slope(samples, s => s.WorkingSetBytes),
            stopped, samples);
    }

    // Least-squares slope, MiB per minute (NaN from fewer than two readings).
    private static double Slope(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> bytes)
    {
        var xs = samples.Select(s => s.Seconds / 60).ToList();
        var ys = samples.Select(s => bytes(s) / 1048576).ToList();
        var (mx, my) = (xs.Average(), ys.Average());
        return xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum() / xs.Sum(x => (x - mx) * (x - mx));
    }
}
