namespace Dashboard.Grains.Abstractions;

// Facts are what one grain derives and another counts. Each carries the producer's Version and replaces the
// previous fact with the same key, so out-of-order or repeated delivery converges to the in-order result.

/// <summary>One stay of a contact in one queue: enqueued, and (once it left) how and when.</summary>
[GenerateSerializer, Immutable, Alias("QueueVisit")]
public sealed record QueueVisit(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string CallId,
    [property: Id(2)] Channel Channel,
    [property: Id(3)] int Priority,
    [property: Id(4)] DateTimeOffset EnqueuedAt,
    [property: Id(5)] DateTimeOffset? LeftAt,
    [property: Id(6)] QueueExit? Exit,
    [property: Id(7)] string? AgentId)
{
    public double? WaitSeconds => LeftAt is { } left ? Math.Max(0, (left - EnqueuedAt).TotalSeconds) : null;
}

/// <summary>All visits of one call to one queue, replacing what the queue had for that call (empty = none).</summary>
[GenerateSerializer, Immutable, Alias("QueueVisitUpdate")]
public sealed record QueueVisitUpdate(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string CallId,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<QueueVisit> Visits);

[GenerateSerializer, Immutable, Alias("HoldSpan")]
public sealed record HoldSpan([property: Id(0)] DateTimeOffset Start, [property: Id(1)] DateTimeOffset? End);

/// <summary>
/// One agent's part in one call, replacing the previous fact for (agent, call). <see cref="Removed"/> means the
/// agent turned out to have no part in it (a later-arriving event changed the picture).
/// </summary>
[GenerateSerializer, Immutable, Alias("AgentCallFact")]
public sealed record AgentCallFact(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string CallId,
    [property: Id(2)] long Version,
    [property: Id(3)] string? QueueId,
    [property: Id(4)] Channel Channel,
    [property: Id(5)] DateTimeOffset? OfferedAt,
    /// <summary>When ringing stopped without this agent answering (missed), else null.</summary>
    [property: Id(6)] DateTimeOffset? RingEndedAt,
    [property: Id(7)] DateTimeOffset? AnsweredAt,
    [property: Id(8)] ImmutableArray<HoldSpan> Holds,
    /// <summary>When this agent's talk ended: call.ended, or a transfer away after answer.</summary>
    [property: Id(9)] DateTimeOffset? EndedAt,
    [property: Id(10)] bool Removed = false,
    /// <summary>When the contact entered the queue this agent answered it from (its wait, for history); null for a direct call.</summary>
    [property: Id(11)] DateTimeOffset? QueuedAt = null);

/// <summary>A call whose handling (talk + hold + wrap-up) finished, counted for its queue's AHT where it completed.</summary>
[GenerateSerializer, Immutable, Alias("HandledContact")]
public sealed record HandledContact(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string CallId,
    [property: Id(2)] string AgentId,
    [property: Id(3)] long Version,
    [property: Id(4)] double TalkSeconds,
    [property: Id(5)] double HoldSeconds,
    [property: Id(6)] double WrapUpSeconds,
    [property: Id(7)] DateTimeOffset CompletedAt,
    [property: Id(8)] bool Removed = false)
{
    public double HandleSeconds => TalkSeconds + HoldSeconds + WrapUpSeconds;
}

/// <summary>The current state of one complaint, replacing the previous one for its id.</summary>
[GenerateSerializer, Immutable, Alias("ComplaintFact")]
public sealed record ComplaintFact(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] long Version,
    [property: Id(2)] string QueueId,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] ComplaintSeverity Severity,
    [property: Id(5)] ComplaintStatus Status,
    [property: Id(6)] DateTimeOffset OpenedAt,
    [property: Id(7)] string? Category)
{
    /// <summary>"In progress" on tiles and rows: not yet resolved, answered by a return call, or closed.</summary>
    public bool IsOpen => Complaints.ComplaintLifecycle.IsOpen(Status);
}
