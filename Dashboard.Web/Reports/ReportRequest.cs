using System.Globalization;
using Dashboard.Web.Hosting;
using Dashboard.Web.TimeSeries;

namespace Dashboard.Web.Reports;

/// <summary>
/// The reports' query strings read into store queries, or every broken rule as "field: rule". Values are read as
/// strings, not bound as typed parameters, so a bad one gets a message naming it instead of a bare 400.
/// </summary>
public static class ReportRequest
{
    public const int DefaultIntervalMinutes = 15;

    public static QueueIntervalQuery? Queues(
        string? from, string? to, string? interval, string? queueId, out IReadOnlyList<string> problems)
    {
        var list = new List<string>();
        var (start, end) = Range(from, to, list);
        var minutes = DefaultIntervalMinutes;
        if (interval == "day")
        {
            minutes = QueueIntervalQuery.Day;
        }
        else if (interval is not null && !int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out minutes))
        {
            minutes = -1; // reported by the query's own rule below
        }
        var query = new QueueIntervalQuery(queueId ?? "", start, end, minutes);
        // The range rules ("to: …") need both ends read; the other fields' rules apply either way.
        var rangeRead = list.Count == 0;
        list.AddRange(query.Problems().Where(p => rangeRead || !p.StartsWith("to:", StringComparison.Ordinal)));
        problems = list;
        return list.Count == 0 ? query : null;
    }

    public static AgentDayQuery? Agents(string? from, string? to, string? agentId, out IReadOnlyList<string> problems)
    {
        var list = new List<string>();
        var (start, end) = Range(from, to, list);
        var query = new AgentDayQuery(start, end, string.IsNullOrEmpty(agentId) ? null : agentId);
        if (list.Count == 0)
        {
            list.AddRange(query.Problems());
        }
        problems = list;
        return list.Count == 0 ? query : null;
    }

    /// <summary>The query string for the same report (what the page's CSV links carry).</summary>
    public static string QueryString(QueueIntervalQuery query) =>
        $"queueId={Uri.EscapeDataString(query.QueueId)}&from={Escape(query.From)}&to={Escape(query.To)}&interval={(query.ByDay ? "day" : query.IntervalMinutes.ToString(CultureInfo.InvariantCulture))}";

    public static string QueryString(AgentDayQuery query) =>
        $"from={Escape(query.From)}&to={Escape(query.To)}" + (query.AgentId is { } id ? $"&agentId={Uri.EscapeDataString(id)}" : "");

    private static string Escape(DateTimeOffset at) => Uri.EscapeDataString(Rfc3339.Format(at));

    private static (DateTimeOffset From, DateTimeOffset To) Range(string? from, string? to, List<string> problems) =>
        (Timestamp("from", from, problems), Timestamp("to", to, problems));

    private static DateTimeOffset Timestamp(string name, string? text, List<string> problems)
    {
        if (Rfc3339.TryParse(UnescapedPlus(text), out var at))
        {
            return at;
        }
        problems.Add(text is null
            ? $"{name}: required, an RFC 3339 timestamp with an offset, e.g. 2025-03-14T10:00:00+08:00"
            : $"{name}: must be an RFC 3339 timestamp with an offset, e.g. 2025-03-14T10:00:00+08:00 (send + as %2B)");
        return default;
    }

    // A '+' left unencoded in a query string arrives as a space; in front of an offset it can only have been a '+'.
    private static string? UnescapedPlus(string? text) =>
        text is { Length: > 6 } && text[^6] == ' ' && text[^3] == ':' ? string.Concat(text.AsSpan(0, text.Length - 6), "+", text.AsSpan(text.Length - 5)) : text;
}
