using System.Security.Claims;
using Dashboard.Grains.Ingestion;
using Dashboard.Web.Audit;
using Dashboard.Web.Webhooks;

namespace Dashboard.Web.Management;

/// <summary>
/// An agent marks a callback they owe as done, with how it ended, from their desk (a supervisor or manager may do
/// it for them). It goes into the live model as the <c>callback.completed</c> event a CRM would send, is audited,
/// and is announced by webhook so the CRM stays in step.
/// </summary>
public sealed class CallbackDesk(IAgentDeskReader desks, IEventSink sink, TimeProvider time, AuditLog audit, WebhookSender webhooks)
    : ICallbackDesk
{
    public const string CompleteAction = "callback.completed";

    public abstract record Outcome;

    public sealed record Completed(string AgentId, string CallbackId, CallbackOutcome Outcome) : Outcome;

    public sealed record Forbidden(string Reason) : Outcome;

    /// <summary>The agent owes no callback with this id (never scheduled, or already done).</summary>
    public sealed record NotOwed(string AgentId, string CallbackId) : Outcome;

    public async Task<Outcome> CompleteAsync(
        string agentId, string callbackId, CallbackOutcome outcome, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        // Who may: as for the agent's own state (the agent, their supervisors and managers, manage keys).
        if (!AgentDesks.May(by, agentId, DeskCommandKind.Available))
            return new Forbidden("Agents mark only their own callbacks done.");
        var desk = await desks.ReadAsync(agentId);
        if (desk.Callbacks.IsDefault || desk.Callbacks.FirstOrDefault(c => c.CallbackId == callbackId) is not { } owed)
            return new NotOwed(agentId, callbackId);

        var actor = AuditLog.ActorOf(by);
        var at = time.GetUtcNow();
        await sink.IngestAsync(
        [
            new CenterEvent
            {
                Id = $"dashboard-callback-{Guid.NewGuid():N}", Type = EventType.CallbackCompleted, At = at,
                AgentId = agentId, CallbackId = callbackId, CallbackOutcome = outcome, By = actor,
            },
        ], cancellationToken);
        var name = outcome.Name();
        var before = new CallbackAudit(callbackId, owed.DueAt, owed.Topic, Outcome: null);
        await audit.WriteAsync(by, CompleteAction, agentId, before, before with { Outcome = name });
        webhooks.Enqueue(CompleteAction, new
        {
            agentId, callbackId, outcome = name, dueAt = owed.DueAt, late = at > owed.DueAt, by = actor, at,
        });
        return new Completed(agentId, callbackId, outcome);
    }
}

/// <summary>A callback in the audit log: owed (no outcome) before, done with its outcome after.</summary>
public sealed record CallbackAudit(string CallbackId, DateTimeOffset DueAt, string? Topic, string? Outcome);

/// <summary>What the desk page asks of <see cref="CallbackDesk"/> (an interface so component tests can stand in for the host).</summary>
public interface ICallbackDesk
{
    Task<CallbackDesk.Outcome> CompleteAsync(
        string agentId, string callbackId, CallbackOutcome outcome, ClaimsPrincipal by, CancellationToken cancellationToken = default);
}
