using System.Diagnostics;
using Dashboard.Tests.TimeSeries;

namespace Dashboard.Bench;

public sealed record HistoryRow(
    double TargetEventsPerSecond, double EventsPerSecond, double PointsPerSecond, long Queued, long Written,
    long Dropped, long Failed, long Spooled, double LagP50Ms, double LagP99Ms, double WarmupSeconds, double WarmupLagP99Ms,
    double DrainSeconds, double ServerCpu, double InfluxCpu);

public sealed record HistoryFigures(IReadOnlyList<HistoryRow> Rows) : Figures
{
    public override string ToString() => string.Join("; ", Rows);
}

/// <summary>
/// Scenario 7, history at the benchmark's rates: the http load paced at each of <see cref="Rates"/> into a server that
/// writes history to a real influxd (Debian's 1.x, its own process at normal priority, data in a temporary
/// directory). Reports the points written per second, the writer's lag p99 (record handed over → point
/// acknowledged) from the server's histogram, and whether any point was dropped, refused or spooled; after the
/// load stops, how long the writer takes to drain what is still queued.
/// </summary>
public static class HistoryLoad
{
    /// <summary>The hub scenario's higher rate, and the rate the product promises (DESIGN.md: ≥ 50,000 events/s).</summary>
    public static readonly double[] Rates = [25_000, 50_000];

    public static async Task<HistoryFigures> RunAsync(Settings settings)
    {
        // Start-up is not steady state: at 50,000 events/s every series is new to influxd and every grain activates
        // in the first half-minute or so, and the writer falls behind meanwhile. The measured run starts after a
        // warm-up as long as itself; the warm-up's own lag is reported beside it.
        settings = settings with { Warmup = settings.Duration };
        var rows = new List<HistoryRow>();
        foreach (var rate in Rates)
        {
            rows.Add(await RunOnceAsync(settings, rate));
            Console.WriteLine($"  {rows[^1]}");
        }
        return new HistoryFigures(rows);
    }

    private static async Task<HistoryRow> RunOnceAsync(Settings settings, double rate)
    {
        await using var influx = await InfluxDaemon.StartNewAsync(niced: false);
        await influx.CreateDatabaseAsync("bench");
        await using var server = await ServerProcess.StartAsync(settings.Root, new Dictionary<string, string>
        {
            ["History__InfluxDb__Url"] = influx.Url,
            ["History__InfluxDb__Database"] = "bench",
        });
        using var http = server.CreateClient();
        Metrics before, after;
        double events, seconds, serverCpu, influxCpu;
        Metrics start;
        await using (var load = new HttpLoad(server, settings.NewWorkload(rate), settings.BatchSize, settings.Senders, rate))
        {
            start = await server.ScrapeAsync(http);
            await Task.Delay(settings.Warmup);
            before = await server.ScrapeAsync(http);
            var (accepted, serverTime, influxTime) = (load.Accepted, server.CpuTime, influx.Process!.TotalProcessorTime);
            var clock = Stopwatch.StartNew();
            await Task.Delay(settings.Duration);
            seconds = clock.Elapsed.TotalSeconds;
            events = load.Accepted - accepted;
            serverCpu = (server.CpuTime - serverTime).TotalSeconds / seconds / Environment.ProcessorCount;
            influx.Process.Refresh();
            influxCpu = (influx.Process.TotalProcessorTime - influxTime).TotalSeconds / seconds / Environment.ProcessorCount;
            after = await server.ScrapeAsync(http);
        }

        // The load has stopped: whatever the writer still holds must reach influxd too.
        var drain = Stopwatch.StartNew();
        var last = after;
        while (drain.Elapsed < TimeSpan.FromMinutes(2) && Outstanding(last) > 0)
        {
            await Task.Delay(250);
            last = await server.ScrapeAsync(http);
        }
        return new HistoryRow(
            rate, events / seconds, (after.Sum(Written) - before.Sum(Written)) / seconds,
            (long)last.Sum(Queued), (long)last.Sum(Written), (long)last.Sum(Dropped), (long)last.Sum(Failed),
            (long)last.Sum(Spooled), Metrics.Quantile(before, after, Lag, 0.5), Metrics.Quantile(before, after, Lag, 0.99),
            settings.Warmup.TotalSeconds, Metrics.Quantile(start, before, Lag, 0.99),
            Outstanding(last) > 0 ? double.PositiveInfinity : drain.Elapsed.TotalSeconds, serverCpu, influxCpu);
    }

    private const string Lag = "dashboard_history_lag_milliseconds";
    private const string Queued = "dashboard_history_queued_total";
    private const string Written = "dashboard_history_written_total";
    private const string Dropped = "dashboard_history_dropped_total";
    private const string Failed = "dashboard_history_failed_total";
    private const string Spooled = "dashboard_history_spooled_total";

    private static double Outstanding(Metrics m) => m.Sum(Queued) - m.Sum(Written) - m.Sum(Failed);
}
