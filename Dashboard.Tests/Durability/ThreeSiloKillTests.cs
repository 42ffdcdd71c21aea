using System.Diagnostics;
using Dashboard.Grains;
using Dashboard.Grains.Ingestion;
using Dashboard.Tests.Support;
using Dashboard.Web.Durability;
using Dashboard.Web.Hosting;
using Dashboard.Web.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §4 on Orleans' in-process test cluster: three silos, each with the dashboard's durability as a host of a
/// cluster has it (the shared journal and snapshots in a real PostgreSQL, the live grains' state there, the lost-host
/// recovery, the floor feed), and one of them killed in the middle of a steady ingest — the one holding the floor
/// grain, so the feeds of the other two lose what they subscribe to. Nothing is handed over: the survivors rebuild
/// from the journal. The figures then equal the generated day's own counts, and both survivors' feeds show them.
/// </summary>
public sealed class ThreeSiloKillTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Database = "threesilo";
    private InProcessTestCluster _cluster = null!;
    private readonly CenterClock _clock = new(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));
    private readonly LogCapture _logs = new();

    public async Task InitializeAsync()
    {
        await using (var server = new NpgsqlConnection(postgres.ConnectionString("postgres")))
        {
            await server.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {Database}", server).ExecuteNonQueryAsync();
        }
        var connection = postgres.ConnectionString(Database);
        // The live grains' state goes to Orleans' ADO.NET storage, whose tables a host of the cluster makes at start.
        await new OrleansSchema(Options.Create(new AdoNetClusteringSiloOptions { Invariant = OrleansSchema.Npgsql, ConnectionString = connection }),
            NullLogger<OrleansSchema>.Instance).EnsureAsync(CancellationToken.None);

        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // A cut every second, so the kill lands between cuts and the rebuild restores one and replays its tail.
                ["Durability:SnapshotEvery"] = "00:00:01",
            });
            host.Logging.AddProvider(_logs);
            // The silo's own hosted service first, as the web host has it: the journal's services talk to the silo.
            host.UseOrleans(silo => silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
            host.Services.AddSingleton(_clock);
            host.Services.Configure<LiveOptions>(o => o.PublishInterval = TimeSpan.FromMilliseconds(20));
            host.Services.AddCallCenterModel();
            host.AddDurability(new ClusterStores("AdoNet", connection, SharedJournal: connection));
            host.Services.AddFloorFeed();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_killed_mid_load_is_rebuilt_from_the_journal_and_the_survivors_feeds_go_on()
    {
        var day = GeneratedDay.Create(seed: 47, start: DateTimeOffset.UtcNow.AddMinutes(-45), length: TimeSpan.FromMinutes(30),
            agents: 12, meanGapSeconds: 2, scope: "killed");
        var batches = Delivery.Batches(day.Events, batchSize: 15, seed: 9, holdBackOneIn: 8);
        var silos = _cluster.Silos.ToArray();
        await Task.WhenAll(silos.Select(s => Service<CatchUp>(s).Completed.WaitAsync(TimeSpan.FromSeconds(60))));

        // The victim: the silo the floor grain lives on (activated by the feeds' subscriptions).
        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        var floorId = _cluster.Client.GetGrain<IFloorGrain>(GrainKeys.Floor).GetGrainId();
        InProcessSiloHandle? victim = null;
        foreach (var silo in silos)
            victim = await HostsAsync(management, silo, floorId) ? silo : victim;
        Assert.NotNull(victim);
        var survivors = silos.Where(s => s != victim).ToArray();

        // A source that sends each batch to the hosts in turn and, when one fails, re-sends it to the next, as a
        // connector behind a load balancer does: the pipeline counts a re-sent batch once.
        var sent = 0;
        var resent = 0;
        var killed = false;
        var sender = Task.Run(async () =>
        {
            var next = 0;
            foreach (var batch in batches)
            {
                while (true)
                {
                    var silo = silos[next++ % silos.Length];
                    if (Volatile.Read(ref killed) && silo == victim)
                        continue;
                    try
                    {
                        await Service<IEventSink>(silo).IngestAsync(batch).WaitAsync(TimeSpan.FromSeconds(30));
                        break;
                    }
                    catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                    {
                        Interlocked.Increment(ref resent);
                        await Task.Delay(50);
                    }
                }
                Interlocked.Increment(ref sent);
                await Task.Delay(10); // a steady feed: the kill lands in the middle of it
            }
        });
        while (Volatile.Read(ref sent) < batches.Count / 3)
            await Task.Delay(5);

        var held = (await management.GetDetailedGrainStatistics(hostsIds: [victim.SiloAddress])).Length;
        var feeds = survivors.Select(s => (LiveFeed)Service<ILiveFeed>(s)).ToArray();
        var heardBeforeKill = feeds.Select(f => f.Current.Sequence).ToArray();
        var sentAtKill = Volatile.Read(ref sent);
        Volatile.Write(ref killed, true);
        await _cluster.KillSiloAsync(victim);
        await sender;
        output.WriteLine($"Killed {victim.SiloAddress} holding {held} grains between batches {sentAtKill} and {batches.Count}; {resent} sends re-sent.");
        Assert.InRange(sentAtKill, 1, batches.Count - 2);
        Assert.True(held > 5, $"the victim held only {held} grains: the kill would prove nothing");

        // The survivors saw a host lost with grains in memory (not handed over) and rebuilt from the journal.
        await Task.WhenAll(survivors.Select(s => Service<CatchUp>(s).Completed.WaitAsync(TimeSpan.FromSeconds(60))));
        Assert.True(_logs.Lines.Any(l => l.Category.EndsWith(nameof(ClusterRecovery), StringComparison.Ordinal)
            && l.Message.Contains("was lost with live grains", StringComparison.Ordinal)), "no survivor saw a host lost with live grains");

        // Every figure equals the generated day's own count: nothing lost, nothing twice.
        var grains = _cluster.Client;
        var queue = await grains.GetGrain<IQueueGrain>(day.QueueId).GetSnapshotAsync();
        Assert.Equal((day.Offered, day.Answered, day.Abandoned), (queue.Today.Offered, queue.Today.Answered, queue.Today.Abandoned));
        foreach (var (agent, handled) in day.Handled)
            Assert.Equal((agent, handled), (agent, (await grains.GetGrain<IAgentGrain>(agent).GetSnapshotAsync()).Today.Handled));

        // Both survivors' feeds lost the floor they subscribed to; each finds it again and shows the whole day.
        for (var i = 0; i < feeds.Length; i++)
        {
            var feed = feeds[i];
            var waited = Stopwatch.StartNew();
            while (!(feed.Current.Queues.TryGetValue(day.QueueId, out var shown) && shown.Today.Offered == day.Offered
                     && feed.Current.Sequence != heardBeforeKill[i]))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15),
                    $"the feed of {survivors[i].SiloAddress} never showed {day.Offered} offered after the kill; it shows "
                    + (feed.Current.Queues.TryGetValue(day.QueueId, out var last) ? last.Today.Offered : 0));
                await Task.Delay(100);
            }
            output.WriteLine($"The feed of {survivors[i].SiloAddress} showed the whole day {waited.Elapsed.TotalSeconds:F1} s after the rebuild.");
        }
    }

    private static T Service<T>(InProcessSiloHandle silo) where T : notnull => silo.SiloHost.Services.GetRequiredService<T>();

    private static async Task<bool> HostsAsync(IManagementGrain management, InProcessSiloHandle silo, GrainId grain) =>
        (await management.GetDetailedGrainStatistics(hostsIds: [silo.SiloAddress])).Any(s => s.GrainId == grain);
}
