namespace Dashboard.Tests.TimeSeries;

/// <summary>One niced <see cref="InfluxDaemon"/> for the tests of a collection; each test takes a fresh database.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    private InfluxDaemon _daemon = null!;
    private int _databases;

    public string Url => _daemon.Url;

    public async Task InitializeAsync() => _daemon = await InfluxDaemon.StartNewAsync(niced: true);

    public Task StopAsync() => _daemon.StopAsync();

    public Task StartAsync() => _daemon.StartAsync();

    /// <summary>A fresh database, so tests sharing the server never see each other's points.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        await _daemon.CreateDatabaseAsync(name);
        return name;
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class InfluxCollection : ICollectionFixture<InfluxFixture>
{
    public const string Name = "influxd";
}
