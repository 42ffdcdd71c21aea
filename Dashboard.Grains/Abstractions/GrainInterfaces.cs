using Orleans.Metadata;

namespace Dashboard.Grains.Abstractions;

// The ingestion pipeline (Ingestion/EventIngestor) calls these in phases, one call per grain per batch:
// call shards and complaints → agents → queues → floor. Grains return what the next phase needs instead of
// calling onward, so no grain waits on another and a batch costs one call per grain it touches.

/// <summary>
/// A grain of the live model that a checkpoint captures and a restart restores (the host's snapshots, so a restart
/// replays minutes of the journal instead of the day). The state is the grain's own serialized bytes, taken in one
/// turn, so it is a consistent copy; what is inside is the grain's business and versioned by Orleans' field ids.
/// </summary>
public interface ILiveStateGrain : IGrain
{
    Task<Immutable<byte[]>> CaptureAsync();

    /// <summary>Replaces whatever the grain holds by <paramref name="state"/>, from <see cref="CaptureAsync"/>.</summary>
    Task RestoreAsync(Immutable<byte[]> state);

    /// <summary>Back to what the grain held when it activated, for a rebuild of the live model from the journal.</summary>
    Task ResetAsync();
}

/// <summary>
/// Who rebuilds the live model of a cluster from its shared journal, and when it is whole again (key 0). A rebuild
/// is wanted when a cluster starts with nothing in memory, and when a host dies holding grains; one host does it
/// while the others hold their ingest, so no event reaches a grain before the day that went before it.
/// </summary>
public interface ILiveModelGrain : IGrainWithIntegerKey
{
    /// <summary>A host starting: rebuild when the live model was never built (a cluster starting cold), else wait for a
    /// rebuild under way, else nothing.</summary>
    Task<RebuildTurn> StartingAsync(string host);

    /// <summary>A host that noticed <paramref name="lost"/> dead (with grains in memory) and has paused its ingest.</summary>
    Task<RebuildTurn> LostAsync(string host, string lost);

    /// <summary>The hosts that have paused for the rebuild <paramref name="rebuild"/>.</summary>
    Task<ImmutableArray<string>> PausedAsync(string rebuild);

    Task<bool> IsBuiltAsync(string rebuild);

    /// <summary>The rebuild <paramref name="rebuild"/> is done: the live model holds the whole journal.</summary>
    Task BuiltAsync(string rebuild);

    /// <summary>
    /// <paramref name="host"/> wants a snapshot of the whole cluster (and pauses its own ingest next): the id of the cut it
    /// coordinates, or null when one cannot be made now (the model is being built, or a cut is under way).
    /// <paramref name="dead"/>: hosts the caller's membership shows dead (and dealt with), no longer to wait for.
    /// </summary>
    Task<string?> BeginCutAsync(string host, ImmutableArray<string> dead);

    /// <summary>A cut <paramref name="host"/> has still to pause for, if any (each host asks now and then).</summary>
    Task<string?> CutWantedAsync(string host);

    /// <summary><paramref name="host"/> has paused its ingest for <paramref name="cut"/>.</summary>
    Task JoinCutAsync(string cut, string host);

    /// <summary>The grains' states of <paramref name="cut"/> are captured: the hosts may go on.</summary>
    Task CapturedAsync(string cut);

    /// <summary><paramref name="host"/>, after the capture, has its history before the cut in the history store.</summary>
    Task WrittenAsync(string cut, string host);

    Task<CutView> CutAsync(string cut);

    /// <summary>Ends <paramref name="cut"/>; true when it stood to the end, so its snapshot may be kept.</summary>
    Task<bool> FinishCutAsync(string cut);
}

/// <summary>Where a cluster-wide cut for a snapshot stands (see <see cref="ILiveModelGrain.BeginCutAsync"/>).</summary>
/// <param name="Hosts">The hosts known to feed the live model when the cut began (each registers as it starts).</param>
/// <param name="Over">Finished, or abandoned (a host started or was lost during it, or it ran too long), or unknown.</param>
[GenerateSerializer, Immutable, Alias("CutView")]
public sealed record CutView(
    [property: Id(0)] ImmutableArray<string> Hosts, [property: Id(1)] ImmutableArray<string> Paused, [property: Id(2)] bool Captured,
    [property: Id(3)] ImmutableArray<string> Written, [property: Id(4)] bool Over);

/// <summary>
/// Who in a cluster runs a source that every host is configured with (the queue_log follower, a replay), keyed by
/// the source: one host at a time holds the lease and renews it; when it stops renewing (it died), another takes it.
/// </summary>
public interface ISourceLeaseGrain : IGrainWithStringKey
{
    /// <summary>Takes or renews the lease for <paramref name="term"/>; false while another host holds it.</summary>
    Task<bool> HoldAsync(string host, TimeSpan term);

