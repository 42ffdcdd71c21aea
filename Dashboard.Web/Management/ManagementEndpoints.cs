using Dashboard.Web.Api;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Management;

/// <summary>Changes to the center over HTTP (docs/permissions.md, "HTTP API"): managers, and API keys with the manage scope.</summary>
public static class ManagementEndpoints
{
    public sealed record QueuesRequest(IReadOnlyList<QueueSkill>? Queues);

    public sealed record StateRequest(string? State, string? Reason);

    public sealed record DeskResponse(string AgentId, string Outcome);

    public sealed record CallbackDoneRequest(string? Outcome);

    public sealed record CallbackDoneResponse(string AgentId, string CallbackId, string Outcome);

    public static void MapManagement(this WebApplication app)
    {
        app.MapPut("/api/agents/{id}/queues", SetQueuesAsync)
            .WithSummary("Sets the queues an agent serves, with a skill level (1–5) for each; takes effect at once.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ManageQueues);
        app.MapPost("/api/alerts/{id}/acknowledge", async Task<Results<Ok<Alert>, ProblemHttpResult>> (
                    string id, AlertAcknowledgements acknowledgements, HttpContext http) =>
                await acknowledgements.AcknowledgeAsync(id, http.User) is { } alert
                    ? TypedResults.Ok(alert)
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert",
                        detail: $"No alert with id '{id}' is active (it may have cleared)."))
            .WithSummary("Acknowledges an active alert: who and when are shown until it clears (supervisors and managers).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.AcknowledgeAlerts);
        app.MapPost("/api/agents/{id}/state", SetStateAsync)
            .WithSummary("Sets an agent available, or not ready with a reason code (supervisors; an Agent their own).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.AgentDesk);
        app.MapPost("/api/agents/{id}/callbacks/{callbackId}/complete", CompleteCallbackAsync)
            .WithSummary("Marks a callback the agent owes as done: reached, no_answer or cancelled (the agent their own; supervisors and managers).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.AgentDesk);
        app.MapPost("/api/agents/{id}/logout", (string id, AgentDesks desks, HttpContext http) =>
                RunAsync(new DeskCommand(id, DeskCommandKind.LogOut), desks, http))
            .WithSummary("Logs an agent out (supervisors and managers); refused (409) during a contact.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.AgentDesk);
    }

    private static Task<IResult> SetStateAsync(string id, StateRequest request, AgentDesks desks, HttpContext http) =>
        request.State switch
        {
            "available" => RunAsync(new DeskCommand(id, DeskCommandKind.Available), desks, http),
            "not_ready" => RunAsync(new DeskCommand(id, DeskCommandKind.NotReady, request.Reason), desks, http),
            _ => Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["state"] = ["must be available or not_ready"],
            })),
        };

    private static async Task<IResult> CompleteCallbackAsync(
        string id, string callbackId, CallbackDoneRequest? request, ICallbackDesk callbacks, HttpContext http)
    {
        if (request?.Outcome is not { } name || !CallbackOutcomeNames.ByName.TryGetValue(name, out var outcome))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["outcome"] = [$"must be one of {string.Join(", ", CallbackOutcomeNames.ByName.Keys.Order(StringComparer.Ordinal))}"],
            });
        return await callbacks.CompleteAsync(id, callbackId, outcome, http.User, http.RequestAborted) switch
        {
            CallbackDesk.Completed done => TypedResults.Ok(new CallbackDoneResponse(done.AgentId, done.CallbackId, name)),
            CallbackDesk.Forbidden forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: forbidden.Reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such callback",
                detail: $"Agent '{id}' owes no callback '{callbackId}' (never scheduled, or already done)."),
        };
    }

    private static async Task<IResult> RunAsync(DeskCommand command, AgentDesks desks, HttpContext http) =>
        await desks.RunAsync(command, http.User, http.RequestAborted) switch
        {
            AgentDesks.Carried carried => TypedResults.Ok(new DeskResponse(carried.AgentId,
                carried.Result.Kind == DeskResult.Kinds.AfterCurrentContact ? "after_current_contact" : "done")),
            AgentDesks.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            AgentDesks.Forbidden forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: forbidden.Reason),
            AgentDesks.Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not now", detail: refused.Problem),
            _ => ReadEndpoints.NotFound("agent", command.AgentId),
        };

    private static async Task<Results<Ok<AgentAssignments.Changed>, ValidationProblem, ProblemHttpResult>> SetQueuesAsync(
        string id, QueuesRequest request, AgentAssignments assignments, HttpContext http) =>
        await assignments.SetAsync(id, request.Queues, http.User, http.RequestAborted) switch
        {
            AgentAssignments.Changed changed => TypedResults.Ok(changed),
            AgentAssignments.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            AgentAssignments.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "Only managers move agents between queues."),
            _ => ReadEndpoints.NotFound("agent", id),
        };
}
