using System.Security.Claims;
using Dashboard.Web.Audit;
using Dashboard.Web.Security;
using Dashboard.Web.Webhooks;

namespace Dashboard.Web.Management;

/// <summary>
/// Supervisors set agents' states (available, not ready with a reason) and log them out; an agent sets their own
/// state. Checks who may do what to whom, validates, has the ACD carry it out (<see cref="IAcdControl"/>), audits
/// it and announces it by webhook.
/// </summary>
public sealed class AgentDesks(IGrainFactory grains, CenterDirectory directory, IAcdControl acd, AuditLog audit, WebhookSender webhooks)
    : IAgentDesks
{
    public const string StateAction = "agent.state";
    public const string LogOutAction = "agent.logout";

    public abstract record Outcome;

    public sealed record Carried(string AgentId, DeskResult Result) : Outcome;

    public sealed record UnknownAgent(string AgentId) : Outcome;

    public sealed record Forbidden(string Reason) : Outcome;

    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome;

    public sealed record Refused(string Problem) : Outcome;

    /// <summary>Supervisors, managers and keys with the manage scope: any agent, any command. An Agent: their own
    /// desk, available or not ready (logging out is the phone's, or a supervisor's).</summary>
    public static bool May(ClaimsPrincipal user, string agentId, DeskCommandKind kind) =>
        user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager) || user.HasClaim(Scopes.ClaimType, Scopes.Manage)
        || (user.IsInRole(Roles.Agent) && kind != DeskCommandKind.LogOut
            && string.Equals(user.FindFirst(DashboardClaims.AgentId)?.Value, agentId, StringComparison.Ordinal));

    public async Task<Outcome> RunAsync(DeskCommand command, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        if (!May(by, command.AgentId, command.Kind))
            return new Forbidden(command.Kind == DeskCommandKind.LogOut
                ? "Only supervisors and managers log agents out."
                : "Agents set only their own state.");
        if (await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetAgentAsync(command.AgentId) is not { } agent)
            return new UnknownAgent(command.AgentId);
        if (command.Kind == DeskCommandKind.NotReady && !directory.ReasonCodes.Any(r => r.Code == command.Reason))
            return new Invalid(new Dictionary<string, string[]>
            {
                ["reason"] = [$"must be one of {string.Join(", ", directory.ReasonCodes.Select(r => r.Code))} for not_ready"],
            });

        var result = await acd.ExecuteAsync(command, agent, cancellationToken);
        if (result.Kind == DeskResult.Kinds.Refused)
            return new Refused(result.Problem!);
        var action = command.Kind == DeskCommandKind.LogOut ? LogOutAction : StateAction;
        var before = new { state = agent.State, reason = agent.Reason };
        var after = new { state = StateOf(command.Kind), reason = command.Kind == DeskCommandKind.NotReady ? command.Reason : null };
        await audit.WriteAsync(by, action, command.AgentId, before, after);
        webhooks.Enqueue(action + ".requested", new
        {
            agentId = command.AgentId, after.state, after.reason, by = AuditLog.ActorOf(by),
            afterCurrentContact = result.Kind == DeskResult.Kinds.AfterCurrentContact,
        });
        return new Carried(command.AgentId, result);
    }

    private static AgentState StateOf(DeskCommandKind kind) => kind switch
    {
        DeskCommandKind.Available => AgentState.Available,
        DeskCommandKind.NotReady => AgentState.NotReady,
        _ => AgentState.Offline,
    };
}

/// <summary>What the UI asks of <see cref="AgentDesks"/> (an interface so component tests can stand in for the host).</summary>
public interface IAgentDesks
{
    Task<AgentDesks.Outcome> RunAsync(DeskCommand command, ClaimsPrincipal by, CancellationToken cancellationToken = default);
}
