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
        grains.GetGrain<IAgentGrain>("-").GetGrainId().Type,
        grains.GetGrain<IPastAgentGrain>("-").GetGrainId().Type,
        grains.GetGrain<IQueueGrain>("-").GetGrainId().Type,
        grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetGrainId().Type,
    ];

    public async Task<List<GrainStateEntry>> CaptureAsync(CancellationToken cancellationToken)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var ids = new List<GrainId>();
        foreach (var type in Types())
            ids.AddRange(await management.GetActiveGrains(type));
        var states = new ConcurrentBag<GrainStateEntry>();
        await Parallel.ForEachAsync(ids.Distinct(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, _) => states.Add(new GrainStateEntry(id, (await grains.GetGrain<ILiveStateGrain>(id).CaptureAsync()).Value)));
        return [.. states];
    }

    /// <returns>How many grains were restored.</returns>
    public async Task<int> RestoreAsync(IAsyncEnumerable<GrainStateEntry> states, CancellationToken cancellationToken)
    {
        var restored = 0;
        await Parallel.ForEachAsync(states, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, _) =>
            {
                await grains.GetGrain<ILiveStateGrain>(entry.Grain).RestoreAsync(new Orleans.Concurrency.Immutable<byte[]>(entry.State));
                Interlocked.Increment(ref restored);
            });
        return restored;
    }
}
