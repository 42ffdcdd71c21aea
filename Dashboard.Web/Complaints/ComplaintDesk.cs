using System.Security.Claims;
using Dashboard.Grains.Complaints;
using Dashboard.Grains.Ingestion;
using Dashboard.Web.Audit;
using Dashboard.Web.Ingestion;
using Dashboard.Web.Security;
using Dashboard.Web.Webhooks;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Complaints;

/// <summary>What can be done to a complaint from the desk (each becomes the complaint.* event a CRM would send).</summary>
public enum ComplaintAction { Assign, Note, Escalate, Resolve, ReturnCall, Close, Reopen }

/// <summary>One action with what it needs: the new owner (assign), the text (note, escalate's "to", resolve's
/// resolution), the customer's answer (return call).</summary>
public sealed record ComplaintCommand(ComplaintAction Action, string? AgentId = null, string? Text = null, ReturnCallOutcome? Outcome = null);

/// <summary>
/// The complaint desk (<c>/complaints</c>, <c>/api/complaints</c>): lists complaints by urgency with their due times,
/// reads one with its steps, and carries out supervisors' actions — as the events a CRM would send, through the
/// pipeline, audited and announced by webhook so the CRM stays in step.
/// </summary>
public sealed class ComplaintDesk(
    IGrainFactory grains, IEventSink sink, EventRules rules, TimeProvider time, ComplaintDuePolicies policies,
    AuditLog audit, WebhookSender webhooks) : IComplaintDesk
{
    /// <summary>How long the overdue counts of the wall-board and the agent pages may be reused: every screen of a
    /// host shares one reading, so a hundred TVs cost one read of the desk every few seconds.</summary>
    public static readonly TimeSpan OverdueReuse = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _overdueLock = new(1, 1);
    private OverdueComplaints? _overdue;

    public DateTimeOffset Now => time.GetUtcNow();

    public Task<ComplaintDuePolicy> PolicyAsync() => policies.CurrentAsync();

    /// <summary>Who may take an action: notes also QC (analysts); the rest supervisors, managers and manage keys.</summary>
    public static bool May(ClaimsPrincipal user, ComplaintAction action) =>
        user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager) || user.HasClaim(Scopes.ClaimType, Scopes.Manage)
        || (action == ComplaintAction.Note && user.IsInRole(Roles.Analyst));

    public async Task<IReadOnlyList<(ComplaintCase Case, ComplaintDueState Due)>> ListAsync()
    {
        var now = Now;
        var policy = await policies.CurrentAsync();
        var cases = await grains.GetGrain<IComplaintDeskGrain>(GrainKeys.ComplaintDesk).ListAsync();
        return [.. cases.Select(c => (c, ComplaintDue.Judge(c, policy, now))).ByUrgency()];
    }

    public async Task<(ComplaintCase Case, ComplaintDueState Due)?> GetAsync(string complaintId) =>
        await grains.GetGrain<IComplaintGrain>(complaintId).GetCaseAsync() is { } found
            ? (found, ComplaintDue.Judge(found, await policies.CurrentAsync(), Now))
            : null;

    /// <summary>The open complaints that are overdue now, counted per queue and per owner, as the wall-board tile and
    /// the agent's page show them; read at most once per <see cref="OverdueReuse"/> on this host.</summary>
    public async Task<OverdueComplaints> OverdueAsync()
    {
        if (_overdue is { } fresh && Now - fresh.At < OverdueReuse)
            return fresh;
        await _overdueLock.WaitAsync();
        try
        {
            if (_overdue is { } other && Now - other.At < OverdueReuse)
                return other;
            var at = Now;
            var open = (await ListAsync()).Where(r => r.Case.IsOpen).ToList();
            var overdue = open.Where(r => r.Due.Overdue != ComplaintOverdue.None).ToList();
            return _overdue = new OverdueComplaints(
                at,
                overdue.GroupBy(r => r.Case.QueueId, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                overdue.Where(r => r.Case.AgentId is not null).GroupBy(r => r.Case.AgentId!, StringComparer.Ordinal)
                    .ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                open.ToImmutableDictionary(r => r.Case.ComplaintId, r => r.Due, StringComparer.Ordinal));
        }
        finally
        {
            _overdueLock.Release();
        }
    }

    public abstract record Outcome;

    public sealed record Done(ComplaintCase Case, ComplaintDueState Due) : Outcome;

    public sealed record NotFound(string ComplaintId) : Outcome;

    public sealed record Forbidden : Outcome;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome;

    /// <summary>Not in this state: resolving a closed complaint, a return call before it is resolved.</summary>
    public sealed record Conflict(string Problem) : Outcome;

    public async Task<Outcome> RunAsync(string complaintId, ComplaintCommand command, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        if (!May(by, command.Action))
            return new Forbidden();
        if (Validate(command) is { Count: > 0 } errors)
            return new Invalid(errors);
        var complaint = grains.GetGrain<IComplaintGrain>(complaintId);
        if (await complaint.GetCaseAsync() is not { } before)
            return new NotFound(complaintId);
        if (Refusal(before, command) is { } problem)
            return new Conflict(problem);

        var actor = AuditLog.ActorOf(by);
        var e = Event(complaintId, command, actor, Now);
        // The same rules as any source's events (the note's length, control characters): a bad one never reaches a grain.
        if (rules.Check(e) is { Count: > 0 } broken)
            return new Invalid(broken.Select(b => b.Split(": ", 2)).ToDictionary(p => p[0], p => new[] { p[1] }));
        await sink.IngestAsync([e], cancellationToken);
        var after = await complaint.GetCaseAsync() ?? before;

        var name = EventTypeNames.Name(e.Type);
        await audit.WriteAsync(by, name, complaintId, ComplaintAudit.Of(before), ComplaintAudit.Of(after) with { Text = command.Text });
        webhooks.Enqueue(name, new
        {
            complaintId, agentId = command.AgentId, text = command.Text, outcome = ComplaintEndpoints.Outcome(command.Outcome),
            status = ComplaintEndpoints.Status(after.Status), by = actor, at = e.At,
        });
        _overdue = null;
        return new Done(after, ComplaintDue.Judge(after, await policies.CurrentAsync(), Now));
    }

    private static Dictionary<string, string[]> Validate(ComplaintCommand command)
    {
        var errors = new Dictionary<string, string[]>();
        switch (command.Action)
        {
            case ComplaintAction.Assign when string.IsNullOrWhiteSpace(command.AgentId):
                errors["agentId"] = ["is required: the agent who is to own the complaint"];
                break;
            case ComplaintAction.Note when string.IsNullOrWhiteSpace(command.Text):
                errors["note"] = ["is required"];
                break;
            case ComplaintAction.ReturnCall when command.Outcome is null:
                errors["outcome"] = ["must be satisfied or not_satisfied"];
                break;
        }
        return errors;
    }

    /// <summary>Why an action makes no sense in the complaint's state (null when it does): the page offers only those that do.</summary>
    public static string? Refusal(ComplaintCase complaint, ComplaintAction action) => Refusal(complaint, new ComplaintCommand(action));

    private static string? Refusal(ComplaintCase complaint, ComplaintCommand command) => command.Action switch
    {
        ComplaintAction.Assign or ComplaintAction.Close when complaint.Status == ComplaintStatus.Closed => "The complaint is closed: reopen it first.",
        ComplaintAction.Escalate or ComplaintAction.Resolve when !complaint.IsOpen => "The complaint is already resolved or closed: reopen it first.",
        ComplaintAction.ReturnCall when complaint.Status != ComplaintStatus.Resolved => "A return call follows a resolution: resolve the complaint first.",
        ComplaintAction.Reopen when complaint.IsOpen => "The complaint is still open.",
        _ => null,
    };

    private static CenterEvent Event(string complaintId, ComplaintCommand command, string by, DateTimeOffset at)
    {
        var e = new CenterEvent
        {
            Id = $"dashboard-complaint-{Guid.NewGuid():N}", At = at, ComplaintId = complaintId, By = by,
            Type = command.Action switch
            {
                ComplaintAction.Assign => EventType.ComplaintAssigned,
                ComplaintAction.Note => EventType.ComplaintNoted,
                ComplaintAction.Escalate => EventType.ComplaintEscalated,
                ComplaintAction.Resolve => EventType.ComplaintResolved,
                ComplaintAction.ReturnCall => EventType.ComplaintReturnCall,
                ComplaintAction.Close => EventType.ComplaintClosed,
                _ => EventType.ComplaintReopened,
            },
        };
        return command.Action switch
        {
            ComplaintAction.Assign => e with { AgentId = command.AgentId },
            ComplaintAction.Note => e with { Note = command.Text },
            ComplaintAction.Escalate => e with { EscalatedTo = command.Text },
            ComplaintAction.Resolve => e with { Resolution = command.Text },
            ComplaintAction.ReturnCall => e with { ReturnCallOutcome = command.Outcome },
            _ => e,
        };
    }
}

