using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Simulation;

/// <summary>Replaying the bank's real day (section "Replay"; <c>--replay PATH --speed N</c> on the command line).</summary>
public sealed class ReplayOptions
{
    public const string Section = "Replay";

    /// <summary>The day's CSV (data/anonymous-bank-1999-08-01.csv).</summary>
    public string? Path { get; set; }

    /// <summary>1: the day on today's clock (the part before now is caught up at start, the rest plays in real time).
    /// N > 1: the day from its first call, starting now, N times faster (durations ÷ N, as the simulator's speed).</summary>
    public double Speed { get; set; } = 1;

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);

    public static readonly IDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--replay"] = $"{Section}:{nameof(Path)}",
        ["--speed"] = $"{Section}:{nameof(Speed)}",
    };
}

/// <summary>
/// Plays <see cref="BankDay"/>'s events through the normal pipeline as their (mapped) time comes, a minute of the day
/// per batch at most so nothing is late. Ids are unique to this run.
/// </summary>
public sealed partial class ReplaySource(IEventSink sink, IOptions<ReplayOptions> options, CenterClock clock, TimeProvider time, ILogger<ReplaySource> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var speed = settings.Speed > 0 ? settings.Speed : 1;
        var day = BankDay.Events(BankDay.Read(settings.Path!), Guid.NewGuid().ToString("N")[..8]);
        if (day.Count == 0)
            return;
        var now = time.GetUtcNow();
        var first = day[0].Second;
        DateTimeOffset Stamp(double second) => speed == 1
            ? clock.TodayStart.AddSeconds(second)
            : now.AddSeconds((second - first) / speed);
        var events = day.Select(t => t.Event with { At = Stamp(t.Second) }).ToList();
        LogStarted(settings.Path!, events.Count, speed, events[0].At, events[^1].At);

        var next = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), time);
        do
        {
            var due = time.GetUtcNow();
            while (next < events.Count && events[next].At <= due)
            {
                // At most a minute of event time per batch: a catch-up burst stays within the reorder window.
                var until = events[next].At.AddMinutes(1);
                var end = next;
                while (end < events.Count && events[end].At <= due && events[end].At < until)
                    end++;
                await sink.IngestAsync(events.GetRange(next, end - next), stoppingToken);
                next = end;
            }
        }
        while (next < events.Count && await timer.WaitForNextTickAsync(stoppingToken));
        LogFinished(events.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying {Path}: {Events} events at {Speed}x, from {First} to {Last}")]
    private partial void LogStarted(string path, int events, double speed, DateTimeOffset first, DateTimeOffset last);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay finished: {Events} events")]
    private partial void LogFinished(int events);
}
