using CsCheck;
using Dashboard.Grains.Complaints;

namespace Dashboard.Tests.Complaints;

/// <summary>
/// A complaint's life from its events (docs/complaints.md), worked by hand step by step, and the rule that the case
/// depends on the events only, never on the order they arrive in or on repeats.
/// </summary>
public sealed class ComplaintLifecycleTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(8));

    private static CenterEvent E(string id, EventType type, int minutes) => new()
    {
        Id = id, Type = type, At = Nine.AddMinutes(minutes), ComplaintId = "k1", By = "li.na",
    };

    /// <summary>A whole life: opened with no owner; assigned to a07; noted; escalated to the manager; resolved; the
    /// customer not satisfied on the return call (reopened); resolved again; satisfied; closed.</summary>
    private static readonly CenterEvent[] Life =
    [
        E("open", EventType.ComplaintOpened, 0) with { QueueId = "cards", Severity = ComplaintSeverity.Serious, Category = "fees", CustomerId = "cu-9", By = null },
        E("assign", EventType.ComplaintAssigned, 10) with { AgentId = "a07" },
        E("note", EventType.ComplaintNoted, 20) with { Note = "Called the customer; fee refund asked of billing." },
        E("escalate", EventType.ComplaintEscalated, 30) with { EscalatedTo = "manager" },
        E("resolve", EventType.ComplaintResolved, 60) with { Resolution = "refund" },
        E("call-1", EventType.ComplaintReturnCall, 120) with { ReturnCallOutcome = ReturnCallOutcome.NotSatisfied },
        E("resolve-2", EventType.ComplaintResolved, 180) with { Resolution = "refund and apology" },
        E("call-2", EventType.ComplaintReturnCall, 240) with { ReturnCallOutcome = ReturnCallOutcome.Satisfied },
        E("close", EventType.ComplaintClosed, 300),
    ];

    [Theory]
    [InlineData(1, ComplaintStatus.Open, null)]
    [InlineData(2, ComplaintStatus.Assigned, "a07")]
    [InlineData(3, ComplaintStatus.InProgress, "a07")]
    [InlineData(4, ComplaintStatus.Escalated, "a07")]
    [InlineData(5, ComplaintStatus.Resolved, "a07")]
    [InlineData(6, ComplaintStatus.InProgress, "a07")] // not satisfied: back to its owner
    [InlineData(7, ComplaintStatus.Resolved, "a07")]
    [InlineData(8, ComplaintStatus.ReturnCallMade, "a07")]
    [InlineData(9, ComplaintStatus.Closed, "a07")]
    public void Life_StepByStep_StatusAndOwner(int steps, ComplaintStatus status, string? owner)
    {
        var c = ComplaintLifecycle.Fold("k1", Life.Take(steps))!;

        Assert.Equal((status, owner), (c.Status, c.AgentId));
        Assert.Equal(steps, c.Steps.Length);
    }

    [Fact]
    public void Life_Whole_TheCaseAsWorkedOut()
    {
        var c = ComplaintLifecycle.Fold("k1", Life)!;

        Assert.Equal(("cards", ComplaintSeverity.Serious, "fees", "cu-9"), (c.QueueId, c.Severity, c.Category, c.CustomerId));
        Assert.Equal(Nine.AddMinutes(10), c.FirstResponseAt); // the assignment was the first response
        Assert.Equal(Nine.AddMinutes(180), c.ResolvedAt);      // the second resolution (the reopen cleared the first)
        Assert.Equal(Nine.AddMinutes(300), c.ClosedAt);
        Assert.Equal(("manager", "refund and apology", ReturnCallOutcome.Satisfied, 1), (c.EscalatedTo, c.Resolution, c.ReturnCall, c.Reopened));
        Assert.False(c.IsOpen);
        Assert.Equal("Called the customer; fee refund asked of billing.", c.Steps[2].Text);
        Assert.Equal(Nine.AddMinutes(300), c.LastStepAt);
    }

    [Fact]
    public void NotOpenedYet_NoCase()
    {
        Assert.Null(ComplaintLifecycle.Fold("k1", Life.Skip(1)));
    }

    [Fact]
    public void ClosedComplaint_LateEscalation_StaysClosed_AReopenOpensIt()
    {
        var closed = Life.Take(3).Append(E("close", EventType.ComplaintClosed, 40)).ToList();
        var escalatedAfter = ComplaintLifecycle.Fold("k1", closed.Append(E("late", EventType.ComplaintEscalated, 50)))!;
        var reopened = ComplaintLifecycle.Fold("k1", closed.Append(E("reopen", EventType.ComplaintReopened, 60)))!;

        Assert.Equal(ComplaintStatus.Closed, escalatedAfter.Status);
        Assert.Equal((ComplaintStatus.InProgress, 1, (DateTimeOffset?)null), (reopened.Status, reopened.Reopened, reopened.ClosedAt));
    }

    [Fact]
    public void StepDatedBeforeTheOpening_CountsAfterIt()
    {
        // A CRM whose clock is behind: the assignment says 08:59, the opening 09:00.
        var c = ComplaintLifecycle.Fold("k1", [Life[0], E("assign", EventType.ComplaintAssigned, -1) with { AgentId = "a07" }])!;

        Assert.Equal((ComplaintStatus.Assigned, "a07", (DateTimeOffset?)Nine), (c.Status, c.AgentId, c.FirstResponseAt));
    }

    [Fact]
    public void AnyOrder_AnyRepeats_TheSameCase()
    {
        var expected = ComplaintLifecycle.Fold("k1", Life)!;
        // Events arrive in any order, some twice (a connector's retry).
        Gen.Shuffle(Life.Concat(Life.Take(4)).ToArray()).Sample(events =>
        {
            var c = ComplaintLifecycle.Fold("k1", events)!;
            return c with { Steps = [] } == expected with { Steps = [] } && c.Steps.SequenceEqual(expected.Steps);
        });
    }
}
