namespace Dashboard.Grains.Abstractions;

/// <summary>
/// One validated event of the ingestion contract, from any source (HTTP, queue_log, simulator).
/// Flat on purpose: one shape crosses the grain boundary, and which fields a type uses is in docs/events.md.
/// </summary>
[GenerateSerializer, Immutable, Alias("CenterEvent")]
public sealed record CenterEvent
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required EventType Type { get; init; }
    /// <summary>Event time: when it happened at its source.</summary>
    [Id(2)] public required DateTimeOffset At { get; init; }
    [Id(3)] public string? AgentId { get; init; }
    [Id(4)] public string? QueueId { get; init; }
    [Id(5)] public string? CallId { get; init; }
    /// <summary>agent.state: available, not_ready or wrap_up.</summary>
    [Id(6)] public AgentState? State { get; init; }
    [Id(7)] public string? Reason { get; init; }
    [Id(8)] public string? Name { get; init; }
    [Id(9)] public string? Team { get; init; }
    /// <summary>agent.login, agent.queues: the queues the agent serves; null (login only) keeps what the agent had.</summary>
    [Id(10)] public ImmutableArray<string>? Queues { get; init; }
    [Id(11)] public Channel? Channel { get; init; }
    [Id(12)] public int? Priority { get; init; }
    [Id(13)] public string? ToQueueId { get; init; }
    [Id(14)] public string? ToAgentId { get; init; }
    [Id(15)] public string? ComplaintId { get; init; }
    [Id(16)] public ComplaintSeverity? Severity { get; init; }
    [Id(17)] public string? Category { get; init; }
    [Id(18)] public string? By { get; init; }
    /// <summary>survey.completed: 1–5.</summary>
    [Id(19)] public int? Score { get; init; }
    /// <summary>agent.login, agent.queues: skill level per queue (<see cref="SkillLevels"/>); queues left out keep
    /// theirs, or get the default.</summary>
    [Id(20)] public ImmutableDictionary<string, int>? SkillLevels { get; init; }
    /// <summary>callback.scheduled, callback.completed: the callback (a promise to call a customer back).</summary>
    [Id(21)] public string? CallbackId { get; init; }
    /// <summary>callback.scheduled: when the agent should call back.</summary>
    [Id(22)] public DateTimeOffset? DueAt { get; init; }
    /// <summary>call.offered: when the ring ended unanswered, when the source already knows (Asterisk's RINGNOANSWER).</summary>
    [Id(23)] public DateTimeOffset? RingEndedAt { get; init; }
    /// <summary>The event's place in its source's order, for sources whose clocks cannot tell apart events that
    /// happened in the same instant (whole seconds, as Asterisk's queue_log): among one contact's events with equal
    /// <see cref="At"/>, the lower comes first. Null counts as 0. Only the order matters, never the value.</summary>
    [Id(24)] public long? Seq { get; init; }
    /// <summary>callback.completed: how it ended, when the sender says (an older sender does not).</summary>
    [Id(25)] public CallbackOutcome? CallbackOutcome { get; init; }
    /// <summary>complaint.noted: the note; survey.completed: the customer's comment (wire `comment`). Up to 2,000 characters.</summary>
    [Id(26)] public string? Note { get; init; }
    /// <summary>complaint.resolved: how it was resolved (a category of the center's own).</summary>
    [Id(27)] public string? Resolution { get; init; }
    /// <summary>complaint.return_call: what the customer said.</summary>
    [Id(28)] public ReturnCallOutcome? ReturnCallOutcome { get; init; }
    /// <summary>complaint.escalated: to whom (a role or a person, as the sender says: "manager").</summary>
    [Id(29)] public string? EscalatedTo { get; init; }
    /// <summary>complaint.opened: the customer, for repeat complainants (an id of the CRM's).</summary>
    [Id(30)] public string? CustomerId { get; init; }
}
