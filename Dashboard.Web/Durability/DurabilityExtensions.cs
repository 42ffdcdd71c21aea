using Dashboard.Web.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Dashboard.Grains.Alerts;
using Orleans.Serialization;
using Orleans.Hosting;
using Orleans.Storage;

namespace Dashboard.Web.Durability;

public static class DurabilityExtensions
{
    /// <summary>
    /// Every source's events are journaled before they are acknowledged and replayed at start (after the silo is up:
    /// call this after <see cref="LiveModelExtensions.AddLiveModel"/>). The journal lives in the data directory, or in a
    /// cluster's PostgreSQL (<see cref="Clustering"/> reads which from configuration).
    /// </summary>
    public static TBuilder AddDurability<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder =>
        builder.AddDurability(Clustering.Provider(builder.Configuration) is { } provider
            ? new ClusterStores(provider, Clustering.ConnectionString(builder.Configuration), Clustering.SharedJournalConnectionString(builder.Configuration))
            : null);

    /// <summary>
    /// The same for a silo whose cluster is described here rather than read from section Orleans: the silos of the
    /// tests' in-process cluster, whose membership is Orleans' test table while the journal is a real PostgreSQL.
    /// </summary>
    public static TBuilder AddDurability<TBuilder>(this TBuilder builder, ClusterStores? cluster) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(DurabilityOptions.Section);
        services.Configure<DurabilityOptions>(section);
        services.AddSingleton<LiveGrains>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, GrainHandoff>();
        if (!(section.Get<DurabilityOptions>() ?? new DurabilityOptions()).Journal)
        {
            services.AddSingleton(CatchUp.NothingToReplay());
            return builder;
        }
        services.AddSingleton<CatchUp>();
        services.AddSingleton<IngestGate>();
        services.AddSingleton<JournaledChanges>();
        var snapshots = (section.Get<DurabilityOptions>() ?? new DurabilityOptions()).Snapshots;
        if (cluster?.SharedJournal is { } connection)
        {
            // One journal for the cluster, in its PostgreSQL: a survivor holds what a lost host acknowledged.
            services.AddSingleton(sp => new PostgresJournal(
                connection, sp.GetRequiredService<Serializer<JournalRecord>>(), sp.GetRequiredService<ILogger<PostgresJournal>>()));
            services.AddSingleton<IJournal>(sp => sp.GetRequiredService<PostgresJournal>());
            services.AddSingleton<ClusterRecovery>();
            services.AddHostedService(sp => sp.GetRequiredService<ClusterRecovery>());
            if (snapshots)
            {
                // The cluster's snapshot beside its journal, cut with every host's ingest held.
                services.AddSingleton<ISnapshotStore, PostgresSnapshots>();
                services.AddSingleton<ISnapshotCut, ClusterCut>();
                AddCheckpointer(services);
            }
        }
        else
        {
            var directory = DataDirectory.PathOf(builder.Configuration, "journal");
            services.AddSingleton<IJournal>(sp => new FileJournal(
                directory, sp.GetRequiredService<Serializer<JournalRecord>>(), sp.GetRequiredService<ILogger<FileJournal>>()));
            // With per-host journals (a host alone, or Redis clustering without PostgreSQL), a cut of one host is a cut
            // only when it is alone.
            if (cluster is not null)
                services.AddHostedService<PerHostJournalWarning>();
            if (snapshots && cluster is null)
            {
                var directoryOfSnapshots = DataDirectory.PathOf(builder.Configuration, "snapshots");
                services.AddSingleton<ISnapshotStore>(sp => new SnapshotFile(directoryOfSnapshots, sp.GetRequiredService<Serializer>(), sp.GetRequiredService<ILogger<SnapshotFile>>()));
                services.AddSingleton<ISnapshotCut, HostCut>();
                AddCheckpointer(services);
            }
        }
        AddLiveStorage(builder, cluster);
        services.Replace(ServiceDescriptor.Singleton<IEventSink, JournaledEventSink>());
        services.AddSingleton<JournalApplier>();
        services.AddHostedService<JournalReplay>();
        services.AddHealthChecks().AddCheck<CatchUpCheck>("catch-up", tags: ["ready"]);
        return builder;
    }

    private static void AddCheckpointer(IServiceCollection services)
    {
        services.AddSingleton<Checkpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<Checkpointer>());
    }

    /// <summary>
    /// Where the live model's grain state (the floor's alerts) is kept: a file per grain in the data directory for a
    /// host on its own; in a cluster, the cluster's database, so a grain that moves to another silo finds it there.
    /// </summary>
    private static void AddLiveStorage(IHostApplicationBuilder builder, ClusterStores? cluster)
    {
        var services = builder.Services;
        services.RemoveAllKeyed<IGrainStorage>(GrainStorageNames.Live);
        if (string.Equals(cluster?.Provider, "AdoNet", StringComparison.OrdinalIgnoreCase))
        {
            var connection = cluster!.Connection;
            services.AddAdoNetGrainStorage(GrainStorageNames.Live, o => (o.Invariant, o.ConnectionString) = (OrleansSchema.Npgsql, connection));
        }
        else if (string.Equals(cluster?.Provider, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            var connection = cluster!.Connection;
            services.AddRedisGrainStorage(GrainStorageNames.Live, o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(connection));
        }
        else
        {
            var grains = DataDirectory.PathOf(builder.Configuration, "grains");
            services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Live, (sp, _) => new FileGrainStorage(grains, sp.GetRequiredService<Serializer>()));
        }
    }
}

/// <summary>
/// Where a cluster keeps what its hosts share: the membership <paramref name="Provider"/> (AdoNet, Redis) and its
/// <paramref name="Connection"/>, which also holds the live grains' state, and the PostgreSQL of the shared journal and
/// snapshot (null when there is none: each host then keeps its own journal).
/// </summary>
public sealed record ClusterStores(string Provider, string Connection, string? SharedJournal);

/// <summary>
/// A cluster whose hosts each keep their own journal (Redis clustering, accounts not in PostgreSQL): a host killed
/// there restarts its grains from what arrives next. Said once at start, so an operator does not find out after a crash.
/// </summary>
internal sealed partial class PerHostJournalWarning(ILogger<PerHostJournalWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogPerHost();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Each host of this cluster keeps its own journal: a host that dies holding live grains loses their figures until its sources re-send. Keep the accounts in PostgreSQL (Accounts:Provider postgres), or cluster on it (Orleans:Clustering:ProviderType AdoNet), for a shared journal that a survivor rebuilds from")]
    private partial void LogPerHost();
}

/// <summary>
/// Not ready while the journal is being replayed: a load balancer sends new work to hosts that are whole. Degraded,
/// not unhealthy — an expected state a start passes through, logged as a warning and answered 503 by /readyz.
/// </summary>
internal sealed class CatchUpCheck(CatchUp catchUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catchUp.IsComplete
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"Catching up: {catchUp.Progress:P0} of the journal replayed."));
}
