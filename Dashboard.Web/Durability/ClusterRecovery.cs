using Orleans.Runtime;

namespace Dashboard.Web.Durability;

/// <summary>
/// When a host of the cluster dies holding live grains (<c>kill -9</c>, a lost machine), what they held is gone from
/// memory, and the grains that restart elsewhere would count only what arrives next. Each surviving host, on seeing
/// the death in the membership table, pauses its ingest; one of them rebuilds the live model from the cluster's
/// shared journal (<see cref="PostgresJournal"/>, which holds everything any host acknowledged) while the others
/// wait; then all go on. A host that stopped cleanly handed its grains over first and costs nothing.
/// </summary>
/// <remarks>
/// Why the whole model and not only the lost grains: the survivors keep minutes of detail, not the day, so a
/// contact let go by a surviving call shard could not be told again to a rebuilt agent. Why everyone pauses: a
/// rebuilt grain must hear the day in order, not a new event before the morning that went before it.
/// </remarks>
public sealed partial class ClusterRecovery(
    IClusterMembershipService membership, ILocalSiloDetails silo, IGrainFactory grains, PostgresJournal journal,
    JournalApplier replay, IngestGate gate, CatchUp catchUp, ILogger<ClusterRecovery> logger) : BackgroundService
{
    /// <summary>How long the rebuilding host waits for the others to pause before it starts anyway.</summary>
    private static readonly TimeSpan PausePatience = TimeSpan.FromSeconds(10);

    // Hosts seen active since this one started, and those of them lost whose rebuild (or hand-off) is dealt with.
    private readonly HashSet<SiloAddress> _seen = [];
    private readonly HashSet<SiloAddress> _settled = [];

    /// <summary>
    /// Whether every host <paramref name="view"/> shows dead has been dealt with here: a snapshot taken before a lost
    /// host's rebuild would hold its grains as the fresh ones that restarted elsewhere.
    /// </summary>
    public bool Settled(ClusterMembershipSnapshot view)
    {
        lock (_seen)
            return view.Members.All(m => m.Value.Status != SiloStatus.Dead || !_seen.Contains(m.Key) || _settled.Contains(m.Key));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The start's own replay first: a loss before it is covered by the rebuild it joins or runs.
            await catchUp.Completed.WaitAsync(stoppingToken);
            Seen(membership.CurrentSnapshot);
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                Seen(snapshot);
                foreach (var (address, member) in snapshot.Members)
                {
                    if (member.Status == SiloStatus.Dead && !address.Equals(silo.SiloAddress) && IsUnsettled(address))
                    {
                        await RecoverAsync(address, snapshot, stoppingToken);
                        lock (_seen)
                            _settled.Add(address);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Seen(ClusterMembershipSnapshot snapshot)
    {
        lock (_seen)
        {
            foreach (var (address, member) in snapshot.Members)
            {
                if (member.Status == SiloStatus.Active)
                    _seen.Add(address);
            }
        }
    }

    private bool IsUnsettled(SiloAddress address)
    {
        lock (_seen)
            return _seen.Contains(address) && !_settled.Contains(address);
    }

    private async Task RecoverAsync(SiloAddress lost, ClusterMembershipSnapshot snapshot, CancellationToken stoppingToken)
    {
        var lostName = lost.ToParsableString();
        if (await journal.HandedOffAsync(lostName, stoppingToken))
        {
            LogHandedOff(lostName);
            return;
        }
        var host = silo.SiloAddress.ToParsableString();
        LogLost(lostName);
        using (await gate.PauseAsync(stoppingToken))
        {
            catchUp.Begin(0);
            var model = grains.GetGrain<ILiveModelGrain>(0);
            while (true)
            {
                var turn = await AskAsync(() => model.LostAsync(host, lostName), stoppingToken);
                if (turn.Role == RebuildRole.Rebuild)
                {
                    await AwaitPausedAsync(model, turn.Rebuild, snapshot, lost, stoppingToken);
                    await replay.RebuildAsync(turn.Rebuild, stoppingToken);
                    break;
                }
                if (turn.Role == RebuildRole.Nothing)
                    break;
                await replay.WaitUntilBuiltAsync(turn.Rebuild, stoppingToken);
                if (turn.Rebuild == lostName)
                    break;
            }
            catchUp.Finish();
        }
    }

    // Every other live host has paused (or the patience ran out): from here no event reaches a grain out of turn.
    private async Task AwaitPausedAsync(ILiveModelGrain model, string rebuild, ClusterMembershipSnapshot snapshot, SiloAddress lost, CancellationToken stoppingToken)
    {
        var others = snapshot.Members.Where(m => m.Value.Status == SiloStatus.Active && !m.Key.Equals(lost))
            .Select(m => m.Key.ToParsableString()).ToHashSet(StringComparer.Ordinal);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < PausePatience)
        {
            var paused = await AskAsync(() => model.PausedAsync(rebuild), stoppingToken);
            if (others.IsSubsetOf(paused))
                return;
            await Task.Delay(100, stoppingToken);
        }
        LogPauseWaitedOut(string.Join(", ", others), PausePatience.TotalSeconds);
    }

    // The grain may have lived on the lost host: until the directory has moved on, calls to it fail; ask again.
    private async Task<T> AskAsync<T>(Func<Task<T>> call, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 120)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} was lost with live grains in memory; ingest paused here while the live model is rebuilt from the journal")]
    private partial void LogLost(string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} left after handing its live grains over; nothing to rebuild")]
    private partial void LogHandedOff(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not every host paused for the rebuild within {Seconds} s ({Hosts}); rebuilding anyway")]
    private partial void LogPauseWaitedOut(string hosts, double seconds);
}
