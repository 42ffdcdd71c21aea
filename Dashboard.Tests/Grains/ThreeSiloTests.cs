using System.Collections.Concurrent;
using Dashboard.Grains;
using Dashboard.Grains.Ingestion;
using Dashboard.Tests.Support;
using Dashboard.Web.Durability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Issue 15 §4 on Orleans' in-process test cluster: three silos, one stopped in the middle of a steady ingest (as a
/// deploy or a scale-in stops it). Its live grains move to the other two with their state, so the figures equal the
/// generated day's own counts — nothing lost, nothing twice — and a subscriber keeps receiving the floor.
/// </summary>
public sealed class ThreeSiloTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;
    private readonly CenterClock _clock = new(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(_clock);
            host.Services.Configure<LiveOptions>(o => o.PublishInterval = TimeSpan.FromMilliseconds(20));
            host.Services.AddCallCenterModel();
            host.Services.AddSingleton<LiveGrains>();
            host.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GrainHandoff>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_stopped_mid_load_loses_nothing_and_subscribers_keep_receiving()
    {
        var grains = _cluster.Client;
        var ingestor = new EventIngestor(grains, _clock, Options.Create(new IngestionOptions()));
        var day = GeneratedDay.Create(seed: 31, start: DateTimeOffset.UtcNow.AddMinutes(-45), length: TimeSpan.FromMinutes(30),
            agents: 12, meanGapSeconds: 2, scope: "three");
        var batches = Delivery.Batches(day.Events, batchSize: 15, seed: 5, holdBackOneIn: 8);

        var heard = new Heard(day.QueueId);
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        await floor.SubscribeAsync(grains.CreateObjectReference<IFloorObserver>(heard));

        // A source that re-sends a batch until it is acknowledged, as connectors do: the pipeline counts it once.
        var sent = 0;
        var retries = 0;
        var sender = Task.Run(async () =>
        {
            foreach (var batch in batches)
            {
                while (true)
                {
                    try
                    {
                        await ingestor.IngestAsync(batch);
                        break;
                    }
                    catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                    {
                        Interlocked.Increment(ref retries);
                        await Task.Delay(50);
                    }
                }
                Interlocked.Increment(ref sent);
                await Task.Delay(10); // a steady feed, not a burst: the stop lands in the middle of it
            }
        });
        while (Volatile.Read(ref sent) < batches.Count / 3)
            await Task.Delay(5);
        var stopping = _cluster.Silos[2];
        var sentAtStop = Volatile.Read(ref sent);
        await _cluster.StopSiloAsync(stopping);
        var stoppedAt = Volatile.Read(ref sent);
        var heardBeforeStop = heard.Deltas;
        await sender;
        output.WriteLine($"Silo stopped between batches {sentAtStop} and {stoppedAt} of {batches.Count}; {retries} batches re-sent.");
        // The stop (its hand-off, then the silo leaving) lands in the middle of the load: batches go on meanwhile.
        Assert.InRange(sentAtStop, 1, batches.Count - 2);
        Assert.True(stoppedAt > sentAtStop, "no batch was sent while the silo stopped");

        var queue = await grains.GetGrain<IQueueGrain>(day.QueueId).GetSnapshotAsync();
        Assert.Equal((day.Offered, day.Answered, day.Abandoned), (queue.Today.Offered, queue.Today.Answered, queue.Today.Abandoned));
        foreach (var (agent, handled) in day.Handled)
            Assert.Equal(handled, (await grains.GetGrain<IAgentGrain>(agent).GetSnapshotAsync()).Today.Handled);

        // The subscriber heard the whole day, after the stop too.
        await heard.OfferedReaches(day.Offered, TimeSpan.FromSeconds(10));
        Assert.True(heard.Deltas > heardBeforeStop, "no delta after the stop");
    }

    private sealed class Heard(string queueId) : IFloorObserver
    {
        private readonly ConcurrentQueue<int> _offered = new();
        private int _deltas;

        public int Deltas => Volatile.Read(ref _deltas);

        public Task OnFloorChangedAsync(FloorDelta delta)
        {
            Interlocked.Increment(ref _deltas);
            foreach (var queue in delta.Queues.Where(q => q.QueueId == queueId))
                _offered.Enqueue(queue.Today.Offered);
            return Task.CompletedTask;
        }

        public async Task OfferedReaches(int offered, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (!_offered.Contains(offered))
            {
                if (DateTime.UtcNow > deadline)
                    throw new Xunit.Sdk.XunitException($"The subscriber never heard {offered} offered; last heard {_offered.LastOrDefault()}.");
                await Task.Delay(50);
            }
        }
    }
}