    /// <summary>Gives the lease up (a host stopping), so another takes it at once.</summary>
    Task ReleaseAsync(string host);
}

/// <param name="Rebuild">Why: <see cref="RebuildTurn.ColdStart"/> or the lost host's address.</param>
[GenerateSerializer, Immutable, Alias("RebuildTurn")]
public sealed record RebuildTurn([property: Id(0)] RebuildRole Role, [property: Id(1)] string Rebuild)
{
    public const string ColdStart = "cold-start";
}

public enum RebuildRole
{
    /// <summary>The live model is whole: go on.</summary>
    Nothing,
    /// <summary>This host rebuilds it.</summary>
    Rebuild,
    /// <summary>Another host is rebuilding it: hold ingest until it is built.</summary>
    Wait,
}

/// <summary>Owns the in-flight calls whose id hashes to this shard (key: shard number).</summary>
[DefaultGrainType(GrainKeys.CallShardType)]
public interface ICallShardGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    /// <param name="batchLatest">The latest event time of the whole ingested batch these events came from: the shard's
    /// watermark moves with the feed, not only with the few contacts that hash here.</param>
    Task<CallShardResult> ApplyAsync(ImmutableArray<CenterEvent> events, DateTimeOffset batchLatest);
}

[GenerateSerializer, Immutable, Alias("CallShardResult")]
public sealed record CallShardResult(
    [property: Id(0)] int Duplicates,
    [property: Id(1)] ImmutableArray<QueueVisitUpdate> Visits,
    [property: Id(2)] ImmutableArray<AgentCallFact> AgentCalls,
    /// <summary>Events for contacts already let go, or older than anything still remembered.</summary>
    [property: Id(3)] int Late);

/// <summary>One complaint (key: complaint id).</summary>
public interface IComplaintGrain : IGrainWithStringKey, ILiveStateGrain
{
    Task<ComplaintResult> ApplyAsync(ImmutableArray<CenterEvent> events);

    /// <summary>The whole case, every step; null for a complaint never opened.</summary>
    Task<Complaints.ComplaintCase?> GetCaseAsync();
}

/// <summary>The complaint desk's list: every complaint still open, and those closed in the last weeks, as summaries.</summary>
public interface IComplaintDeskGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    /// <summary>Takes the complaints' latest cases; an older version than the one held changes nothing.</summary>
    Task UpsertAsync(ImmutableArray<Complaints.ComplaintCase> cases);

    Task<ImmutableArray<Complaints.ComplaintCase>> ListAsync();
}

[GenerateSerializer, Immutable, Alias("ComplaintResult")]
public sealed record ComplaintResult(
    [property: Id(0)] int Duplicates,
    /// <summary>The new state, for the queue and the owning agent; null when nothing changed or it was never opened.</summary>
    [property: Id(1)] ComplaintFact? Fact,
    /// <summary>An agent who owned it before and must drop it.</summary>
    [property: Id(2)] string? FormerAgentId)
{
    /// <summary>The case as the complaint desk lists it (no steps), when it changed; with <see cref="Fact"/>.</summary>
    [Id(3)] public Complaints.ComplaintCase? Case { get; init; }
}

/// <summary>One agent (key: agent id).</summary>
[DefaultGrainType(GrainKeys.AgentType)]
public interface IAgentGrain : IGrainWithStringKey, ILiveStateGrain
{
    Task<AgentBatchResult> ApplyAsync(AgentBatch batch);

    [ReadOnly]
    Task<AgentSnapshot> GetSnapshotAsync();

    /// <summary>Open complaints the agent owns and the callbacks they owe, for their desk.</summary>
    [ReadOnly]
    Task<AgentDesk> GetDeskAsync();
}

[GenerateSerializer, Immutable, Alias("AgentBatch")]
public sealed record AgentBatch(
    /// <summary>agent.login, agent.logout, agent.state, agent.queues, survey.completed, callback.*.</summary>
    [property: Id(0)] ImmutableArray<CenterEvent> Events,
    [property: Id(1)] ImmutableArray<AgentCallFact> Calls,
    [property: Id(2)] ImmutableArray<ComplaintFact> Complaints);

[GenerateSerializer, Immutable, Alias("AgentBatchResult")]
public sealed record AgentBatchResult(
    [property: Id(0)] int Duplicates,
    /// <summary>Handling that completed (or changed) in this batch, for the queues' AHT.</summary>
    [property: Id(1)] ImmutableArray<HandledContact> Handled,
    [property: Id(2)] AgentSnapshot Snapshot,
    /// <summary>Events older than the detail the agent still holds.</summary>
    [property: Id(3)] int Late);

