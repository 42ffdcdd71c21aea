using Dashboard.Grains.Durability;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Durability;

/// <summary>
/// Applies the journal again through the live pipeline, in the order it was accepted: for a host's start
/// (<see cref="JournalReplay"/>) and for a cluster's rebuild after a lost host (<see cref="ClusterRecovery"/>).
/// Consecutive small records are applied together, up to <see cref="DurabilityOptions.ReplayBatchEvents"/> events,
/// as a source sending them in one request would be; the pipeline is idempotent, so applying again is safe.
/// </summary>
public sealed partial class JournalApplier(
    IJournal journal, EventIngestor pipeline, IGrainFactory grains, CatchUp catchUp, CenterClock clock, IOptions<IngestionOptions> ingestion,
    IOptions<DurabilityOptions> options, ILogger<JournalApplier> logger, LiveGrains? live = null, ISnapshotStore? snapshots = null)
{
    /// <summary>How long a host holds its ingest for another host's rebuild before it goes on without it.</summary>
    private static readonly TimeSpan RebuildPatience = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Rebuilds the live model of the whole cluster from its last snapshot and the shared journal after it: every
    /// grain the events make goes back to a fresh one's, the snapshot's states are restored, and the journal after it
    /// (without one, the days a restart would replay) is applied again, in the order accepted. The caller holds
    /// ingest, here and (through <see cref="ILiveModelGrain"/>) on the other hosts.
    /// </summary>
    public async Task RebuildAsync(string rebuild, CancellationToken stoppingToken)
    {
        var kept = await CheckSnapshotAsync(stoppingToken);
        var days = DaysToReplay(kept?.Day);
        var startOf = TailAfter(kept);
        BeginCatchUp(days, startOf, kept);
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        await RetryAsync(() => floor.CatchingUpAsync(true), stoppingToken);
        IReadOnlyCollection<GrainId> reset = [];
        await RetryAsync(async () => reset = await live!.ResetAsync(stoppingToken), stoppingToken);
        var restored = kept is null ? [] : await RestoreAsync(kept, stoppingToken);
        await RetryAsync(() => live!.ReapplySettingsAsync(reset.Union(restored)), stoppingToken);
        await ApplyDaysAsync(days, startOf, stoppingToken);
        await RetryAsync(() => floor.CatchingUpAsync(false), stoppingToken);
        await RetryAsync(() => grains.GetGrain<ILiveModelGrain>(0).BuiltAsync(rebuild), stoppingToken);
        catchUp.Finish();
        // A cluster starting cold does this every time; after a lost host it is news.
        LogRebuilt(rebuild == RebuildTurn.ColdStart ? LogLevel.Information : LogLevel.Warning, rebuild, reset.Count, restored.Count,
            catchUp.EventsReplayed, string.Join(", ", days), catchUp.Elapsed.TotalSeconds);
    }

    /// <summary>The last snapshot, when there is one that can be used.</summary>
    public async Task<SnapshotHeader?> CheckSnapshotAsync(CancellationToken stoppingToken) =>
        snapshots is null ? null : await snapshots.CheckAsync(stoppingToken);

    /// <summary>Where each day's replay starts: after <paramref name="kept"/>'s cut in its day, else at the day's start.</summary>
    public Func<DateOnly, long> TailAfter(SnapshotHeader? kept) =>
        day => day == kept?.Day ? Math.Min(kept.Position, journal.SizeOf(day)) : journal.OriginOf(day);

    /// <summary>Catching up begins: the journal to apply again, and the snapshot to read first.</summary>
    public void BeginCatchUp(List<DateOnly> days, Func<DateOnly, long> startOf, SnapshotHeader? kept) =>
        catchUp.Begin(days.Sum(d => journal.SizeOf(d) - startOf(d)) + (kept is null ? 0 : snapshots!.Size));

    /// <summary>
    /// The grains' states first, all of them, before any event of the journal's tail: the tail was applied on top of
    /// exactly these states. A snapshot that fails here is set aside and the error thrown: the host stops, and started
    /// again replays the whole journal instead, rather than serve a floor half restored.
    /// </summary>
    /// <returns>The grains restored.</returns>
    public async Task<IReadOnlyCollection<GrainId>> RestoreAsync(SnapshotHeader kept, CancellationToken stoppingToken)
    {
        try
        {
            IReadOnlyCollection<GrainId> restored = [];
            await RetryAsync(async () => restored = await live!.RestoreAsync(snapshots!.ReadGrainsAsync(stoppingToken), stoppingToken), stoppingToken);
            catchUp.Advance(snapshots!.Size, 0);
            LogRestored(restored.Count, kept.TakenAt, kept.Day, kept.Position, catchUp.Elapsed.TotalSeconds);
            return restored;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await snapshots!.SetAsideAsync();
            LogRestoreFailed(ex, snapshots.Where);
            throw;
        }
    }

    /// <summary>
    /// The journal days a start replays: from <paramref name="from"/> (a snapshot's day), else today's, and yesterday's
    /// while its last contacts can still settle into history (within the reorder window after midnight).
    /// </summary>
    public List<DateOnly> DaysToReplay(DateOnly? from = null)
    {
        var now = clock.Now;
        var first = from ?? clock.DayOf(now - ingestion.Value.ReorderWindow - ingestion.Value.SettleTime);
        var today = clock.DayOf(now);
        return [.. journal.Days().Where(d => d >= first && d <= today)];
    }

    /// <summary>Holds until another host has finished the rebuild <paramref name="rebuild"/>.</summary>
    public async Task WaitUntilBuiltAsync(string rebuild, CancellationToken stoppingToken)
    {
        var model = grains.GetGrain<ILiveModelGrain>(0);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < RebuildPatience)
        {
            try
            {
                if (await model.IsBuiltAsync(rebuild))
                    return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The grain may be moving off a lost host: ask again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
        }
        LogRebuildWaitedOut(rebuild, RebuildPatience.TotalMinutes);
    }

    public async Task ApplyDaysAsync(List<DateOnly> days, Func<DateOnly, long> startOf, CancellationToken stoppingToken)
    {
        await StartWithSettingsThenInForceAsync(days, startOf, stoppingToken);
        var max = options.Value.ReplayBatchEvents;
        foreach (var day in days)
        {
            var pending = new List<CenterEvent>(); // reused: ApplyAsync clears it once applied
            long position = startOf(day), applied = position;
            await foreach (var (record, at) in journal.ReadAsync(day, position, stoppingToken))
            {
                if (record is EventsAccepted accepted)
                {
                    if (pending.Count > 0 && pending.Count + accepted.Events.Length > max)
                        applied = await ApplyAsync(pending, applied, position, stoppingToken);
                    pending.AddRange(accepted.Events);
                }
                else if (record is QueueSettingsChanged changed)
                {
                    // Everything before the change under the settings before it, as it was live.
                    applied = await ApplyAsync(pending, applied, position, stoppingToken);
                    await RetryAsync(() => grains.GetGrain<IQueueGrain>(changed.QueueId).SetSettingsAsync(changed.After), stoppingToken);
                }
                position = at;
            }
            await ApplyAsync(pending, applied, position, stoppingToken);
        }
    }

    /// <summary>
    /// A queue whose settings changed within what is replayed starts with those before its first change there, not
    /// with today's: the contacts before the change were judged by them. One read of the journal ahead of the
    /// replay, which costs less than the replay's grain calls; queues with no change keep the settings in force.
    /// </summary>
    private async Task StartWithSettingsThenInForceAsync(List<DateOnly> days, Func<DateOnly, long> startOf, CancellationToken stoppingToken)
    {
        var first = new Dictionary<string, QueueSettings>(StringComparer.Ordinal);
        foreach (var day in days)
        {
            await foreach (var (record, _) in journal.ReadAsync(day, startOf(day), stoppingToken))
            {
                if (record is QueueSettingsChanged changed)
                    first.TryAdd(changed.QueueId, changed.Before);
            }
        }
        foreach (var (queue, settings) in first)
            await RetryAsync(() => grains.GetGrain<IQueueGrain>(queue).SetSettingsAsync(settings), stoppingToken);
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
    public async Task RetryAsync(Func<Task> call, CancellationToken stoppingToken)
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

    [LoggerMessage(Message = "Rebuilt the live model from the cluster's journal ({Rebuild}): {Grains} grains reset, {Restored} restored from the snapshot, {Events} events ({Days}) applied again in {Seconds:F1} s")]
    private partial void LogRebuilt(LogLevel level, string rebuild, int grains, int restored, long events, string days, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Grains} grains from the snapshot of {TakenAt:u} (journal {Day} position {Position}) in {Seconds:F1} s")]
    private partial void LogRestored(int grains, DateTimeOffset takenAt, DateOnly day, long position, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Restoring the snapshot failed; it is set aside ({Where}) and the next start replays the whole journal")]
    private partial void LogRestoreFailed(Exception exception, string where);

    [LoggerMessage(Level = LogLevel.Error, Message = "The rebuild of the live model ({Rebuild}) by another host did not finish within {Minutes} min; going on without it")]
    private partial void LogRebuildWaitedOut(string rebuild, double minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying the journal failed (attempt {Attempt}); retrying")]
    private partial void LogRetrying(Exception exception, int attempt);
}
