using Dashboard.Grains.Ingestion;

namespace Dashboard.Web.Management;

/// <summary>
/// At start, sends the agents' queues as managers last set them through the pipeline, at the time each was set
/// (<see cref="AgentAssignments.KeptAsEventsAsync"/>), retrying while the silo is not ready yet.
/// </summary>
public sealed partial class AssignmentRestorer(AgentAssignments assignments, IEventSink sink, CenterClock clock, ILogger<AssignmentRestorer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var kept = await assignments.KeptAsEventsAsync(clock.TodayStart);
                if (kept.Count > 0)
                {
                    await sink.IngestAsync(kept, stoppingToken);
                    LogRestored(kept.Count);
                }
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetrying(ex, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored the queues of {Agents} agents as managers last set them")]
    private partial void LogRestored(int agents);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restoring agents' queues failed (attempt {Attempt}); retrying")]
    private partial void LogRetrying(Exception exception, int attempt);
}
