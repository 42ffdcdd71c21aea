using Dashboard.Grains;
using Dashboard.Grains.History;
using Dashboard.Grains.Ingestion;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Dashboard.Tests.Grains;

/// <summary>
/// One in-process Orleans cluster for the grain tests. The center's clock is a <see cref="FakeTimeProvider"/>
/// (given to <see cref="CenterClock"/> only, so Orleans' own timers keep real time); tests set it, and use
/// their own queue and agent ids so they can share the cluster.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    public ClusterFixture() => Clock = new CenterClock(Time, TimeZoneInfo.Utc, new TimeOnly(0, 0));

    public CenterClock Clock { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public EventIngestor Ingestor { get; private set; } = null!;

    /// <summary>What the agents a test watches post to history.</summary>
    public WatchedHistory History { get; } = new();

    private int _days;

    /// <summary>Moves the clock past the settle time, so what the grains have seen so far is no longer "arriving".</summary>
    public void LetSettle() => Time.Advance(new IngestionOptions().SettleTime * 1.25);

    /// <summary>
    /// The midnight of a day of its own for one run: the grains are shared by every test of the cluster, and what a
    /// call shard or agent counts as late depends on the latest event it has seen, so each run plays on a day later
    /// than any run before it.
    /// </summary>
    public DateTimeOffset NextDay() =>
        new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero).AddDays(Interlocked.Increment(ref _days));

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddSingleton(Clock);
            host.Services.AddSingleton<IHistorySink>(History);
            host.Services.Configure<LiveOptions>(o => o.PublishInterval = TimeSpan.FromMilliseconds(20));
            host.Services.AddCallCenterModel();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Ingestor = new EventIngestor(Cluster.Client, Clock, Options.Create(new IngestionOptions()));
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
