using Dashboard.Grains.Telemetry;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Every error answer is problem details (RFC 9457, <c>application/problem+json</c>) naming what was wrong, as
/// docs/events.md promises: those the endpoints write, an unhandled exception (a 500, its text kept for the log), and
/// the bodiless ones the framework answers itself (415 from an endpoint's accepted types, 404, 405, 401, 403 …).
/// </summary>
public static class ErrorAnswers
{
    public static WebApplicationBuilder AddErrorAnswers(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
            {
                StatusCodes.Status415UnsupportedMediaType =>
                    $"This endpoint does not take a body of Content-Type '{LogText.Safe(c.HttpContext.Request.ContentType)}': "
                    + "the API takes application/json (or no body), queue_log text/plain (docs/events.md). Forms are refused, "
                    + "so that a page on another site cannot post to it.",
                StatusCodes.Status500InternalServerError =>
                    "The server failed while handling the request; the error is logged under this traceId. Repeated events "
                    + "are acknowledged as duplicates, so sending the same request again is safe.",
                _ => null,
            };
        });
        return builder;
    }

    /// <summary>First in the pipeline, so it sees every answer.</summary>
    public static WebApplication UseErrorAnswers(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
