using Dashboard.Web.Live;
using Dashboard.Web.TimeSeries;
using Dashboard.Web.TimeSeries.Influx;

namespace Dashboard.Web.Reports;

/// <summary>
/// What the reports API and the /reports page share: the history store's reports with their times in the
/// center's zone, and the names of queues and agents (the live floor knows those seen in events, the
/// configuration the rest; an id nobody named is its own name).
/// </summary>
public sealed class ReportService(IHistoryStore store, CenterClock clock, CenterDirectory directory, ILiveFeed feed)
{
    public CenterClock Clock => clock;

    public async Task<IReadOnlyList<QueueIntervalRow>> QueueIntervalsAsync(QueueIntervalQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.GetQueueIntervalsAsync(query, cancellationToken);
        return [.. rows.Select(r => r with { Start = clock.ToLocal(r.Start), End = clock.ToLocal(r.End) })];
    }

    public async Task<IReadOnlyList<AgentDayRow>> AgentDaysAsync(AgentDayQuery query, CancellationToken cancellationToken)
    {
        var rows = await store.GetAgentDaysAsync(query, cancellationToken);
        return [.. rows.Select(r => r with { From = clock.ToLocal(r.From), To = clock.ToLocal(r.To) })];
    }

    public string QueueName(string queueId) =>
        feed.Current.Queues.TryGetValue(queueId, out var queue) ? queue.Name : directory.QueueName(queueId);

    public string AgentName(string agentId) =>
        feed.Current.Agents.TryGetValue(agentId, out var agent) ? agent.Name
        : directory.Agent(agentId)?.Name is { Length: > 0 } name ? name
        : agentId;

    /// <summary>Queues to report on: configured ones and those the floor has seen, by name.</summary>
    public IReadOnlyList<(string Id, string Name)> Queues() =>
        Named(directory.Queues.Select(q => q.Id).Union(feed.Current.Queues.Keys, StringComparer.Ordinal), QueueName);

    /// <summary>Agents to filter by: configured ones and those the floor has seen, by name.</summary>
    public IReadOnlyList<(string Id, string Name)> Agents() =>
        Named(directory.Agents.Select(a => a.Id).Union(feed.Current.Agents.Keys, StringComparer.Ordinal), AgentName);

    /// <summary>
    /// The store could not answer (InfluxDB unreachable, refusing, or too slow): the caller says so rather than
    /// failing as if the request were wrong. Cancellation by the caller is not a failure.
    /// </summary>
    public static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        InfluxException or HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static List<(string Id, string Name)> Named(IEnumerable<string> ids, Func<string, string> name) =>
        [.. ids.Select(id => (Id: id, Name: name(id))).OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Id, StringComparer.Ordinal)];
}
