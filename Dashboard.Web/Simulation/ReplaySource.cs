using Dashboard.Grains.Ingestion;
using Dashboard.Web.TimeSeries;
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

    /// <summary>Instead of playing it live: write the whole day into history at once, on this date (its own date is
    /// 1999-08-01, which history's retention would drop at once; pick a recent day to see it in /reports).</summary>
    public DateOnly? ImportDay { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);

    public static readonly IDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--replay"] = $"{Section}:{nameof(Path)}",
        ["--speed"] = $"{Section}:{nameof(Speed)}",
        ["--import-day"] = $"{Section}:{nameof(ImportDay)}",
    };
}

/// <summary>
/// Plays <see cref="BankDay"/>'s events through the normal pipeline as their (mapped) time comes, or imports the day into
/// history at once; a batch never spans more than half the reorder window, so nothing is late. Ids are unique to this run.
/// </summary>
public sealed partial class ReplaySource(
    IEventSink sink, IOptions<ReplayOptions> options, IOptions<IngestionOptions> ingestion, CenterClock clock, TimeProvider time,
    HistoryStatus history, ILogger<ReplaySource> logger) : BackgroundService
{
    // A batch spans at most this much event time: half the reorder window, so none of its own events is late.
    private TimeSpan BatchSpan => TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerMinute, ingestion.Value.ReorderWindow.Ticks / 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var speed = settings.Speed > 0 ? settings.Speed : 1;
        var day = BankDay.Events(BankDay.Read(settings.Path!), Guid.NewGuid().ToString("N")[..8]);
        if (day.Count == 0)
            return;
        if (settings.ImportDay is { } importDay)
        {
            if (importDay >= clock.DayOf(time.GetUtcNow()))
            {
                LogImportDayNotPast(importDay);
                return;
            }
            await ImportAsync(day, clock.StartOf(importDay), stoppingToken);
            return;
        }
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
                var until = events[next].At + BatchSpan;
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

    /// <summary>The whole day at once on an earlier date: the pipeline sends earlier days' events to history only.</summary>
    private async Task ImportAsync(IReadOnlyList<BankDay.Timed> day, DateTimeOffset start, CancellationToken stoppingToken)
    {
        var events = day.Select(t => t.Event with { At = start.AddSeconds(t.Second) }).ToList();
        foreach (var batch in events.GroupBy(e => (e.At - start).Ticks / BatchSpan.Ticks))
        {
            await sink.IngestAsync([.. batch], stoppingToken);
        }
        LogImported(events.Count, start);
        // The import knows it has ended: its records go to history now, not when the grains find the feed quiet.
        await sink.CompletePastAsync([.. events.Where(e => e.AgentId is not null).Select(e => e.AgentId!)], stoppingToken);
        var before = history.Snapshot();
        var drained = await history.WaitUntilDrainedAsync(TimeSpan.FromMinutes(1), stoppingToken);
        var after = history.Snapshot();
        if (drained && after.Spooled == before.Spooled && after.Failed == before.Failed)
            LogCompleteInHistory(clock.DayOf(start), after.Store);
        else
            LogNotYetInHistory(clock.DayOf(start), after.State);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The day {Day} is complete in history ({Store}): /reports shows it whole")]
    private partial void LogCompleteInHistory(DateOnly day, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The day {Day} is imported but not all of it is in history yet (history is {State}): see /health/history")]
    private partial void LogNotYetInHistory(DateOnly day, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay:ImportDay {Day} is not before today: an import writes an earlier day into history")]
    private partial void LogImportDayNotPast(DateOnly day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the day into history: {Events} events from {Start}")]
    private partial void LogImported(int events, DateTimeOffset start);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaying {Path}: {Events} events at {Speed}x, from {First} to {Last}")]
    private partial void LogStarted(string path, int events, double speed, DateTimeOffset first, DateTimeOffset last);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay finished: {Events} events")]
    private partial void LogFinished(int events);
}
