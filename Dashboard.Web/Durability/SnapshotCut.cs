using System.Diagnostics;
using Dashboard.Grains.Durability;
using Dashboard.Web.TimeSeries;
using Orleans.Runtime;

namespace Dashboard.Web.Durability;

/// <summary>
/// How a snapshot holds the live model still for a consistent cut: with every journaled batch applied and none
/// under way, the grains' states stand exactly for the journal up to its end. On a host of its own that is its
/// <see cref="IngestGate"/> (<see cref="HostCut"/>); in a cluster, every host's (<see cref="ClusterCut"/>).
/// </summary>
public interface ISnapshotCut
{
    /// <summary>Holds ingest wherever the live model is fed; null when a cut cannot be made now (tried again later).</summary>
    Task<IHeldCut?> HoldAsync(CancellationToken cancellationToken);
}

public interface IHeldCut : IAsyncDisposable
{
    /// <summary>The states are captured: ingest goes on.</summary>
    Task ReleaseAsync();

    /// <summary>
    /// Whether the cut stands: the history records posted before it are in the history store (or its spool), so the
    /// snapshot may stand in for the events behind them, and, in a cluster, every host lived through the capture.
    /// </summary>
    Task<bool> StoodAsync(TimeSpan historyWait, CancellationToken cancellationToken);
}

/// <summary>A host on its own: its gate is the whole cut.</summary>
public sealed class HostCut(IngestGate gate, IServiceProvider services) : ISnapshotCut
{
    public async Task<IHeldCut?> HoldAsync(CancellationToken cancellationToken)
    {
        var pause = await gate.PauseAsync(cancellationToken);
        return new Held(pause, services.GetService<HistoryStatus>());
    }

    private sealed class Held(IDisposable pause, HistoryStatus? history) : IHeldCut
    {
        private readonly long _historyQueued = history?.Queued ?? 0;
        private IDisposable? _pause = pause;

        public Task ReleaseAsync()
        {
            Interlocked.Exchange(ref _pause, null)?.Dispose();
            return Task.CompletedTask;
        }

        public async Task<bool> StoodAsync(TimeSpan historyWait, CancellationToken cancellationToken) =>
            history is null || await history.WaitUntilHandledAsync(_historyQueued, historyWait, cancellationToken);

