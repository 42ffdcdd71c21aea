using System.Security.Claims;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Api;

/// <summary>
/// Reads go to the floor aggregate, which holds every snapshot as of the last completed batch, so a client that
/// has just posted events reads their effect. Figures that tick (longest wait) are computed at read time.
/// </summary>
internal static class ReadEndpoints
{
    public static async Task<IReadOnlyList<QueueSnapshot>> GetQueuesAsync(IGrainFactory grains, TimeProvider time)
    {
        var state = await Floor(grains).GetStateAsync();
        var now = time.GetUtcNow();
        return [.. state.Queues.OrderBy(q => q.QueueId, StringComparer.Ordinal).Select(q => AsOf(q, now))];
    }

    public static async Task<Results<Ok<QueueSnapshot>, ProblemHttpResult>> GetQueueAsync(
        string id, IGrainFactory grains, TimeProvider time) =>
        await Floor(grains).GetQueueAsync(id) is { } queue
            ? TypedResults.Ok(AsOf(queue, time.GetUtcNow()))
            : NotFound("queue", id);

    public static async Task<IReadOnlyList<AgentSnapshot>> GetAgentsAsync(IGrainFactory grains)
    {
        var state = await Floor(grains).GetStateAsync();
        return [.. state.Agents.OrderBy(a => a.AgentId, StringComparer.Ordinal)];
    }

    public static async Task<Results<Ok<AgentSnapshot>, ProblemHttpResult>> GetAgentAsync(string id, IGrainFactory grains) =>
        await Floor(grains).GetAgentAsync(id) is { } agent ? TypedResults.Ok(agent) : NotFound("agent", id);

    public static async Task<Results<Ok<AgentDesk>, ProblemHttpResult>> GetDeskAsync(string id, IGrainFactory grains) =>
        await Floor(grains).GetAgentAsync(id) is null
            ? NotFound("agent", id)
            : TypedResults.Ok(await grains.GetGrain<IAgentGrain>(id).GetDeskAsync());

    public sealed record Me(AgentSnapshot Agent, AgentDesk Desk);

    public static async Task<Results<Ok<Me>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var id = user.FindFirst(DashboardClaims.AgentId)?.Value;
        if (id is null || await Floor(grains).GetAgentAsync(id) is not { } agent)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No agent",
                detail: id is null ? "This account is not linked to an agent id." : $"Agent '{id}' has not been configured or seen in an event.");
        return TypedResults.Ok(new Me(agent, await grains.GetGrain<IAgentGrain>(id).GetDeskAsync()));
    }

    public static async Task<IReadOnlyList<Alert>> GetAlertsAsync(IGrainFactory grains)
    {
        var state = await Floor(grains).GetStateAsync();
        return [.. state.Alerts.Where(a => a.ClearedAt is null)];
    }

    private static IFloorGrain Floor(IGrainFactory grains) => grains.GetGrain<IFloorGrain>(GrainKeys.Floor);

    private static QueueSnapshot AsOf(QueueSnapshot queue, DateTimeOffset now) =>
        queue with { LongestWaitSeconds = Math.Round(queue.LongestWaitAt(now), 1), AsOf = now };

    /// <summary>404 for a queue or agent never configured nor seen: the one wording every endpoint uses.</summary>
    internal static ProblemHttpResult NotFound(string kind, string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: $"Unknown {kind}",
        detail: $"No {kind} with id '{id}' has been configured or seen in an event.");
}
