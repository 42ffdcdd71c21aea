using System.Diagnostics;
using Dashboard.Grains.Durability;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Durability;

/// <summary>
/// Takes a snapshot of the live model every <see cref="DurabilityOptions.SnapshotEveryEvents"/> events, or every
/// <see cref="DurabilityOptions.SnapshotEvery"/> while events arrive, so that a restart restores it and replays only
/// the journal after it: minutes of events, not the day.
/// </summary>
/// <remarks>
/// A snapshot is a consistent cut: with the <see cref="IngestGate"/> held alone, every journaled batch has been
/// applied and no other is under way, so the grains' states stand exactly for the journal up to its end. Ingest
/// waits only while the states are captured (in memory); the history records the grains posted before the cut
/// must be in the history store (or its spool) before the snapshot may stand in for the events behind them, and
/// the file is written after that, with ingest running.
/// </remarks>
public sealed partial class Checkpointer(
    IngestGate gate, IJournal journal, LiveGrains live, SnapshotFile file, CatchUp catchUp, CenterClock clock,
    IServiceProvider services, IOptions<DurabilityOptions> options, ILogger<Checkpointer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private DateTime _lastTakenUtc = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await catchUp.Completed.WaitAsync(stoppingToken);
            // A long replay is worth keeping at once: the next restart then starts from here.
            if (catchUp.EventsReplayed >= options.Value.SnapshotEveryEvents)
                await TakeQuietlyAsync(stoppingToken);
            var check = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, options.Value.SnapshotEvery.Ticks));
            using var timer = new PeriodicTimer(check);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var events = gate.EventsSinceSnapshot;
                if (events >= options.Value.SnapshotEveryEvents
                    || (events > 0 && DateTime.UtcNow - _lastTakenUtc >= options.Value.SnapshotEvery))
                    await TakeQuietlyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TakeQuietlyAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TakeAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The journal still holds everything: a failed snapshot costs only a longer replay.
            LogFailed(ex);
        }
    }

    /// <summary>Takes a snapshot now; null when history could not be made durable in time (tried again later).</summary>
    public async Task<SnapshotHeader?> TakeAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var history = services.GetService<HistoryStatus>();
            var started = Stopwatch.GetTimestamp();
            SnapshotHeader header;
            List<GrainStateEntry> states;
            long covered, historyQueued;
            using (await gate.PauseAsync(cancellationToken))
            {
                covered = gate.EventsSinceSnapshot;
                // Every day's journal is applied to its end: the cut is the end of the latest one.
                var today = clock.DayOf(clock.Now);
                var day = journal.Days().LastOrDefault(d => d <= today) is var last && last != default ? last : today;
                header = new SnapshotHeader(SnapshotHeader.CurrentFormat, day, journal.SizeOf(day), clock.Now, 0);
                states = await live.CaptureAsync(cancellationToken);
                historyQueued = history?.Queued ?? 0;
            }
            var paused = Stopwatch.GetElapsedTime(started);
            if (history is not null && !await history.WaitUntilHandledAsync(historyQueued, options.Value.SnapshotHistoryWait, cancellationToken))
            {
                LogHistoryBehind(historyQueued);
                return null;
            }
            await file.WriteAsync(header, states, cancellationToken);
            gate.Covered(covered);
            _lastTakenUtc = DateTime.UtcNow;
            LogTaken(states.Count, file.Size / 1048576.0, header.Day, header.Position, paused.TotalMilliseconds,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return header with { Grains = states.Count };
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Grains} grains ({Megabytes:F1} MB) taken at journal {Day} byte {Position}: ingest paused {PausedMs:F0} ms, {TotalMs:F0} ms in all")]
    private partial void LogTaken(int grains, double megabytes, DateOnly day, long position, double pausedMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot not kept: history had not written the {Records} records before it in time; the next one tries again")]
    private partial void LogHistoryBehind(long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking a snapshot failed; the journal still holds everything, a restart replays more of it")]
    private partial void LogFailed(Exception exception);
}
