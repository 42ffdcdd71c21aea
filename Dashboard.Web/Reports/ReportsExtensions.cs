using Dashboard.Web.Security;

namespace Dashboard.Web.Reports;

public static class ReportsExtensions
{
    /// <summary>History reports for the API and the /reports page (the store itself comes with AddTimeSeries).</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportService>();
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Reports);
        reports.MapGet("/queues", ReportEndpoints.QueuesAsync)
            .WithSummary("One queue's figures per 15, 30 or 60 minutes over [from, to), in the center's time zone.");
        reports.MapGet("/queues.csv", ReportEndpoints.QueuesCsvAsync)
            .WithSummary("The queue interval report as CSV.").Produces<string>(StatusCodes.Status200OK, "text/csv");
        reports.MapGet("/agents", ReportEndpoints.AgentsAsync)
            .WithSummary("Each agent's (or one agent's) figures per center day over [from, to).");
        reports.MapGet("/agents.csv", ReportEndpoints.AgentsCsvAsync)
            .WithSummary("The agent daily report as CSV.").Produces<string>(StatusCodes.Status200OK, "text/csv");
        return app;
    }
}
