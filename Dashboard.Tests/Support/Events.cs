namespace Dashboard.Tests.Support;

/// <summary>Builds contract events for tests, with unique ids unless one is given.</summary>
public static class Events
{
    private static long _next;

    private static string NextId() => "t-" + Interlocked.Increment(ref _next);

    public static CenterEvent Login(DateTimeOffset at, string agentId, params string[] queues) =>
        new() { Id = NextId(), Type = EventType.AgentLogin, At = at, AgentId = agentId, Name = agentId, Team = "T", Queues = [.. queues] };

    public static CenterEvent Logout(DateTimeOffset at, string agentId) =>
        new() { Id = NextId(), Type = EventType.AgentLogout, At = at, AgentId = agentId };

    public static CenterEvent State(DateTimeOffset at, string agentId, AgentState state, string? reason = null) =>
        new() { Id = NextId(), Type = EventType.AgentState, At = at, AgentId = agentId, State = state, Reason = reason };

    public static CenterEvent Queued(DateTimeOffset at, string callId, string queueId) =>
        new() { Id = NextId(), Type = EventType.CallQueued, At = at, CallId = callId, QueueId = queueId, Channel = Channel.Voice };

    public static CenterEvent Offered(DateTimeOffset at, string callId, string agentId) =>
        new() { Id = NextId(), Type = EventType.CallOffered, At = at, CallId = callId, AgentId = agentId };

    public static CenterEvent Answered(DateTimeOffset at, string callId, string agentId) =>
        new() { Id = NextId(), Type = EventType.CallAnswered, At = at, CallId = callId, AgentId = agentId };

    public static CenterEvent Held(DateTimeOffset at, string callId) =>
        new() { Id = NextId(), Type = EventType.CallHeld, At = at, CallId = callId };

    public static CenterEvent Resumed(DateTimeOffset at, string callId) =>
        new() { Id = NextId(), Type = EventType.CallResumed, At = at, CallId = callId };

    public static CenterEvent Ended(DateTimeOffset at, string callId) =>
        new() { Id = NextId(), Type = EventType.CallEnded, At = at, CallId = callId };

    public static CenterEvent Abandoned(DateTimeOffset at, string callId) =>
        new() { Id = NextId(), Type = EventType.CallAbandoned, At = at, CallId = callId };

    public static CenterEvent Transferred(DateTimeOffset at, string callId, string toQueueId) =>
        new() { Id = NextId(), Type = EventType.CallTransferred, At = at, CallId = callId, ToQueueId = toQueueId };

    public static CenterEvent ComplaintOpened(DateTimeOffset at, string complaintId, string queueId, string? agentId) =>
        new()
        {
            Id = NextId(), Type = EventType.ComplaintOpened, At = at, ComplaintId = complaintId, QueueId = queueId,
            AgentId = agentId, Severity = ComplaintSeverity.Serious,
        };

    public static CenterEvent ComplaintResolved(DateTimeOffset at, string complaintId) =>
        new() { Id = NextId(), Type = EventType.ComplaintResolved, At = at, ComplaintId = complaintId };

    public static CenterEvent Survey(DateTimeOffset at, string agentId, int score) =>
        new() { Id = NextId(), Type = EventType.SurveyCompleted, At = at, AgentId = agentId, Score = score };

    /// <summary>A unique id with a readable prefix, so tests sharing a cluster never share a queue or agent.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