/// <summary>One queue (key: queue id).</summary>
public interface IQueueGrain : IGrainWithStringKey, ILiveStateGrain
{
    Task<QueueSnapshot> ApplyAsync(QueueBatch batch);

    [ReadOnly]
    Task<QueueSnapshot> GetSnapshotAsync();

    /// <summary>A manager's change (from <see cref="ICenterSettingsGrain"/>): applies to contacts counted from now on
    /// and to how the ratios are computed; the queue publishes at once.</summary>
    Task<QueueSnapshot> SetSettingsAsync(QueueSettings settings);
}

[GenerateSerializer, Immutable, Alias("QueueBatch")]
public sealed record QueueBatch(
    [property: Id(0)] ImmutableArray<QueueVisitUpdate> Visits,
    [property: Id(1)] ImmutableArray<HandledContact> Handled,
    [property: Id(2)] ImmutableArray<ComplaintFact> Complaints);

/// <summary>The floor aggregate (key 0): every snapshot, staffing per queue, alerts, and the live publication.</summary>
public interface IFloorGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    /// <param name="receivedAtUtc">When the batch behind these snapshots entered the pipeline (for the
    /// event-to-push latency metric); null for refreshes no event caused.</param>
    Task ApplyAsync(ImmutableArray<QueueSnapshot> queues, ImmutableArray<AgentSnapshot> agents, DateTime? receivedAtUtc);

    [ReadOnly]
    Task<FloorState> GetStateAsync();

    /// <summary>One queue's snapshot with its staffing, or null for a queue never seen or configured.</summary>
    [ReadOnly]
    Task<QueueSnapshot?> GetQueueAsync(string queueId);

    /// <summary>One agent's snapshot, or null for an agent never seen or configured.</summary>
    [ReadOnly]
    Task<AgentSnapshot?> GetAgentAsync(string agentId);

    /// <summary>Records who acknowledged an active alert and when, until it clears; null when no such alert is active.</summary>
    Task<Alert?> AcknowledgeAsync(string alertId, string by);

    /// <summary>
    /// The alerts a part of the department judges outside the floor's engine (the complaint desk's), as one source
    /// (a host) sees them now: the floor shows the union of what its sources said in the last
    /// <see cref="Floor.DepartmentAlerts.SourceLifetime"/>, keeps each one's raise time and acknowledgement, and clears
    /// one once no source says it any more.
    /// </summary>
    Task SetDepartmentAlertsAsync(string source, ImmutableArray<Alert> alerts);

    /// <summary>A host replays its journal (true) or has finished (false): alerts are not judged on a floor still
    /// filling, so kept alerts stand and no alert is raised on half a day's figures.</summary>
    Task CatchingUpAsync(bool catchingUp);

    Task SubscribeAsync(IFloorObserver observer);

    Task UnsubscribeAsync(IFloorObserver observer);

    /// <summary>Alert levels (used from the next evaluation) and the staffing plan, from <see cref="ICenterSettingsGrain"/>;
    /// published to every screen with the next delta.</summary>
    Task SetSettingsAsync(FloorSettings settings);
}

/// <summary>A web host's live feed: receives a delta at most every 100 ms, and a heartbeat delta every second.</summary>
public interface IFloorObserver : IGrainObserver
{
    [OneWay]
    Task OnFloorChangedAsync(FloorDelta delta);
}

/// <summary>
/// Events from before the center's day (DESIGN.md: they update history only) go through grains of their own: the
/// same classes as the live call shards and agents under other grain types, so they derive the same history records
/// while what they return feeds no queue, floor or screen, and the live agents keep their present state.
/// </summary>
public interface IPastCallShardGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    Task<CallShardResult> ApplyAsync(ImmutableArray<CenterEvent> events, DateTimeOffset batchLatest);

    /// <summary>The source has sent all it will (an import ended): every finished contact goes to history now.</summary>
    Task WriteHistoryNowAsync();
}

/// <inheritdoc cref="IPastCallShardGrain"/>
public interface IPastAgentGrain : IGrainWithStringKey, ILiveStateGrain
{
    Task<AgentBatchResult> ApplyAsync(AgentBatch batch);

    /// <summary>The source has sent all it will (an import ended): every closed span and handled call goes to history now.</summary>
    Task WriteHistoryNowAsync();
}

public static class GrainKeys
{
    public const string CallShardType = "callshard";
    public const string AgentType = "agent";
    public const string PastCallShardType = "past-callshard";
    public const string PastAgentType = "past-agent";

    /// <summary>The single floor aggregate.</summary>
    public const long Floor = 0;

    /// <summary>The single complaint desk (the list of complaints).</summary>
    public const long ComplaintDesk = 0;
}
