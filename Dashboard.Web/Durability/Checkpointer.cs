using System.Diagnostics;
using Dashboard.Grains.Durability;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Durability;

/// <summary>
/// Takes a snapshot of the live model every <see cref="DurabilityOptions.SnapshotEveryEvents"/> events, or every
/// <see cref="DurabilityOptions.SnapshotEvery"/> while events arrive, so that a restart restores it and replays only
/// the journal after it: minutes of events, not the day.
/// </summary>
/// <remarks>
/// A snapshot is a consistent cut (<see cref="ISnapshotCut"/>): with ingest held, every journaled batch has been
/// applied and no other is under way, so the grains' states stand exactly for the journal up to its end. Ingest
/// waits only while the states are captured (in memory); the history records the grains posted before the cut
/// must be in the history store (or its spool) before the snapshot may stand in for the events behind them, and
/// the snapshot is written after that, with ingest running. In a cluster any host may coordinate a cut, and every
/// host takes part in the others' (<see cref="ClusterCut.FollowAsync"/>).
/// </remarks>
public sealed partial class Checkpointer(
    IngestGate gate, IJournal journal, LiveGrains live, ISnapshotStore store, ISnapshotCut cut, CatchUp catchUp, CenterClock clock,
    IOptions<DurabilityOptions> options, ILogger<Checkpointer> logger) : BackgroundService
{
    private static readonly TimeSpan FollowEvery = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _one = new(1, 1);
    private DateTime _lastTakenUtc = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await catchUp.Completed.WaitAsync(stoppingToken);
            var following = cut is ClusterCut cluster ? FollowAsync(cluster, stoppingToken) : Task.CompletedTask;
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
            await following;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The cuts other hosts of the cluster coordinate: this host's part, never while it coordinates one itself.
    private async Task FollowAsync(ClusterCut cluster, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FollowEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!await _one.WaitAsync(0, stoppingToken))
                continue;
            try
            {
                var covered = gate.EventsSinceSnapshot;
                if (await cluster.FollowAsync(options.Value.SnapshotHistoryWait, stoppingToken))
                {
                    gate.Covered(covered);
                    _lastTakenUtc = DateTime.UtcNow;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFollowFailed(ex);
            }
            finally
            {
                _one.Release();
            }
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

    /// <summary>
    /// Takes a snapshot now; null when no cut could be made (another host's is under way) or it did not stand
    /// (history behind, a host lost): tried again later.
    /// </summary>
    public async Task<SnapshotHeader?> TakeAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var held = await cut.HoldAsync(cancellationToken);
            if (held is null)
                return null;
            var covered = gate.EventsSinceSnapshot;
            // Every day's journal is applied to its end: the cut is the end of the latest one.
            var today = clock.DayOf(clock.Now);
            var day = journal.Days().LastOrDefault(d => d <= today) is var last && last != default ? last : today;
            var header = new SnapshotHeader(SnapshotHeader.CurrentFormat, day, journal.SizeOf(day), clock.Now, 0);
            var states = await live.CaptureAsync(cancellationToken);
            await held.ReleaseAsync();
            var paused = Stopwatch.GetElapsedTime(started);
            if (!await held.StoodAsync(options.Value.SnapshotHistoryWait, cancellationToken))
            {
                LogNotStood();
                return null;
            }
            await store.WriteAsync(header, states, cancellationToken);
            gate.Covered(covered);
            _lastTakenUtc = DateTime.UtcNow;
            LogTaken(states.Count, store.Size / 1048576.0, header.Day, header.Position, paused.TotalMilliseconds,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return header with { Grains = states.Count };
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {Grains} grains ({Megabytes:F1} MB) taken at journal {Day} position {Position}: ingest paused {PausedMs:F0} ms, {TotalMs:F0} ms in all")]
    private partial void LogTaken(int grains, double megabytes, DateOnly day, long position, double pausedMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot not kept: history had not written the records before it in time, or a host did not confirm; the next one tries again")]
    private partial void LogNotStood();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking part in another host's snapshot failed; it is not kept, and the next one tries again")]
    private partial void LogFollowFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking a snapshot failed; the journal still holds everything, a restart replays more of it")]
    private partial void LogFailed(Exception exception);
}
