using Dashboard.Web.TimeSeries;
using Dashboard.Web.TimeSeries.Influx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.TimeSeries;

/// <summary>Stores built directly, for tests that need no web host: UTC center, default queue settings.</summary>
internal static class Stores
{
    public static readonly CenterClock Clock = new(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));

    /// <summary>A UTC center whose clock stands still at <paramref name="now"/>, so retention keeps test data of any date.</summary>
    public static CenterClock ClockAt(DateTimeOffset now) => new(new FakeTimeProvider(now), TimeZoneInfo.Utc, new TimeOnly(0, 0));

    public static readonly CenterDirectory Directory = new(Options.Create(new CenterOptions()));

    public static HistoryOptions InfluxOptions(string url, string database, string spool) => new()
    {
        SpoolDirectory = spool,
        InfluxDb = new InfluxDbOptions
        {
            Url = url,
            Database = database,
            Timeout = TimeSpan.FromSeconds(2),
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(50),
            MaxReplayDelay = TimeSpan.FromMilliseconds(500),
        },
    };

    public static InfluxHistoryStore Influx(HistoryOptions options, HistoryStatus? status = null) =>
        new(Clock, Directory, Options.Create(options), status ?? new HistoryStatus(), NullLogger<InfluxHistoryStore>.Instance);

    public static EmbeddedHistoryStore Embedded(string path, CenterClock? clock = null, HistoryOptions? options = null) =>
        new(clock ?? Clock, Directory, Options.Create(options ?? new HistoryOptions()), new HistoryStatus(),
            NullLogger<EmbeddedHistoryStore>.Instance, path);

    public static string TempDirectory() =>
        Path.Combine(Path.GetTempPath(), "history-spool-test-" + Guid.NewGuid().ToString("N")[..8]);
}

/// <summary>A history.db in a temporary directory of its own; disposing closes every store opened on it and deletes it.</summary>
internal sealed class EmbeddedFile : IDisposable
{
    private readonly List<EmbeddedHistoryStore> _opened = [];
    private readonly string _directory = Stores.TempDirectory();

    public string Path => System.IO.Path.Combine(_directory, EmbeddedHistoryStore.FileName);

    public EmbeddedHistoryStore Open(CenterClock? clock = null, HistoryOptions? options = null)
    {
        var store = Stores.Embedded(Path, clock, options);
        _opened.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _opened)
            store.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
