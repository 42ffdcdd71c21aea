using System.Collections.Concurrent;
using Dashboard.Grains.Durability;
using Orleans.Runtime;

namespace Dashboard.Web.Durability;

/// <summary>
/// The grains a snapshot holds — every activation of the live model's types, wherever in the cluster it lives — and
/// how they are captured and restored: in parallel, one call per grain.
/// </summary>
public sealed class LiveGrains(IGrainFactory grains)
{
    private const int Parallelism = 64;

    /// <summary>The grain types whose state is the live floor (the past ones too: a backfill's held contacts).</summary>
    public GrainType[] Types() =>
    [
        grains.GetGrain<ICallShardGrain>(0).GetGrainId().Type,
        grains.GetGrain<IPastCallShardGrain>(0).GetGrainId().Type,
        grains.GetGrain<IComplaintGrain>("-").GetGrainId().Type,
        grains.GetGrain<IComplaintDeskGrain>(GrainKeys.ComplaintDesk).GetGrainId().Type,
        grains.GetGrain<IAgentGrain>("-").GetGrainId().Type,
        grains.GetGrain<IPastAgentGrain>("-").GetGrainId().Type,
        grains.GetGrain<IQueueGrain>("-").GetGrainId().Type,
        grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetGrainId().Type,
        grains.GetGrain<Grains.Surveys.ILowScoreGrain>(Grains.Surveys.LowScoreGrain.Key).GetGrainId().Type,
        grains.GetGrain<Grains.Callbacks.ICallbackBoardGrain>(Grains.Callbacks.CallbackBoardGrain.Key).GetGrainId().Type,
        grains.GetGrain<Grains.Notifications.INotificationLedgerGrain>(Grains.Notifications.NotificationLedgerGrain.Key).GetGrainId().Type,
    ];

    public async Task<List<GrainStateEntry>> CaptureAsync(CancellationToken cancellationToken)
    {
        var ids = await ActiveAsync(Types());
        var states = new ConcurrentBag<GrainStateEntry>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) => states.Add(new GrainStateEntry(id, (await grains.GetGrain<ILiveStateGrain>(id).CaptureAsync()).Value)));
        return [.. states];
    }

    /// <summary>
    /// Every activation whose state the events make, wherever it lives, back to a fresh one's: the start of a rebuild
    /// from the journal. Complaints (which keep every event of theirs, across days, and answer a repeat with their
    /// state) and the floor (which takes each queue's and agent's latest state, and keeps alerts in storage) are
    /// kept, and so is the complaint desk (which takes each complaint's latest case); the rebuild's replay brings them
    /// again what they already hold. The notification ledger is kept too: no event makes it.
    /// </summary>
    /// <returns>The grains reset.</returns>
    public async Task<IReadOnlyCollection<GrainId>> ResetAsync(CancellationToken cancellationToken)
    {
        var kept = new[]
        {
            grains.GetGrain<IComplaintGrain>("-").GetGrainId().Type,
            grains.GetGrain<IComplaintDeskGrain>(GrainKeys.ComplaintDesk).GetGrainId().Type,
            grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetGrainId().Type,
            // Not made by events: what was sent stays sent.
            grains.GetGrain<Grains.Notifications.INotificationLedgerGrain>(Grains.Notifications.NotificationLedgerGrain.Key).GetGrainId().Type,
        };
        var ids = await ActiveAsync(Types().Except(kept));
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) => await grains.GetGrain<ILiveStateGrain>(id).ResetAsync());
        return ids;
    }

    private async Task<List<GrainId>> ActiveAsync(IEnumerable<GrainType> types)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var ids = new List<GrainId>();
        foreach (var type in types)
            ids.AddRange(await management.GetActiveGrains(type));
        return [.. ids.Distinct()];
    }

    /// <returns>The grains restored.</returns>
    public async Task<IReadOnlyCollection<GrainId>> RestoreAsync(IAsyncEnumerable<GrainStateEntry> states, CancellationToken cancellationToken)
    {
        var restored = new ConcurrentBag<GrainId>();
        await Parallel.ForEachAsync(states, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, _) =>
            {
                await grains.GetGrain<ILiveStateGrain>(entry.Grain).RestoreAsync(new Orleans.Concurrency.Immutable<byte[]>(entry.State));
                restored.Add(entry.Grain);
            });
        return restored;
    }

    /// <summary>
    /// The settings in force now win over those a snapshot kept: a manager's change made after it (saved by the
    /// settings grain, not journaled) stands. Counts stay as they were judged, as after any change of settings.
    /// </summary>
    public async Task ReapplySettingsAsync(IEnumerable<GrainId> restored)
    {
        var queueType = grains.GetGrain<IQueueGrain>("-").GetGrainId().Type;
        var settings = grains.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key);
        foreach (var id in restored.Where(id => id.Type == queueType))
        {
            var queue = id.Key.ToString();
            await grains.GetGrain<IQueueGrain>(queue).SetSettingsAsync(await settings.GetQueueSettingsAsync(queue));
        }
    }
}
