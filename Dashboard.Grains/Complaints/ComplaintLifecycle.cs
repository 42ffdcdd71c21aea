namespace Dashboard.Grains.Complaints;

/// <summary>One step of a complaint's life, as its event says: who did what, when.</summary>
/// <param name="AgentId">complaint.assigned: the new owner.</param>
/// <param name="Text">The note, the resolution, or to whom it was escalated.</param>
[GenerateSerializer, Immutable, Alias("ComplaintStep")]
public sealed record ComplaintStep(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] EventType Kind,
    [property: Id(2)] string? By,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] string? Text,
    [property: Id(5)] ReturnCallOutcome? Outcome);

/// <summary>
/// A complaint as the complaint desk shows it: where it is in its life, who owns it, when it was first answered and
/// resolved, and every step (<see cref="Steps"/>, empty in the desk's list, which keeps the summary only).
/// </summary>
[GenerateSerializer, Immutable, Alias("ComplaintCase")]
public sealed record ComplaintCase(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] long Version,
    [property: Id(2)] string QueueId,
    /// <summary>The owner: the agent who took the contact, or whom it was assigned to since.</summary>
    [property: Id(3)] string? AgentId,
    [property: Id(4)] ComplaintSeverity Severity,
    [property: Id(5)] ComplaintStatus Status,
    [property: Id(6)] DateTimeOffset OpenedAt,
    [property: Id(7)] string? Category,
    [property: Id(8)] string? CallId,
    [property: Id(9)] string? CustomerId,
    [property: Id(10)] string? EscalatedTo,
    [property: Id(11)] string? Resolution,
    [property: Id(12)] ReturnCallOutcome? ReturnCall,
    /// <summary>Times it was reopened (by a reopen, or a return call with the customer not satisfied).</summary>
    [property: Id(13)] int Reopened,
    /// <summary>The first time anyone acted on it after it was opened (assigned, noted, escalated, resolved).</summary>
    [property: Id(14)] DateTimeOffset? FirstResponseAt,
    /// <summary>When it was resolved, while it stays resolved (a reopen clears it).</summary>
    [property: Id(15)] DateTimeOffset? ResolvedAt,
    [property: Id(16)] DateTimeOffset? ClosedAt,
    [property: Id(17)] DateTimeOffset LastStepAt,
    [property: Id(18)] ImmutableArray<ComplaintStep> Steps)
{
    /// <summary>Still to be dealt with: not resolved, answered by a return call, or closed.</summary>
    public bool IsOpen => ComplaintLifecycle.IsOpen(Status);

    /// <summary>What the queues and the owner's desk count.</summary>
    public ComplaintFact Fact => new(ComplaintId, Version, QueueId, AgentId, Severity, Status, OpenedAt, Category);

    /// <summary>The case without its steps, as the desk's list keeps it.</summary>
    public ComplaintCase Summary => Steps.IsDefaultOrEmpty ? this : this with { Steps = [] };
}

/// <summary>
/// A complaint's life from its events (docs/complaints.md): opened → assigned → in progress → escalated → resolved →
/// return call made → closed, with reopen. The events are folded in event time (the opening first), so events that
/// arrive out of order, or again, settle on the same case.
/// </summary>
public static class ComplaintLifecycle
{
    public static bool IsOpen(ComplaintStatus status) =>
        status is not (ComplaintStatus.Resolved or ComplaintStatus.ReturnCallMade or ComplaintStatus.Closed);

    /// <summary>At equal times, the earlier step of the lifecycle first.</summary>
    private static int Stage(EventType type) => type switch
    {
        EventType.ComplaintOpened => 0,
        EventType.ComplaintAssigned => 1,
        EventType.ComplaintNoted => 2,
        EventType.ComplaintEscalated => 3,
        EventType.ComplaintResolved => 4,
        EventType.ComplaintReturnCall => 5,
        EventType.ComplaintReopened => 6,
        _ => 7,
    };

