using Dashboard.Grains.History;
using Dashboard.Web.Live;
using Dashboard.Web.TimeSeries;
using Dashboard.Web.TimeSeries.Influx;

namespace Dashboard.Web.Reports;

/// <summary>
/// What the reports API and the /reports page share: the history store's reports with their times in the
/// center's zone, and the names of queues and agents (the live floor knows those seen in events, the
/// configuration the rest; an id nobody named is its own name).
/// </summary>
public sealed partial class ReportService(
    IHistoryStore store, CenterClock clock, CenterDirectory directory, ILiveFeed feed, ILogger<ReportService> logger)
{
    public CenterClock Clock => clock;

    /// <exception cref="HistoryUnavailableException">The store could not answer.</exception>
    public async Task<IReadOnlyList<QueueIntervalRow>> QueueIntervalsAsync(QueueIntervalQuery query, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(store.GetQueueIntervalsAsync, query, cancellationToken);
        return [.. rows.Select(r => r with { Start = clock.ToLocal(r.Start), End = clock.ToLocal(r.End) })];
    }

    /// <exception cref="HistoryUnavailableException">The store could not answer.</exception>
    public async Task<IReadOnlyList<AgentDayRow>> AgentDaysAsync(AgentDayQuery query, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(store.GetAgentDaysAsync, query, cancellationToken);
        return [.. rows.Select(r => r with { From = clock.ToLocal(r.From), To = clock.ToLocal(r.To) })];
    }

    /// <summary>Records of one kind, as the store keeps them (UTC).</summary>
    /// <exception cref="HistoryUnavailableException">The store could not answer.</exception>
    public Task<IReadOnlyList<HistoryRecord>> RecordsAsync(HistoryFilter filter, CancellationToken cancellationToken) =>
        ReadAsync(store.ReadAsync, filter, cancellationToken);

    // The store's own error names where it lives (InfluxDB's host and port): that is for operators, so it goes to the
    // log; the API and the page tell their readers only that history is unavailable.
    private async Task<IReadOnlyList<TRow>> ReadAsync<TQuery, TRow>(
        Func<TQuery, CancellationToken, Task<IReadOnlyList<TRow>>> read, TQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await read(query, cancellationToken);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            LogStoreFailed(logger, store.Kind, ex.Message, ex);
            throw new HistoryUnavailableException(ex);
        }
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
    private static bool IsStoreFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        InfluxException or HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The history store ({Store}) did not answer a report: {Error}")]
    private static partial void LogStoreFailed(ILogger logger, string store, string error, Exception exception);

    private static List<(string Id, string Name)> Named(IEnumerable<string> ids, Func<string, string> name) =>
        [.. ids.Select(id => (Id: id, Name: name(id))).OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.Id, StringComparer.Ordinal)];
}

/// <summary>
/// The history store could not answer a report (unreachable, refusing, too slow). The message is for the reader and
/// names no address; the store's own error is logged and kept as the inner exception.
/// </summary>
public sealed class HistoryUnavailableException(Exception inner)
    : Exception("the history store did not answer; try again in a moment (the cause is in the server's log)", inner);
