using Dashboard.Web.TimeSeries;
using Dashboard.Web.TimeSeries.Influx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.TimeSeries;

/// <summary>Stores built directly, for tests that need no web host: UTC center, default queue settings.</summary>
internal static class Stores
{
    public static readonly CenterClock Clock = new(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));

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

    public static EmbeddedHistoryStore Embedded(CenterClock? clock = null, HistoryOptions? options = null) =>
        new(clock ?? Clock, Directory, Options.Create(options ?? new HistoryOptions()), new HistoryStatus());

    public static string TempDirectory() =>
        Path.Combine(Path.GetTempPath(), "history-spool-test-" + Guid.NewGuid().ToString("N")[..8]);
}