        public ValueTask DisposeAsync()
        {
            Interlocked.Exchange(ref _pause, null)?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// A cluster: the host whose turn it is coordinates through <see cref="ILiveModelGrain"/>, every host known to feed
/// the live model pauses its gate (<see cref="FollowAsync"/>, which each host runs), the states are captured, and each
/// host confirms after the capture that its history before the cut is written — which also proves it lived through
/// the capture: a host lost before confirming leaves the cut unkept, since its grains may have been captured as the
/// fresh ones that restarted elsewhere. A host starting or lost during a cut abandons it, and none begins while a
/// lost host's rebuild is still to come.
/// </summary>
public sealed partial class ClusterCut(
    IngestGate gate, IGrainFactory grains, ILocalSiloDetails silo, IClusterMembershipService membership, ClusterRecovery recovery,
    IServiceProvider services, ILogger<ClusterCut> logger) : ISnapshotCut
{
    /// <summary>How long the coordinator waits for every host to pause, and each host for the capture, before giving up.</summary>
    internal static readonly TimeSpan PausePatience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private ILiveModelGrain Model => grains.GetGrain<ILiveModelGrain>(0);

    private string Host => silo.SiloAddress.ToParsableString();

    private ClusterMembershipSnapshot View => membership.CurrentSnapshot;

    public async Task<IHeldCut?> HoldAsync(CancellationToken cancellationToken)
    {
        var view = View;
        // Hosts coming or going move grains: no cut until they have settled (a lost one's rebuild comes first).
        if (view.Members.Values.Any(m => m.Status is not (SiloStatus.Active or SiloStatus.Dead)) || !recovery.Settled(view))
        {
            LogNotNow("hosts are joining or leaving, or a lost host's rebuild is still to come");
            return null;
        }
        var dead = view.Members.Where(m => m.Value.Status == SiloStatus.Dead).Select(m => m.Key.ToParsableString()).ToImmutableArray();
        if (await Model.BeginCutAsync(Host, dead) is not { } cut)
        {
            LogNotNow("the live model is being built, or another host's cut is under way");
            return null;
        }
        var pause = await gate.PauseAsync(cancellationToken);
        var held = new Held(this, cut, pause, services.GetService<HistoryStatus>());
        try
        {
            var started = Stopwatch.StartNew();
            while (true)
            {
                var state = await Model.CutAsync(cut);
                var waitingFor = Required(state, View).Except(state.Paused).ToList();
                if (state.Over)
                    break;
                if (waitingFor.Count == 0)
                    return held;
                if (started.Elapsed > PausePatience)
                {
                    LogNotPaused(string.Join(", ", waitingFor), PausePatience.TotalSeconds);
                    break;
                }
                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
        await held.DisposeAsync();
        return null;
    }

    /// <summary>
    /// A cut another host coordinates, if one wants this host: pauses its ingest until the states are captured, then
    /// confirms once its history before the cut is written.
    /// </summary>
    /// <returns>Whether this host took part in a cut to the end.</returns>
    public async Task<bool> FollowAsync(TimeSpan historyWait, CancellationToken cancellationToken)
    {
        if (await Model.CutWantedAsync(Host) is not { } cut)
            return false;
        var history = services.GetService<HistoryStatus>();
        long historyQueued;
        using (await gate.PauseAsync(cancellationToken))
        {
            historyQueued = history?.Queued ?? 0;
            await Model.JoinCutAsync(cut, Host);
            var started = Stopwatch.StartNew();
            while (true)
            {
                var state = await Model.CutAsync(cut);
                if (state.Over)
                    return false;
                if (state.Captured)
                    break;
                if (started.Elapsed > PausePatience + PausePatience)
                    return false;
                await Task.Delay(Poll, cancellationToken);
            }
        }
        if (history is not null && !await history.WaitUntilHandledAsync(historyQueued, historyWait, cancellationToken))
            return false;
        await Model.WrittenAsync(cut, Host);
        return true;
    }

    // Every host the model knows, and any the membership shows active (one that registered a moment ago may not be
    // in this host's view yet, and one in the view may not have registered yet), but those known dead.
    private static HashSet<string> Required(CutView state, ClusterMembershipSnapshot view)
    {
        var required = state.Hosts.ToHashSet(StringComparer.Ordinal);
        foreach (var (address, member) in view.Members)
        {
            if (member.Status == SiloStatus.Active)
                required.Add(address.ToParsableString());
            else if (member.Status == SiloStatus.Dead)
                required.Remove(address.ToParsableString());
        }
        return required;
    }

    private sealed class Held(ClusterCut owner, string cut, IDisposable pause, HistoryStatus? history) : IHeldCut
    {
        private readonly long _historyQueued = history?.Queued ?? 0;
        private IDisposable? _pause = pause;
        private bool _finished;

        public async Task ReleaseAsync()
        {
            await owner.Model.CapturedAsync(cut);
            Interlocked.Exchange(ref _pause, null)?.Dispose();
        }

        public async Task<bool> StoodAsync(TimeSpan historyWait, CancellationToken cancellationToken)
        {
            if (history is not null && !await history.WaitUntilHandledAsync(_historyQueued, historyWait, cancellationToken))
                return false;
            await owner.Model.WrittenAsync(cut, owner.Host);
            var started = Stopwatch.StartNew();
            while (true)
            {
                var state = await owner.Model.CutAsync(cut);
                var waitingFor = Required(state, owner.View).Except(state.Written).ToList();
                if (state.Over)
                    return false;
                if (waitingFor.Count == 0)
                    break;
                if (started.Elapsed > historyWait + PausePatience)
                {
                    owner.LogNotConfirmed(string.Join(", ", waitingFor));
                    return false;
                }
                await Task.Delay(Poll, cancellationToken);
            }
            _finished = true;
            return await owner.Model.FinishCutAsync(cut);
        }

        public async ValueTask DisposeAsync()
        {
            Interlocked.Exchange(ref _pause, null)?.Dispose();
            if (!_finished)
            {
                _finished = true;
                await owner.Model.FinishCutAsync(cut);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No cut now: {Why}")]
    private partial void LogNotNow(string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "No snapshot this time: host(s) {Hosts} did not pause within {Seconds} s")]
    private partial void LogNotPaused(string hosts, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot not kept: host(s) {Hosts} did not confirm after the capture (lost, or history behind)")]
    private partial void LogNotConfirmed(string hosts);
}