    /// <summary>The case its events make, Version 0; null until it has been opened. Each event counts once (by id).</summary>
    public static ComplaintCase? Fold(string complaintId, IEnumerable<CenterEvent> events)
    {
        var distinct = events.DistinctBy(e => e.Id, StringComparer.Ordinal).ToList();
        var opened = distinct.Where(e => e.Type == EventType.ComplaintOpened)
            .OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault();
        if (opened is null)
        {
            return null;
        }
        var owner = opened.AgentId;
        var status = owner is null ? ComplaintStatus.Open : ComplaintStatus.InProgress;
        string? escalatedTo = null, resolution = null;
        ReturnCallOutcome? returnCall = null;
        var reopened = 0;
        DateTimeOffset? firstResponse = null, resolvedAt = null, closedAt = null;
        var steps = ImmutableArray.CreateBuilder<ComplaintStep>();
        steps.Add(new ComplaintStep(opened.At, opened.Type, opened.By, opened.AgentId, opened.Note ?? opened.Category, null)); // the opening's words (a survey's comment), else its category
        var last = opened.At;

        // A step dated before the opening (a clock behind) still comes after it.
        foreach (var e in distinct.Where(e => e != opened && e.Type != EventType.ComplaintOpened)
                     .OrderBy(e => e.At).ThenBy(e => Stage(e.Type)).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var at = e.At < opened.At ? opened.At : e.At;
            last = at > last ? at : last;
            var closed = status == ComplaintStatus.Closed;
            switch (e.Type)
            {
                case EventType.ComplaintAssigned:
                    owner = e.AgentId ?? owner;
                    if (status is ComplaintStatus.Open or ComplaintStatus.InProgress or ComplaintStatus.Assigned)
                        status = ComplaintStatus.Assigned;
                    firstResponse ??= at;
                    break;
                case EventType.ComplaintNoted:
                    if (status is ComplaintStatus.Open or ComplaintStatus.Assigned)
                        status = ComplaintStatus.InProgress;
                    firstResponse ??= at;
                    break;
                case EventType.ComplaintEscalated when !closed:
                    status = ComplaintStatus.Escalated;
                    escalatedTo = e.EscalatedTo ?? escalatedTo;
                    firstResponse ??= at;
                    break;
                case EventType.ComplaintResolved when !closed:
                    status = ComplaintStatus.Resolved;
                    resolution = e.Resolution ?? resolution;
                    resolvedAt = at;
                    firstResponse ??= at;
                    break;
                case EventType.ComplaintReturnCall:
                    returnCall = e.ReturnCallOutcome;
                    if (e.ReturnCallOutcome == ReturnCallOutcome.NotSatisfied)
                    {
                        Reopen();
                    }
                    else if (status == ComplaintStatus.Resolved)
                    {
                        status = ComplaintStatus.ReturnCallMade;
                    }
                    break;
                case EventType.ComplaintReopened when !IsOpen(status):
                    Reopen();
                    break;
                case EventType.ComplaintClosed:
                    status = ComplaintStatus.Closed;
                    closedAt = at;
                    break;
            }
            steps.Add(new ComplaintStep(at, e.Type, e.By, e.AgentId, e.Note ?? e.Resolution ?? e.EscalatedTo, e.ReturnCallOutcome));
        }

        return new ComplaintCase(
            complaintId, 0, opened.QueueId!, owner, opened.Severity ?? ComplaintSeverity.Normal, status, opened.At,
            opened.Category, opened.CallId, opened.CustomerId, escalatedTo, resolution, returnCall, reopened, firstResponse,
            resolvedAt, closedAt, last, steps.ToImmutable());

        void Reopen()
        {
            status = owner is null ? ComplaintStatus.Open : ComplaintStatus.InProgress;
            reopened++;
            resolvedAt = null;
            closedAt = null;
        }
    }
}
