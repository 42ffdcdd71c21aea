namespace Dashboard.Grains.Abstractions;

// Snapshots are the read side: exactly the JSON shapes of the read contract (docs/events.md), camelCase on the wire.

/// <summary>Queue counters and KPIs over one window (today, or the last 30 minutes). Ratios are null when undefined.</summary>
[GenerateSerializer, Immutable, Alias("WindowFigures")]
public sealed record WindowFigures(
    [property: Id(0)] int Offered,
    [property: Id(1)] int Answered,
    [property: Id(2)] int Abandoned,
    [property: Id(3)] int ShortAbandoned,
    [property: Id(4)] int FlowedOut,
    [property: Id(5)] int AnsweredWithinThreshold,
    [property: Id(6)] int AbandonedWithinThreshold,
    [property: Id(7)] double? ServiceLevel,
    [property: Id(8)] double? AsaSeconds,
    [property: Id(9)] double? AhtSeconds,
    [property: Id(10)] double? AbandonRate,
    [property: Id(11)] int Handled)
{
    public static readonly WindowFigures Empty = new(0, 0, 0, 0, 0, 0, 0, null, null, null, null, 0);
}

/// <summary>Agents assigned to a queue, by state now. Staffed = not offline.</summary>
[GenerateSerializer, Immutable, Alias("AgentCounts")]
public sealed record AgentCounts(
    [property: Id(0)] int Staffed,
    [property: Id(1)] int Available,
    [property: Id(2)] int OnCall,
    [property: Id(3)] int WrapUp,
    [property: Id(4)] int NotReady,
    [property: Id(5)] int Ringing)
{
    public static readonly AgentCounts None = new(0, 0, 0, 0, 0, 0);
}

/// <summary>Per-queue service-level settings (KPI.md); a queue created on first sight gets <see cref="Default"/>.</summary>
[GenerateSerializer, Immutable, Alias("QueueSettings")]
public sealed record QueueSettings(
    [property: Id(0)] double ServiceLevelTarget,
    [property: Id(1)] int ServiceLevelThresholdSeconds,
    [property: Id(2)] int ShortAbandonSeconds,
    [property: Id(3)] ServiceLevelFormula ServiceLevelFormula,
    [property: Id(4)] bool IncludeFlowOuts,
    [property: Id(5)] bool WrapUp)
{
    public static readonly QueueSettings Default = new(0.80, 20, 5, ServiceLevelFormula.AbandonsAgainst, false, true);
}

[GenerateSerializer, Immutable, Alias("QueueSnapshot")]
public sealed record QueueSnapshot(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string Name,
    [property: Id(2)] Channel Channel,
    [property: Id(3)] int Waiting,
    /// <summary>As of <see cref="AsOf"/>; readers that show it later recompute it from <see cref="OldestWaitingSince"/>.</summary>
    [property: Id(4)] double LongestWaitSeconds,
    [property: Id(5)] DateTimeOffset? OldestWaitingSince,
    [property: Id(6)] AgentCounts Agents,
    [property: Id(7)] WindowFigures Today,
    [property: Id(8)] WindowFigures Last30m,
    [property: Id(9)] int ComplaintsOpen,
    [property: Id(10)] double ServiceLevelTarget,
    [property: Id(11)] int ServiceLevelThresholdSeconds,
    [property: Id(12)] QueueSettings Settings,
    [property: Id(13)] long Version,
    [property: Id(14)] DateTimeOffset AsOf)
{
    public double LongestWaitAt(DateTimeOffset now) =>
        OldestWaitingSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0;
}

/// <summary>Customer satisfaction from surveys: mean score 1–5 and the share of 4s and 5s.</summary>
[GenerateSerializer, Immutable, Alias("Csat")]
public sealed record Csat([property: Id(0)] double Mean, [property: Id(1)] double TopTwoBox, [property: Id(2)] int Responses);

/// <summary>An agent's figures for today (KPI.md, agent KPIs). Ratios are null when undefined.</summary>
[GenerateSerializer, Immutable, Alias("AgentToday")]
public sealed record AgentToday(
    [property: Id(0)] int Handled,
    [property: Id(1)] double? AhtSeconds,
    [property: Id(2)] double TalkSeconds,
    [property: Id(3)] double HoldSeconds,
    [property: Id(4)] double WrapUpSeconds,
    [property: Id(5)] double NotReadySeconds,
    [property: Id(6)] double AvailableSeconds,
    [property: Id(7)] double? Occupancy,
    [property: Id(8)] int Missed,
    [property: Id(9)] int ComplaintsOpen,
    [property: Id(10)] Csat? Csat,
    /// <summary>Not-ready time today per reason code.</summary>
    [property: Id(11)] ImmutableDictionary<string, double> NotReadyByReason)
{
    public static readonly AgentToday Empty = new(0, null, 0, 0, 0, 0, 0, null, 0, 0, null, ImmutableDictionary<string, double>.Empty);
}

