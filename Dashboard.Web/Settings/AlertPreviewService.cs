using Dashboard.Grains.Alerts;
using Dashboard.Grains.History;
using Dashboard.Grains.Ingestion;
using Dashboard.Web.Live;
using Dashboard.Web.Reports;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Settings;

/// <summary>
/// Runs <see cref="AlertPreview"/> over today: from the center day's start to where history is settled (the
/// reorder window behind now, as the reports say), with the queues the floor knows and their settings in force.
/// </summary>
public sealed class AlertPreviewService(ReportService reports, ILiveFeed feed, CenterClock clock, IOptions<IngestionOptions> ingestion)
{
    /// <summary>What <paramref name="thresholds"/> would have raised today so far.</summary>
    /// <exception cref="HistoryUnavailableException">The history store could not answer.</exception>
    public async Task<AlertPreviewResult> TodayAsync(AlertThresholds thresholds, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var from = clock.DayStart(now);
        var to = now - ingestion.Value.ReorderWindow;
        if (to <= from)
            return AlertPreview.Run(thresholds, [], reports.AgentName, [], [], [], from, from);
        // A contact counts where it entered the queue and where its handling ended: read a margin either side.
        var margin = TimeSpan.FromHours(2);
        var contacts = await reports.RecordsAsync(new HistoryFilter(HistoryKind.Contact, from - margin, to + margin), cancellationToken);
        var samples = await reports.RecordsAsync(new HistoryFilter(HistoryKind.QueueSample, from, to), cancellationToken);
        var spans = await reports.RecordsAsync(new HistoryFilter(HistoryKind.AgentState, from, to), cancellationToken);
        var queues = feed.Current.Queues.Values
            .Select(q => new PreviewQueue(q.QueueId, q.Name, q.Channel, q.Settings)).ToList();
        return AlertPreview.Run(thresholds, queues, reports.AgentName,
            contacts.OfType<ContactRecord>(), samples.OfType<QueueSampleRecord>(), spans.OfType<AgentSpanRecord>(), from, to);
    }
}
