using System.Diagnostics;
using Dashboard.Grains;
using Dashboard.Grains.Abstractions;
using Dashboard.Grains.Center;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Bench;

public sealed record Settings(int Agents, int Queues, TimeSpan Duration, TimeSpan Warmup, int BatchSize, int Senders, string Root)
{
    /// <summary>The workload for warm-up plus duration at up to <paramref name="maxEventsPerSecond"/>.</summary>
    public Workload NewWorkload(double maxEventsPerSecond) =>
        new(Agents, Queues, Workload.StartFor(Agents, Warmup + Duration, maxEventsPerSecond));
}

public sealed record IngestFigures(
    double EventsPerSecond, long Events, double Seconds, double? ServerCpu, double? AllocatedBytesPerEvent,
    double? GcPauseP99Ms, double? EventToPushP99Ms) : Figures;

public static class Scenarios
{
    // Highest rates the workload's start allows for (Workload.StartFor): about twice what a 2-core machine reaches
    // (HTTP measured 141,932 events/s, the baseline more once it let go of detail as the grains do).
    public const double HttpCeiling = 300_000;
    public const double InProcessCeiling = 600_000;

    /// <summary>Scenario 1: batches of the contract's JSON through POST /api/events on the real host.</summary>
    public static async Task<IngestFigures> HttpIngestAsync(Settings settings)
    {
        await using var server = await ServerProcess.StartAsync(settings.Root);
        using var http = server.CreateClient();
        await using var load = new HttpLoad(server, settings.NewWorkload(HttpCeiling), settings.BatchSize, settings.Senders);
        await Task.Delay(settings.Warmup);
        var before = await server.ScrapeAsync(http);
        var cpuBefore = server.CpuTime;
        var acceptedBefore = load.Accepted;
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Duration);
        var events = load.Accepted - acceptedBefore;
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (server.CpuTime - cpuBefore).TotalSeconds;
        var after = await server.ScrapeAsync(http);

        var allocated = after.Sum("dotnet_gc_heap_total_allocated_bytes_total") - before.Sum("dotnet_gc_heap_total_allocated_bytes_total");
        return new IngestFigures(
            events / seconds, events, seconds, cpu / seconds / Environment.ProcessorCount,
            events > 0 ? allocated / events : null,
            Metrics.Quantile(before, after, "dashboard_gc_pause_duration_milliseconds", 0.99),
            Metrics.Quantile(before, after, "dashboard_live_event_to_push_milliseconds", 0.99));
    }

    /// <summary>Scenario 2: the same events straight into the pipeline of an in-process silo (no HTTP, no JSON).</summary>
    public static async Task<IngestFigures> GrainIngestAsync(Settings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCallCenterModel();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next()));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var ingestor = host.Services.GetRequiredService<EventIngestor>();
            var workload = settings.NewWorkload(InProcessCeiling);
            var gate = new Lock();
            long accepted = 0;
            var measuring = false;
            using var stop = new CancellationTokenSource();
            async Task FeedAsync()
            {
                while (!stop.IsCancellationRequested)
                {
                    CenterEvent[] batch;
                    lock (gate)
                    {
                        batch = workload.NextBatch(settings.BatchSize);
                    }
                    var outcome = await ingestor.IngestAsync(batch);
                    // As over HTTP: an in-order workload that is not wholly accepted would measure the wrong work.
                    if (outcome.Late + outcome.Duplicates > 0)
                    {
                        throw new InvalidOperationException($"The grains did not accept the whole batch: {outcome}");
                    }
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Add(ref accepted, outcome.Accepted);
                    }
                }
            }

            var feeders = Enumerable.Range(0, settings.Senders).Select(_ => Task.Run(FeedAsync)).ToArray();
            await Task.Delay(settings.Warmup);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, true);
            await Task.Delay(settings.Duration);
            Volatile.Write(ref measuring, false);
            var seconds = clock.Elapsed.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            await stop.CancelAsync();
            await Task.WhenAll(feeders);
            var events = Interlocked.Read(ref accepted);
            // Allocations here include the workload generator's own events, so they are an upper bound.
            return new IngestFigures(events / seconds, events, seconds, null, events > 0 ? (double)allocated / events : null, null, null);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Scenario 3: the same KPI logic single-threaded in plain memory.</summary>
    public static IngestFigures Baseline(Settings settings)
    {
        var clock = new CenterClock(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));
        var center = new PlainCenter(clock);
        var workload = settings.NewWorkload(InProcessCeiling);
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < settings.Warmup)
        {
            center.Apply(workload.NextBatch(settings.BatchSize));
        }
        long events = 0;
        var clockTime = Stopwatch.StartNew();
        while (clockTime.Elapsed < settings.Duration)
        {
            var batch = workload.NextBatch(settings.BatchSize);
            center.Apply(batch);
            events += batch.Length;
        }
        var seconds = clockTime.Elapsed.TotalSeconds;
        return new IngestFigures(events / seconds, events, seconds, null, null, null, null);
    }
}
