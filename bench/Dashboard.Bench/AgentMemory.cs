using System.Diagnostics;
using System.Runtime;
using Dashboard.Grains;
using Dashboard.Grains.Abstractions;
using Dashboard.Grains.Center;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;

namespace Dashboard.Bench;

/// <summary>
/// Managed heap growth per agent (after full GCs), against the heap of the started silo before any grain:
/// after the logins only; after the whole day; then with the call shards and queue grains deactivated (agents
/// and the floor's copy of each agent left); then with the floor deactivated too (agent grains alone).
/// </summary>
public sealed record AgentMemoryFigures(
    int Agents, int Queues, long Events, double EventsPerSecond, double SiloHeapMiB,
    double LoginOnlyBytesPerAgent, double FullDayBytesPerAgent, double WithoutCallsAndQueuesBytesPerAgent,
    double AgentGrainsBytesPerAgent) : Figures;

/// <summary>Scenario 5: a day of 50,000 agents (3,000 in quick mode) through the pipeline of an in-process silo.</summary>
public static class AgentMemory
{
    public static async Task<AgentMemoryFigures> RunAsync(Settings settings, bool quick)
    {
        var agents = quick ? 3_000 : 50_000;
        var queues = agents / 100;
        // Yesterday, replayed with the center's clock following the events: what the grains keep (today's
        // detail; ids and calls of the last two hours) is what a real server holds at the end of that day.
        var day = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        var replay = new ReplayClock(day);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The forced full GCs stall the thread pool on purpose; the silo's health monitor need not say so.
        builder.Logging.AddFilter("Orleans.Runtime.MembershipService", LogLevel.Error);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.AddSingleton(new CenterClock(replay, TimeZoneInfo.Utc, TimeOnly.MinValue));
        builder.Services.AddCallCenterModel();
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next()));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var ingestor = host.Services.GetRequiredService<EventIngestor>();
            var workDay = new WorkDay(agents, queues, day);
            var silo = await HeapAsync();

            var clock = Stopwatch.StartNew();
            var events = await FeedAsync(ingestor, replay, workDay.Logins(), settings);
            var loginOnly = await HeapAsync();
            events += await FeedAsync(ingestor, replay, workDay.Shift(), settings);
            var seconds = clock.Elapsed.TotalSeconds;
            var fullDay = await HeapAsync();

            var shards = host.Services.GetRequiredService<IOptions<IngestionOptions>>().Value.CallShards;
            await DeactivateAsync(grains,
            [
                .. Enumerable.Range(0, shards).Select(s => (IAddressable)grains.GetGrain<ICallShardGrain>(s)),
                .. Enumerable.Range(0, queues).Select(q => grains.GetGrain<IQueueGrain>(Workload.Queue(q))),
            ]);
            var withoutCallsAndQueues = await HeapAsync();
            await DeactivateAsync(grains, [grains.GetGrain<IFloorGrain>(GrainKeys.Floor)]);
            var agentGrains = await HeapAsync();

            double PerAgent(long heap) => (double)(heap - silo) / agents;
            return new AgentMemoryFigures(
                agents, queues, events, events / seconds, silo / 1048576.0, PerAgent(loginOnly), PerAgent(fullDay),
                PerAgent(withoutCallsAndQueues), PerAgent(agentGrains));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    // A few feeders side by side, as in the grains scenario; the replay clock moves to each batch's latest event.
    private static async Task<long> FeedAsync(EventIngestor ingestor, ReplayClock replay, IEnumerable<CenterEvent> events, Settings settings)
    {
        using var batches = events.Chunk(settings.BatchSize).GetEnumerator();
        var gate = new Lock();
        long accepted = 0;
        async Task FeedOneAsync()
        {
            while (true)
            {
                CenterEvent[] batch;
                lock (gate)
                {
                    if (!batches.MoveNext())
                    {
                        return;
                    }
                    batch = batches.Current;
                    replay.AdvanceTo(batch.Max(e => e.At));
                }
                Interlocked.Add(ref accepted, (await ingestor.IngestAsync(batch)).Accepted);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, settings.Senders).Select(_ => Task.Run(FeedOneAsync)));
        return accepted;
    }

    private static async Task DeactivateAsync(IGrainFactory grains, IReadOnlyList<IAddressable> targets)
    {
        var types = targets.Select(t => t.GetGrainId().Type).ToHashSet();
        await Task.WhenAll(targets.Select(t => t.AsReference<IGrainManagementExtension>().DeactivateOnIdle().AsTask()));
        var management = grains.GetGrain<IManagementGrain>(0);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var left = (await management.GetDetailedGrainStatistics()).Count(s => types.Contains(s.GrainId.Type));
            if (left == 0)
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("grains did not deactivate within 30 s");
    }

    // A quiet second for timers and in-flight work, then full compacting collections (twice: finalizers may
    // free more) before reading the heap.
    private static async Task<long> HeapAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The center's "now": the latest event fed, so the grains' day follows the replayed one.</summary>
    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);

        public void AdvanceTo(DateTimeOffset at)
        {
            if (at.UtcTicks > _ticks)
            {
                Volatile.Write(ref _ticks, at.UtcTicks);
            }
        }
    }
}
