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
/// settle into history (<see cref="JournalApplier.DaysToReplay"/>), after the last snapshot when there is one.
/// </remarks>
public sealed partial class JournalReplay(
    IJournal journal, JournalApplier applier, IGrainFactory grains, CatchUp catchUp, CenterClock clock,
    IOptions<DurabilityOptions> options, ILogger<JournalReplay> logger, LiveGrains? live = null, ILocalSiloDetails? silo = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (journal is PostgresJournal)
                await JoinAsync(stoppingToken);
            else
                await ReplayAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A host of a cluster with a shared journal: the live model is in the memory of the hosts already running, so a
    /// host joining them replays nothing; the first host of a cluster starting cold rebuilds it for all, and a host
    /// starting while another rebuilds waits with it (<see cref="ILiveModelGrain"/>).
    /// </summary>
    private async Task JoinAsync(CancellationToken stoppingToken)
    {
        var model = grains.GetGrain<ILiveModelGrain>(0);
        var host = silo!.SiloAddress.ToParsableString();
        journal.DropBefore(clock.DayOf(clock.Now).AddDays(-options.Value.KeepDays));
        while (true)
        {
            RebuildTurn turn = null!;
            await applier.RetryAsync(async () => turn = await model.StartingAsync(host), stoppingToken);
            if (turn.Role == RebuildRole.Rebuild)
            {
                await applier.RebuildAsync(turn.Rebuild, stoppingToken);
                return;
            }
            if (turn.Role == RebuildRole.Nothing)
            {
                catchUp.Finish();
                return;
            }
            catchUp.Begin(0);
            await applier.WaitUntilBuiltAsync(turn.Rebuild, stoppingToken);
        }
    }

    private async Task ReplayAsync(CancellationToken stoppingToken)
    {
        journal.DropBefore(clock.DayOf(clock.Now).AddDays(-options.Value.KeepDays));
        var kept = await applier.CheckSnapshotAsync(stoppingToken);
        // With a snapshot, the journal after it; without, today's (and yesterday's while its contacts still settle).
        var days = applier.DaysToReplay(kept?.Day);
        var startOf = applier.TailAfter(kept);
        applier.BeginCatchUp(days, startOf, kept);
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        if (kept is not null)
        {
            var restored = await applier.RestoreAsync(kept, stoppingToken);
            await applier.RetryAsync(() => live!.ReapplySettingsAsync(restored), stoppingToken);
        }
        await applier.RetryAsync(() => floor.CatchingUpAsync(true), stoppingToken);
        await applier.ApplyDaysAsync(days, startOf, stoppingToken);
        await applier.RetryAsync(() => floor.CatchingUpAsync(false), stoppingToken);
        catchUp.Finish();
        if (catchUp.EventsReplayed > 0 || kept is not null)
            LogReplayed(catchUp.EventsReplayed, string.Join(", ", days), catchUp.Elapsed.TotalSeconds, catchUp.EventsReplayed / Math.Max(0.001, catchUp.Elapsed.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up: {Events} events of the journal ({Days}) applied again in {Seconds:F1} s ({Rate:F0} events/s)")]
    private partial void LogReplayed(long events, string days, double seconds, double rate);
}
