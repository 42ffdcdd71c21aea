using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Security;

/// <summary>One agent's figures: the floor's readers, or the Agent whose own id is asked for.</summary>
public sealed class OwnAgentRequirement : IAuthorizationRequirement;

/// <summary>One queue: the floor's readers, or an Agent who serves that queue.</summary>
public sealed class ServedQueueRequirement : IAuthorizationRequirement;

/// <summary>
/// Decides <see cref="OwnAgentRequirement"/> and <see cref="ServedQueueRequirement"/> wherever they are asked:
/// an HTTP endpoint or a page's first request (the route's <c>id</c>), a page inside a circuit (its route data) and
/// a hub method (its first argument).
/// </summary>
public sealed class OwnAgentOrQueueHandler(IGrainFactory grains) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            if (requirement is not (OwnAgentRequirement or ServedQueueRequirement))
                continue;
            if (Policies.ReadsFloor(context.User))
            {
                context.Succeed(requirement);
                continue;
            }
            var ownAgentId = context.User.FindFirst(DashboardClaims.AgentId)?.Value;
            if (string.IsNullOrEmpty(ownAgentId) || !context.User.IsInRole(Roles.Agent) || TargetId(context.Resource) is not { } id)
                continue;
            var allowed = requirement is OwnAgentRequirement
                ? string.Equals(id, ownAgentId, StringComparison.Ordinal)
                : await ServesAsync(ownAgentId, id);
            if (allowed)
                context.Succeed(requirement);
        }
    }

    private async Task<bool> ServesAsync(string agentId, string queueId) =>
        await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetAgentAsync(agentId) is { } agent
        && agent.Queues.Contains(queueId, StringComparer.Ordinal);

    /// <summary>The agent or queue id the request is about, whatever asks.</summary>
    internal static string? TargetId(object? resource) => resource switch
    {
        HttpContext http => http.GetRouteValue("id") as string,
        Microsoft.AspNetCore.Components.RouteData route => route.RouteValues.FirstOrDefault(v => string.Equals(v.Key, "id", StringComparison.OrdinalIgnoreCase)).Value as string,
        HubInvocationContext hub => hub.HubMethodArguments.Count > 0 ? hub.HubMethodArguments[0] as string : null,
        _ => null,
    };
}
