using System.Threading.Channels;
using Dashboard.Grains.History;
using Dashboard.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// The grains' side of history: a bounded queue that takes a record at once or, when full, drops it and counts it
/// (dashboard.history.dropped) — a grain never waits for history. <see cref="HistoryWriter"/> drains it.
/// </summary>
public sealed class HistoryChannel : IHistorySink
{
    private readonly Channel<Posted> _channel;
    private readonly HistoryStatus _status;

    public HistoryChannel(IOptions<HistoryOptions> options, HistoryStatus status)
    {
        _status = status;
        _channel = System.Threading.Channels.Channel.CreateBounded<Posted>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse when full, never block
        });
        status.QueueCapacity = options.Value.QueueCapacity;
        status.QueueLength = () => _channel.Reader.Count;
        HistoryMetrics.ObserveQueueLength(() => _channel.Reader.Count);
    }

    public ChannelReader<Posted> Reader => _channel.Reader;

    public void Post(HistoryRecord record)
    {
        if (_channel.Writer.TryWrite(new Posted(record, DateTime.UtcNow)))
        {
            _status.OnQueued();
            HistoryMetrics.Queued.Add(1);
        }
        else
        {
            _status.OnDropped();
        }
    }

    public readonly record struct Posted(HistoryRecord Record, DateTime PostedUtc);
}
