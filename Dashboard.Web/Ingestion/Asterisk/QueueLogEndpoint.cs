using Dashboard.Grains.Ingestion;
using Dashboard.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Ingestion.Asterisk;

/// <summary>
/// POST /api/ingest/queue-log: a chunk of queue_log lines (text/plain, UTF-8) from a system that ships logs. Blank
/// lines are passed over; bad lines and unknown events are counted and listed (line number and why), never fatal;
/// repeated lines are harmless (their events' ids come from their text).
/// </summary>
public static class QueueLogEndpoint
{
    /// <summary>Lines listed in <see cref="Response.Skipped"/> at most (the counts are always complete).</summary>
    public const int MaxListed = 100;

    public sealed record SkippedLine(int Line, string Reason);

    public sealed record Response(int Lines, int Events, int Accepted, int Duplicates, int Late, int SkippedCount, IReadOnlyList<SkippedLine> Skipped);

    public static async Task<IResult> HandleAsync(
        HttpRequest request, QueueLogTranslator translator, EventRules rules, NewSubjectBudget budget, IEventSink sink,
        IOptions<IngestionHttpOptions> http, CancellationToken cancellationToken)
    {
        if (await EventsEndpoint.ReadTextAsync(request, http.Value.MaxBodyBytes, cancellationToken) is not { } text)
            return TooLarge(http.Value.MaxBodyBytes);

        // Every line is judged before the first event reaches a grain, by the rules POST /api/events applies: a bad
        // line is skipped whole and costs nothing else.
        await budget.SeedAsync(cancellationToken);
        var source = "queue-log:" + (request.HttpContext.User.Identity?.Name ?? "anonymous");
        var events = new List<CenterEvent>();
        var skipped = new List<SkippedLine>();
        var skippedCount = 0;
        var lines = 0;
        foreach (var raw in text.Split('\n'))
        {
            lines++;
            if (string.IsNullOrWhiteSpace(raw))
                continue;
            var reason = (string?)null;
            if (QueueLogLine.Parse(raw, out var problem) is { } line)
            {
                // One translator for the process: queue_log comes from one Asterisk; membership is kept across chunks.
                QueueLogTranslator.Result result;
                lock (translator)
                {
                    result = translator.Translate(line, rules, lineEvents => budget.Admit(source, lineEvents));
                }
                reason = result.Skipped;
                if (reason is null)
                    events.AddRange(result.Events);
            }
            else
            {
                reason = problem;
            }
            if (reason is not null && skippedCount++ < MaxListed)
                skipped.Add(new SkippedLine(lines, reason));
        }
        LiveMetrics.EventsRejected.Add(skippedCount);
        var outcome = await sink.IngestAsync(events, cancellationToken);
        return Results.Ok(new Response(lines, events.Count, outcome.Accepted, outcome.Duplicates, outcome.Late, skippedCount, skipped));
    }

    private static IResult TooLarge(long max) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
        detail: $"The body must be at most {max} bytes; send the log in chunks.");
}
