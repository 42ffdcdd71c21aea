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
    IOptions<DurabilityOptions> options, ILogger<JournalReplay> logger) : BackgroundService
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
        var from = clock.DayOf(now - ingestion.Value.ReorderWindow - ingestion.Value.SettleTime);
        var days = journal.Days().Where(d => d >= from && d <= today).ToList();
        catchUp.Begin(days.Sum(journal.SizeOf));
        var floor = grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        await RetryAsync(() => floor.CatchingUpAsync(true), stoppingToken);
        var max = options.Value.ReplayBatchEvents;
        foreach (var day in days)
        {
            var pending = new List<CenterEvent>();
            long position = 0, applied = 0;
            await foreach (var (record, at) in journal.ReadAsync(day, stoppingToken))
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
        if (catchUp.EventsReplayed > 0)
            LogReplayed(catchUp.EventsReplayed, string.Join(", ", days), catchUp.Elapsed.TotalSeconds, catchUp.EventsReplayed / Math.Max(0.001, catchUp.Elapsed.TotalSeconds));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying the journal failed (attempt {Attempt}); retrying")]
    private partial void LogRetrying(Exception exception, int attempt);
}