/// <summary>The open complaints overdue at <paramref name="At"/>, how many per queue and per owner; and every open
/// complaint's due state by id (for the agent's page, which lists an owner's open complaints).</summary>
public sealed record OverdueComplaints(
    DateTimeOffset At,
    ImmutableDictionary<string, int> ByQueue,
    ImmutableDictionary<string, int> ByAgent,
    ImmutableDictionary<string, ComplaintDueState> Open)
{
    public static readonly OverdueComplaints None = new(DateTimeOffset.MinValue, ImmutableDictionary<string, int>.Empty,
        ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, ComplaintDueState>.Empty);
}

/// <summary>A complaint in the audit log: its status (as the API writes it) and owner before and after, and the action's text.</summary>
public sealed record ComplaintAudit(string Status, string? Owner, string? Text)
{
    public static ComplaintAudit Of(ComplaintCase c) => new(ComplaintEndpoints.Status(c.Status), c.AgentId, null);
}

/// <summary>What the desk page asks of <see cref="ComplaintDesk"/> (an interface so component tests can stand in).</summary>
public interface IComplaintDesk
{
    DateTimeOffset Now { get; }

    Task<ComplaintDuePolicy> PolicyAsync();

    Task<OverdueComplaints> OverdueAsync();

    Task<IReadOnlyList<(ComplaintCase Case, ComplaintDueState Due)>> ListAsync();

    Task<(ComplaintCase Case, ComplaintDueState Due)?> GetAsync(string complaintId);

    Task<ComplaintDesk.Outcome> RunAsync(string complaintId, ComplaintCommand command, ClaimsPrincipal by, CancellationToken cancellationToken = default);
}
