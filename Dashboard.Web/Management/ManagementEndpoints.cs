using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Management;

/// <summary>Changes to the center over HTTP (docs/permissions.md, "HTTP API"): managers, and API keys with the manage scope.</summary>
public static class ManagementEndpoints
{
    public sealed record QueuesRequest(IReadOnlyList<QueueSkill>? Queues);

    public static void MapManagement(this WebApplication app)
    {
        app.MapPut("/api/agents/{id}/queues", SetQueuesAsync)
            .WithSummary("Sets the queues an agent serves, with a skill level (1–5) for each; takes effect at once.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ManageQueues);
    }

    private static async Task<Results<Ok<AgentAssignments.Changed>, ValidationProblem, ProblemHttpResult>> SetQueuesAsync(
        string id, QueuesRequest request, AgentAssignments assignments, HttpContext http) =>
        await assignments.SetAsync(id, request.Queues, http.User, http.RequestAborted) switch
        {
            AgentAssignments.Changed changed => TypedResults.Ok(changed),
            AgentAssignments.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown agent",
                detail: $"No agent with id '{id}' has been configured or seen in an event."),
        };
}
