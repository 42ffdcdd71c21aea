using Dashboard.Web.Hosting;
using Dashboard.Web.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Web.Api;

/// <summary>The live read side over HTTP: queues, agents, alerts; the OpenAPI document; health.</summary>
public static class ReadApiExtensions
{
    public static WebApplicationBuilder AddReadApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => JsonDefaults.Apply(o.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<FloorReadyCheck>("floor", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapReadApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(Policies.Operations);
        // Liveness and readiness carry no data: for load balancers and orchestrators, anonymous.
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        // Degraded (catching up after a restart) is not ready either: no new work until the host is whole.
        app.MapHealthChecks("/readyz", new()
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

        var api = app.MapGroup("/api").WithTags("Live");
        api.MapGet("/queues", ReadEndpoints.GetQueuesAsync).WithSummary("All queue snapshots.")
            .RequireAuthorization(Policies.LiveFloor);
        api.MapGet("/queues/{id}", ReadEndpoints.GetQueueAsync).WithSummary("One queue snapshot.")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.LiveFloor);
        api.MapGet("/agents", ReadEndpoints.GetAgentsAsync).WithSummary("All agent snapshots.")
            .RequireAuthorization(Policies.LiveFloor);
        api.MapGet("/agents/{id}", ReadEndpoints.GetAgentAsync).WithSummary("One agent snapshot (an Agent: their own only).")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.AgentFigures);
        api.MapGet("/agents/{id}/desk", ReadEndpoints.GetDeskAsync)
            .WithSummary("One agent's open complaints and callbacks owed, soonest due first (an Agent: their own only).")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.AgentFigures);
        api.MapGet("/me", ReadEndpoints.GetMeAsync)
            .WithSummary("An Agent's own snapshot and desk (the account's linked agent id).")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.OwnDesk);
        api.MapGet("/alerts", ReadEndpoints.GetAlertsAsync).WithSummary("Active SLA alerts, critical first.")
            .RequireAuthorization(Policies.LiveFloor);
        return app;
    }
}

/// <summary>Ready when the silo is up and the floor aggregate answers.</summary>
internal sealed class FloorReadyCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetQueueAsync("").WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The floor aggregate did not answer.", ex);
        }
    }
}