[GenerateSerializer, Immutable, Alias("AgentSnapshot")]
public sealed record AgentSnapshot(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Team,
    [property: Id(3)] AgentState State,
    [property: Id(4)] string? Reason,
    [property: Id(5)] DateTimeOffset StateSince,
    [property: Id(6)] string? CurrentCallId,
    /// <summary>When the current call was answered (on_call) or offered (ringing).</summary>
    [property: Id(7)] DateTimeOffset? CallSince,
    [property: Id(8)] bool OnHold,
    [property: Id(9)] ImmutableArray<string> Queues,
    [property: Id(10)] AgentToday Today,
    [property: Id(11)] long Version,
    [property: Id(12)] DateTimeOffset AsOf,
    /// <summary>Skill level (<see cref="SkillLevels"/>) for each of <see cref="Queues"/>.</summary>
    [property: Id(13)] ImmutableDictionary<string, int> SkillLevels)
{
    /// <summary>The queue of the contact in hand (<see cref="CurrentCallId"/>); null for a direct call or none.</summary>
    [Id(14)]
    public string? CallQueueId { get; init; }

    /// <summary>How long the caller of the contact in hand waited in the queue before it reached this agent.</summary>
    [Id(15)]
    public double? CallerWaitedSeconds { get; init; }
}

/// <summary>An active SLA alert. <see cref="Id"/> is stable per subject and rule (e.g. "queue:sales:service-level").
/// Figures only: the web host writes its sentence, in the reader's language (and in English for the API's message).</summary>
[GenerateSerializer, Immutable, Alias("Alert")]
public sealed record Alert(
    [property: Id(0)] string Id,
    [property: Id(1)] AlertScope Scope,
    [property: Id(2)] string SubjectId,
    [property: Id(3)] string SubjectName,
    [property: Id(4)] string Rule,
    [property: Id(5)] AlertSeverity Severity,
    // Id 6 was an English sentence built by the engine; unused so that older copies still read.
    /// <summary>The figure now while the condition holds; after that the last bad reading (see <see cref="Holding"/>).</summary>
    [property: Id(7)] double Value,
    [property: Id(8)] double Threshold,
    [property: Id(9)] DateTimeOffset RaisedAt,
    /// <summary>Set on the last publication of an alert that has just cleared.</summary>
    [property: Id(10)] DateTimeOffset? ClearedAt,
    /// <summary>Who acknowledged it (a supervisor or manager) and when; cleared with the alert.</summary>
    [property: Id(11)] string? AcknowledgedBy = null,
    [property: Id(12)] DateTimeOffset? AcknowledgedAt = null)
{
    /// <summary>The worst reading since raised: the lowest service level, the highest of the other figures.</summary>
    [Id(13)]
    public double Peak { get; init; }

    /// <summary>Whether the condition holds now. False while a raised alert waits out its clear time: then
    /// <see cref="Value"/> is no longer the figure now, so the text says since when and the peak instead.</summary>
    [Id(14)]
    public bool Holding { get; init; } = true;

    /// <summary>The reason code of an agent's not-ready alert.</summary>
    [Id(15)]
    public string? Reason { get; init; }
}

/// <summary>
/// The floor's shape, shared by its two meanings: the whole floor (<see cref="FloorState"/>) and what changed since
/// the last publication (<see cref="FloorDelta"/>). Kept as two types so a reader, and the compiler, can tell a
/// complete floor from a partial one: a delta's queues and agents are only the changed ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("FloorPicture")]
public abstract record FloorPicture(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] ImmutableArray<QueueSnapshot> Queues,
    [property: Id(3)] ImmutableArray<AgentSnapshot> Agents,
    /// <summary>All active alerts, whole in a delta too (short, and simpler than a diff).</summary>
    [property: Id(4)] ImmutableArray<Alert> Alerts)
{
    /// <summary>The settings screens use (alert levels, staffing plan): always in the whole floor, and in a delta
    /// only after they changed.</summary>
    [Id(5)]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FloorSettings? Settings { get; init; }
}

/// <summary>What the floor publishes to each web host at most every publication interval: what changed since the last one.</summary>
[GenerateSerializer, Immutable, Alias("FloorDelta")]
public sealed record FloorDelta(
    long Sequence, DateTimeOffset At, ImmutableArray<QueueSnapshot> Queues, ImmutableArray<AgentSnapshot> Agents,
    ImmutableArray<Alert> Alerts)
    : FloorPicture(Sequence, At, Queues, Agents, Alerts);

/// <summary>The whole floor: what a web host loads when it (re)subscribes.</summary>
[GenerateSerializer, Immutable, Alias("FloorState")]
public sealed record FloorState(
    long Sequence, DateTimeOffset At, ImmutableArray<QueueSnapshot> Queues, ImmutableArray<AgentSnapshot> Agents,
    ImmutableArray<Alert> Alerts)
    : FloorPicture(Sequence, At, Queues, Agents, Alerts);

/// <summary>A callback an agent owes a customer, until it is completed.</summary>
[GenerateSerializer, Immutable, Alias("Callback")]
public sealed record Callback(
    [property: Id(0)] string CallbackId,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] string? QueueId,
    [property: Id(3)] string? CallId,
    /// <summary>What it is about, as the source says it.</summary>
    [property: Id(4)] string? Topic,
    [property: Id(5)] DateTimeOffset ScheduledAt);

/// <summary>An agent's own work items for their desk: open complaints they own and callbacks due, soonest first.</summary>
[GenerateSerializer, Immutable, Alias("AgentDesk")]
public sealed record AgentDesk(
    [property: Id(0)] string AgentId,
    [property: Id(1)] ImmutableArray<ComplaintFact> OpenComplaints,
    [property: Id(2)] ImmutableArray<Callback> Callbacks);
