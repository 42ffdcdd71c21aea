using Dashboard.Grains.History;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

/// <summary>Every <see cref="HistoryOptions.SnapshotInterval"/>, each queue as the floor shows it goes to history.</summary>
public sealed class QueueSampler(
    IGrainFactory grains, IHistorySink history, CenterClock clock, IOptions<HistoryOptions> options, ILogger<QueueSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnapshotInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SampleAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SampleAsync()
    {
        FloorState floor;
        try
        {
            floor = await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetStateAsync();
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Queue samples skipped: the floor did not answer");
            return;
        }
        var now = clock.Now;
        foreach (var q in floor.Queues)
        {
            history.Post(new QueueSampleRecord(
                now, q.QueueId, q.Channel, q.Waiting, Math.Round(q.LongestWaitAt(now), 3), q.Agents.Staffed,
                q.Agents.Available, q.Agents.OnCall, q.Agents.WrapUp, q.Agents.NotReady, q.ComplaintsOpen,
                q.Last30m.ServiceLevel, q.Last30m.AbandonRate));
        }
    }
}
