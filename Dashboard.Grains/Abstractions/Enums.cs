namespace Dashboard.Grains.Abstractions;

/// <summary>The event types of the ingestion contract (docs/events.md); wire names in <see cref="EventTypeNames"/>.</summary>
public enum EventType
{
    AgentLogin, AgentLogout, AgentState, AgentQueues,
    CallQueued, CallOffered, CallAnswered, CallHeld, CallResumed, CallEnded, CallAbandoned, CallTransferred,
    ComplaintOpened, ComplaintEscalated, ComplaintResolved, ComplaintClosed,
    SurveyCompleted,
    CallbackScheduled, CallbackCompleted,
    // Appended, not inserted: event types are kept by number in the journal and snapshots.
    ComplaintAssigned, ComplaintNoted, ComplaintReopened, ComplaintReturnCall,
}

/// <summary>Serialized as snake_case words (on_call, wrap_up, not_ready), the same as the ingestion contract.</summary>
public enum AgentState { Offline, Available, Ringing, OnCall, WrapUp, NotReady }

public enum Channel { Voice, Chat, Email }

public enum ComplaintSeverity { Normal, Serious }

/// <summary>Where a complaint is in its life (docs/complaints.md). Assigned and ReturnCallMade were appended: statuses
/// are kept by number.</summary>
public enum ComplaintStatus { Open, InProgress, Escalated, Resolved, Closed, Assigned, ReturnCallMade }

/// <summary>What the customer said on the return call (回访) after a resolution; not satisfied reopens the complaint.</summary>
public enum ReturnCallOutcome { Satisfied, NotSatisfied }

/// <summary>How a callback (回访) ended: the customer reached, tried with no answer, or called off. Wire names in
/// <see cref="CallbackOutcomeNames"/>.</summary>
public enum CallbackOutcome { Reached, NoAnswer, Cancelled }

public static class CallbackOutcomeNames
{
    public static readonly ImmutableDictionary<string, CallbackOutcome> ByName = new Dictionary<string, CallbackOutcome>
    {
        ["reached"] = CallbackOutcome.Reached,
        ["no_answer"] = CallbackOutcome.NoAnswer,
        ["cancelled"] = CallbackOutcome.Cancelled,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static string Name(this CallbackOutcome outcome) => ByName.First(kv => kv.Value == outcome).Key;
}

/// <summary>How a contact left a queue.</summary>
public enum QueueExit { Answered, Abandoned, FlowedOut }

/// <summary>KPI.md: the three service-level formulas (kebab-case in configuration and JSON).</summary>
public enum ServiceLevelFormula { AbandonsAgainst, AnsweredOnly, AbandonsWithinThresholdMet }

public enum AlertSeverity { Warning, Critical }

public enum AlertScope { Queue, Agent }

public static class EventTypeNames
{
    public static readonly ImmutableDictionary<string, EventType> ByName = new Dictionary<string, EventType>
    {
        ["agent.login"] = EventType.AgentLogin,
        ["agent.logout"] = EventType.AgentLogout,
        ["agent.state"] = EventType.AgentState,
        ["agent.queues"] = EventType.AgentQueues,
        ["call.queued"] = EventType.CallQueued,
        ["call.offered"] = EventType.CallOffered,
        ["call.answered"] = EventType.CallAnswered,
        ["call.held"] = EventType.CallHeld,
        ["call.resumed"] = EventType.CallResumed,
        ["call.ended"] = EventType.CallEnded,
        ["call.abandoned"] = EventType.CallAbandoned,
        ["call.transferred"] = EventType.CallTransferred,
        ["complaint.opened"] = EventType.ComplaintOpened,
        ["complaint.escalated"] = EventType.ComplaintEscalated,
        ["complaint.resolved"] = EventType.ComplaintResolved,
        ["complaint.closed"] = EventType.ComplaintClosed,
        ["survey.completed"] = EventType.SurveyCompleted,
        ["callback.scheduled"] = EventType.CallbackScheduled,
        ["callback.completed"] = EventType.CallbackCompleted,
        ["complaint.assigned"] = EventType.ComplaintAssigned,
        ["complaint.noted"] = EventType.ComplaintNoted,
        ["complaint.reopened"] = EventType.ComplaintReopened,
        ["complaint.return_call"] = EventType.ComplaintReturnCall,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static readonly ImmutableDictionary<EventType, string> ByType =
        ByName.ToImmutableDictionary(kv => kv.Value, kv => kv.Key);

    public static string Name(this EventType type) => ByType[type];

    /// <summary>Which grain owns an event: the contact's call shard, the agent, or the complaint.</summary>
    public static bool IsCallEvent(this EventType type) => type is >= EventType.CallQueued and <= EventType.CallTransferred;

    public static bool IsComplaintEvent(this EventType type) =>
        type is (>= EventType.ComplaintOpened and <= EventType.ComplaintClosed) or (>= EventType.ComplaintAssigned and <= EventType.ComplaintReturnCall);
}

/// <summary>The wire names of <see cref="AgentState"/> (snake_case, as the JSON writes them).</summary>
public static class AgentStateNames
{
    /// <summary>Wire name (snake_case), used in query strings such as /floor?state=not_ready and in the UI's text
    /// keys (State.not_ready).</summary>
    public static string WireName(AgentState state) => state switch
    {
        AgentState.Available => "available",
        AgentState.Ringing => "ringing",
        AgentState.OnCall => "on_call",
        AgentState.WrapUp => "wrap_up",
        AgentState.NotReady => "not_ready",
        _ => "offline",
    };
}
