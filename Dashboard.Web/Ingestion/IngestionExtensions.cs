using Dashboard.Web.Hosting;
using Dashboard.Grains.Ingestion;
using Dashboard.Web.Security;

namespace Dashboard.Web.Ingestion;

public static class IngestionExtensions
{
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<IngestionHttpOptions>(builder.Configuration.GetSection(IngestionOptions.Section));
        builder.Services.AddSingleton<EventParser>();
        builder.Services.AddSingleton<EventRules>();
        builder.Services.AddSingleton<NewSubjectBudget>();
        builder.Services.AddSingleton<Asterisk.QueueLogTranslator>();
        var queueLog = builder.Configuration.GetSection(Asterisk.QueueLogOptions.Section);
        var stateFile = DataDirectory.PathOf(builder.Configuration, "queue_log.state.json");
        builder.Services.AddOptions<Asterisk.QueueLogOptions>().Bind(queueLog)
            .PostConfigure(o => o.StateFile = string.IsNullOrWhiteSpace(o.StateFile) ? stateFile : o.StateFile);
        if (queueLog.Get<Asterisk.QueueLogOptions>() is { Enabled: true })
            builder.Services.AddSource<Asterisk.QueueLogFollower>(builder.Configuration);
        return builder;
    }

    public static WebApplication MapIngestion(this WebApplication app)
    {
        app.MapPost("/api/events", EventsEndpoint.HandleAsync)
            .WithName("PostEvents")
            .WithTags("Ingestion")
            .WithSummary("Ingest a batch of telephony events (JSON array, up to 10,000); each judged on its own.")
            .Accepts<object[]>("application/json")
            .Produces<EventsEndpoint.Response>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery()
            .RequireAuthorization(Policies.Ingest)
            .RequireRateLimiting(SecurityExtensions.IngestLimit);
        app.MapPost("/api/ingest/queue-log", Asterisk.QueueLogEndpoint.HandleAsync)
            .WithName("PostQueueLog")
            .WithTags("Ingestion")
            .WithSummary("Ingest a chunk of Asterisk queue_log lines (text/plain); see docs/asterisk.md.")
            .Accepts<string>("text/plain")
            .Produces<Asterisk.QueueLogEndpoint.Response>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery()
            .RequireAuthorization(Policies.Ingest)
            .RequireRateLimiting(SecurityExtensions.IngestLimit);
        return app;
    }
}
