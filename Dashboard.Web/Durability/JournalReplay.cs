using Dashboard.Grains.Durability;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Durability;

/// <summary>
/// At start, applies the journal again through the live pipeline, in the order it was accepted: the floor comes
/// back as it was, without a source re-sending anything, and the duplicate memory with it (a re-send after the
/// restart still counts once). The pipeline is idempotent, so a record applied before the crash counts once too.
/// </summary>
/// <remarks>
/// Journals are kept per center day; today's is replayed, and yesterday's too while its last contacts can still
/// settle into history (within the reorder window after midnight). Consecutive small batches are applied together,
/// up to <see cref="DurabilityOptions.ReplayBatchEvents"/>, as a source sending them in one request would be.
/// </remarks>
public sealed partial class JournalReplay(
    IJournal journal, EventIngestor pipeline, IGrainFactory grains, CatchUp catchUp, CenterClock clock, IOptions<IngestionOptions> ingestion,
    IOptions<DurabilityOptions> options, ILogger<JournalReplay> logger, SnapshotFile? snapshot = null, LiveGrains? live = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ReplayAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReplayAsync(CancellationToken stoppingToken)
    {
        var now = clock.Now;
        var today = clock.DayOf(now);
        journal.DropBefore(today.AddDays(-options.Value.KeepDays));
        var kept = snapshot is null ? null : await snapshot.CheckAsync(stoppingToken);
        // With a snapshot, the journal after it; without, today's (and yesterday's while its contacts still settle).
        var from = kept?.Day ?? clock.DayOf(now - ingestion.Value.ReorderWindow - ingestion.Value.SettleTime);
        var days = journal.Days().Where(d => d >= from && d <= today).ToList();
        long StartOf(DateOnly day) => day == kept?.Day ? Math.Min(kept.Position, journal.SizeOf(day)) : 0;
        catchUp.Begin(days.Sum(d => journal.SizeOf(d) - StartOf(d)) + (kept is null ? 0 : snapshot!.Size));
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        if (kept is not null)
            await RestoreAsync(kept, stoppingToken);
        await RetryAsync(() => floor.CatchingUpAsync(true), stoppingToken);
        var max = options.Value.ReplayBatchEvents;
        foreach (var day in days)
        {
            var pending = new List<CenterEvent>(); // reused: ApplyAsync clears it once applied
            long position = StartOf(day), applied = position;
            await foreach (var (record, at) in journal.ReadAsync(day, position, stoppingToken))
            {
                if (record is EventsAccepted accepted)
                {
                    if (pending.Count > 0 && pending.Count + accepted.Events.Length > max)
                        applied = await ApplyAsync(pending, applied, position, stoppingToken);
                    pending.AddRange(accepted.Events);
                }
                position = at;
            }
            await ApplyAsync(pending, applied, position, stoppingToken);
        }
        await RetryAsync(() => floor.CatchingUpAsync(false), stoppingToken);
        catchUp.Finish();
        if (catchUp.EventsReplayed > 0 || kept is not null)
            LogReplayed(catchUp.EventsReplayed, string.Join(", ", days), catchUp.Elapsed.TotalSeconds, catchUp.EventsReplayed / Math.Max(0.001, catchUp.Elapsed.TotalSeconds));
    }

    // The grains' states first, all of them, before any event of the journal's tail: the tail was applied on top of
    // exactly these states. A snapshot that fails here is set aside and the host stops: started again, it replays
    // the whole journal instead, rather than serve a floor half restored.
    private async Task RestoreAsync(SnapshotHeader kept, CancellationToken stoppingToken)
    {
        try
        {
            IReadOnlyCollection<GrainId> restored = [];
            await RetryAsync(async () => restored = await live!.RestoreAsync(snapshot!.ReadGrainsAsync(stoppingToken), stoppingToken), stoppingToken);
            await RetryAsync(() => live!.ReapplySettingsAsync(restored), stoppingToken);
            catchUp.Advance(snapshot!.Size, 0);
            LogRestored(restored.Count, kept.TakenAt, kept.Day, kept.Position, catchUp.Elapsed.TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            snapshot!.SetAside();
            LogRestoreFailed(ex, snapshot.Path);
            throw;
        }
    }

    /// <returns>The journal position now applied.</returns>
    private async Task<long> ApplyAsync(List<CenterEvent> events, long applied, long position, CancellationToken stoppingToken)
    {
        if (events.Count > 0)
            await RetryAsync(() => pipeline.IngestAsync(events, stoppingToken), stoppingToken);
        catchUp.Advance(position - applied, events.Count);
        events.Clear();
        return position;
    }

    // The silo may still be starting; the pipeline is idempotent, so applying again is safe.
    private async Task RetryAsync(Func<Task> call, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && attempt < 30)
            {
                LogRetrying(ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up: {Events} events of the journal ({Days}) applied again in {Seconds:F1} s ({Rate:F0} events/s)")]
    private partial void LogReplayed(long events, string days, double seconds, double rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Grains} grains from the snapshot of {TakenAt:u} (journal {Day} byte {Position}) in {Seconds:F1} s")]
    private partial void LogRestored(int grains, DateTimeOffset takenAt, DateOnly day, long position, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Restoring the snapshot failed; it is set aside as {Path}.failed and the next start replays the whole journal")]
    private partial void LogRestoreFailed(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying the journal failed (attempt {Attempt}); retrying")]
    private partial void LogRetrying(Exception exception, int attempt);
}
