using Dashboard.Grains.History;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// What both stores share: the semantic queries, answered by reading records and deriving the report with
/// <see cref="HistoryReports"/>. A store supplies writing and reading only, so the two cannot disagree on a definition.
/// </summary>
/// <remarks>
/// Contacts are read raw rather than summed in the database: a contact counts in up to three intervals (entered,
/// left, handling completed) and only one of them is the point's time, so GROUP BY time() cannot attribute it.
/// </remarks>
public abstract class HistoryStore(CenterClock clock, CenterDirectory directory, IOptions<HistoryOptions> options) : IHistoryStore
{
    protected CenterClock Clock { get; } = clock;

    protected HistoryOptions Options { get; } = options.Value;

    public abstract string Kind { get; }

    public abstract Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken);

    public virtual Task MaintainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default);

    public async Task<IReadOnlyList<QueueIntervalRow>> GetQueueIntervalsAsync(
        QueueIntervalQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var contacts = await ReadAsync(HistoryReports.ContactsFor(query, Options.QueryMargin), cancellationToken);
        return HistoryReports.QueueIntervals(
            query, contacts.OfType<ContactRecord>(), directory.QueueSettings(query.QueueId), Clock);
    }

    public async Task<IReadOnlyList<AgentDayRow>> GetAgentDaysAsync(AgentDayQuery query, CancellationToken cancellationToken = default)
    {
        query.Validate();
        var spans = ReadAsync(HistoryReports.SpansFor(query, Clock), cancellationToken);
        var handled = ReadAsync(HistoryReports.HandledFor(query, Options.QueryMargin), cancellationToken);
        var surveys = ReadAsync(HistoryReports.SurveysFor(query), cancellationToken);
        return HistoryReports.AgentDays(
            query, (await handled).OfType<ContactRecord>(), (await spans).OfType<AgentSpanRecord>(),
            (await surveys).OfType<SurveyRecord>(), Clock);
    }
}
