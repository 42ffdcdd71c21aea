namespace Dashboard.Grains.History;

// What the live model hands to history (docs/timeseries.md). Records are posted to a service in the same silo
// (IHistorySink), never sent between grains, so they carry no Orleans serialization attributes.

/// <summary>One point of history; <see cref="At"/> is event time, whatever day it falls on.</summary>
public abstract record HistoryRecord(DateTimeOffset At);

/// <summary>How a contact left a queue, as history records it (a direct call is recorded as answered with no queue).</summary>
public enum ContactOutcome { Answered, Abandoned, FlowedOut }

/// <summary>
/// One finished contact in one queue (a transfer makes one per queue visited). <see cref="HistoryRecord.At"/> is
/// when it left the queue: answered, abandoned or flowed out. It entered the queue <see cref="WaitSeconds"/>
/// earlier, and (answered) its handling completed talk + hold + wrap-up later, which is where KPI.md counts
/// offered, exits and handle time.
/// </summary>
public sealed record ContactRecord(
    DateTimeOffset At,
    string? QueueId,
    string? AgentId,
    Channel Channel,
    ContactOutcome Outcome,
    string CallId,
    double? WaitSeconds,
    double TalkSeconds,
    double HoldSeconds,
    double WrapUpSeconds,
    bool WithinThreshold,
    bool ShortAbandon) : HistoryRecord(At)
{
    public double HandleSeconds => TalkSeconds + HoldSeconds + WrapUpSeconds;
}

/// <summary>The states an agent's time is counted in (ringing and offline are not).</summary>
public enum SpanState { Available, Talk, Hold, WrapUp, NotReady }

/// <summary>One finished span of one agent state from <see cref="HistoryRecord.At"/>; split at the center's day start.</summary>
public sealed record AgentSpanRecord(
    DateTimeOffset At, string AgentId, SpanState State, string? Reason, double DurationSeconds) : HistoryRecord(At)
{
    public DateTimeOffset End => At.AddTicks((long)Math.Round(DurationSeconds * TimeSpan.TicksPerSecond));
}

/// <summary>A satisfaction survey answer (CSAT).</summary>
public sealed record SurveyRecord(
    DateTimeOffset At, string AgentId, string? QueueId, int Score, string EventId) : HistoryRecord(At);

/// <summary>A step of a complaint as history keeps it (by name; appended ones after Closed). A note is not kept.</summary>
public enum ComplaintTransition { Opened, Escalated, Resolved, Closed, Assigned, Reopened, ReturnCallSatisfied, ReturnCallNotSatisfied }

/// <summary>One step in a complaint's life, at the time its event says.</summary>
public sealed record ComplaintRecord(
    DateTimeOffset At, string ComplaintId, string QueueId, string? AgentId, ComplaintSeverity Severity,
    ComplaintTransition Transition, string? By) : HistoryRecord(At);

/// <summary>A queue as the wall-board showed it at <see cref="HistoryRecord.At"/> (sampled every few seconds).</summary>
public sealed record QueueSampleRecord(
    DateTimeOffset At, string QueueId, Channel Channel, int Waiting, double LongestWaitSeconds,
    int Staffed, int Available, int OnCall, int WrapUp, int NotReady, int ComplaintsOpen,
    double? ServiceLevel30m, double? AbandonRate30m) : HistoryRecord(At);
