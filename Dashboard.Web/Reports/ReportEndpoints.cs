using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Web.TimeSeries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Reports;

/// <summary>
/// GET /api/reports/queues and /api/reports/agents, as JSON or (…/queues.csv, …/agents.csv) as CSV. A bad
/// parameter is a 400 naming it; a history store that cannot answer is a 503.
/// </summary>
public static partial class ReportEndpoints
{
    public const string QueuesPath = "/api/reports/queues";
    public const string AgentsPath = "/api/reports/agents";

    public static string QueuesCsvUrl(QueueIntervalQuery query) => $"{QueuesPath}.csv?{ReportRequest.QueryString(query)}";

    public static string AgentsCsvUrl(AgentDayQuery query) => $"{AgentsPath}.csv?{ReportRequest.QueryString(query)}";

    internal static Task<Results<Ok<IReadOnlyList<QueueIntervalRow>>, ValidationProblem, ProblemHttpResult>> QueuesAsync(
        string? from, string? to, string? interval, string? queueId, ReportService reports, CancellationToken cancellationToken) =>
        RunAsync(ReportRequest.Queues(from, to, interval, queueId, out var problems), problems, reports.QueueIntervalsAsync,
            (rows, _) => TypedResults.Ok(rows), cancellationToken);

    internal static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> QueuesCsvAsync(
        string? from, string? to, string? interval, string? queueId, ReportService reports, CancellationToken cancellationToken) =>
        RunAsync(ReportRequest.Queues(from, to, interval, queueId, out var problems), problems, reports.QueueIntervalsAsync,
            (rows, query) => File(ReportCsv.Queues(rows, reports.QueueName),
                $"queue-{query.QueueId}-{Stamp(query.From, reports)}-{Stamp(query.To, reports)}-{(query.ByDay ? "day" : query.IntervalMinutes + "min")}"),
            cancellationToken);

    internal static Task<Results<Ok<IReadOnlyList<AgentDayRow>>, ValidationProblem, ProblemHttpResult>> AgentsAsync(
        string? from, string? to, string? agentId, ReportService reports, CancellationToken cancellationToken) =>
        RunAsync(ReportRequest.Agents(from, to, agentId, out var problems), problems, reports.AgentDaysAsync,
            (rows, _) => TypedResults.Ok(rows), cancellationToken);

    internal static Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> AgentsCsvAsync(
        string? from, string? to, string? agentId, ReportService reports, CancellationToken cancellationToken) =>
        RunAsync(ReportRequest.Agents(from, to, agentId, out var problems), problems, reports.AgentDaysAsync,
            (rows, query) => File(ReportCsv.Agents(rows, reports.AgentName),
                $"agents{(query.AgentId is { } id ? "-" + id : "")}-{Stamp(query.From, reports)}-{Stamp(query.To, reports)}"),
            cancellationToken);

    private static async Task<Results<TOk, ValidationProblem, ProblemHttpResult>> RunAsync<TQuery, TRow, TOk>(
        TQuery? query, IReadOnlyList<string> problems,
        Func<TQuery, CancellationToken, Task<IReadOnlyList<TRow>>> read, Func<IReadOnlyList<TRow>, TQuery, TOk> answer,
        CancellationToken cancellationToken)
        where TQuery : class
        where TOk : IResult
    {
        if (query is null)
        {
            return BadRequest(problems);
        }
        try
        {
            return answer(await read(query, cancellationToken), query);
        }
        catch (HistoryUnavailableException ex)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "History is unavailable",
                detail: "History could not be read: " + ex.Message);
        }
    }

    /// <summary>400 with every broken rule: "field: rule" in detail, and the rules by field in errors (the validation form of problem details).</summary>
    private static ValidationProblem BadRequest(IReadOnlyList<string> problems) => TypedResults.ValidationProblem(
        problems.Select(p => p.Split(": ", 2)).GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToArray(), StringComparer.Ordinal),
        detail: string.Join("; ", problems), title: "The report's parameters are not valid");

    private static FileContentHttpResult File(Csv csv, string name) =>
        TypedResults.File(csv.ToBytes(), "text/csv; charset=utf-8", UnsafeFileNameCharacters().Replace(name, "_") + ".csv");

    private static string Stamp(DateTimeOffset at, ReportService reports) =>
        reports.Clock.ToLocal(at).ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);

    // Ids are the senders' strings: in a file name keep letters, digits, dot, dash and underscore.
    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeFileNameCharacters();
}
