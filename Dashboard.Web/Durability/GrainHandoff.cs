using Dashboard.Grains.Durability;
using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using Orleans.Runtime;

namespace Dashboard.Web.Durability;

/// <summary>
/// Before a host of a cluster shuts down, its live grains move to the others with their state (Orleans' activation
/// migration, <see cref="LiveGrain"/>), so a rolling restart or a scale-in loses nothing: Orleans on its own would
/// deactivate them and the floor would restart them empty. A host on its own has nowhere to send them; its journal
/// and snapshot carry the floor over the restart instead.
/// </summary>
/// <remarks>With a shared journal, a complete hand-off is recorded there, so the others know there is nothing to rebuild
/// (<see cref="ClusterRecovery"/>); a host that could not hand everything over is rebuilt after like a lost one.</remarks>
public sealed partial class GrainHandoff(
    IGrainFactory grains, ILocalSiloDetails silo, LiveGrains live, ILogger<GrainHandoff> logger, PostgresJournal? shared = null)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // Stopping the Active stage is the first step of a silo's shutdown: it is still a member, and can still send.
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GrainHandoff), ServiceLifecycleStage.Active, _ => Task.CompletedTask, HandOffAsync);

    private async Task HandOffAsync(CancellationToken cancellationToken)
    {
        try
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var others = (await management.GetHosts(onlyActive: true)).Keys.Where(s => !s.Equals(silo.SiloAddress)).ToArray();
            if (others.Length == 0)
                return;
            var ours = await LocalAsync(management);
            var started = DateTime.UtcNow;
            var next = 0;
            await Parallel.ForEachAsync(ours, cancellationToken, async (id, _) =>
            {
                // Spread over the others; the hint makes Orleans place the grain there and not back here.
                RequestContext.Set(IPlacementDirector.PlacementHintKey, others[Interlocked.Increment(ref next) % others.Length]);
                await grains.GetGrain(id).Cast<IGrainManagementExtension>().MigrateOnIdle();
                RequestContext.Clear();
            });
            var left = ours.Count;
            while (left > 0 && DateTime.UtcNow - started < Patience && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
                left = (await LocalAsync(management)).Count;
            }
            LogHandedOff(ours.Count - left, others.Length, (DateTime.UtcNow - started).TotalSeconds, left);
            if (left == 0 && shared is not null)
                await shared.RecordHandOffAsync(silo.SiloAddress.ToParsableString(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    private async Task<List<GrainId>> LocalAsync(IManagementGrain management)
    {
        // The cluster's memory of its rebuilds moves too: alone on a new host it would think the model never built.
        var types = live.Types().Append(grains.GetGrain<ILiveModelGrain>(0).GetGrainId().Type).ToHashSet();
        return [.. (await management.GetDetailedGrainStatistics(hostsIds: [silo.SiloAddress]))
            .Select(s => s.GrainId).Where(id => types.Contains(id.Type))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: {Moved} live grains moved with their state to {Hosts} other host(s) in {Seconds:F1} s; {Left} left behind")]
    private partial void LogHandedOff(int moved, int hosts, double seconds, int left);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing the live grains to the other hosts failed; those left are restarted empty elsewhere")]
    private partial void LogFailed(Exception exception);
}
