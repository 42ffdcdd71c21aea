using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// What an import waits for before it says a day is complete in history: every record handed over answered for by the
/// store — not merely gone from the queue (the writer holds a batch while the store takes it).
/// </summary>
public sealed class HistoryDrainTests
{
    [Fact]
    public async Task WaitUntilDrained_QueueEmptyButTheStoreStillWriting_WaitsForTheStore()
    {
        var options = new HistoryOptions { FlushInterval = TimeSpan.FromMilliseconds(20) };
        var status = new HistoryStatus();
        var store = new GatedStore();
        var channel = new HistoryChannel(Options.Create(options), status);
        using var writer = new HistoryWriter(channel, store, status, Options.Create(options), NullLogger<HistoryWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 10; i++)
                channel.Post(new SurveyRecord(DateTimeOffset.UtcNow, "a1", "q", 5, "s" + i));
            await store.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the writer has taken them: the queue is empty

            var whileWriting = await status.WaitUntilDrainedAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
            store.Release.SetResult();
            var afterwards = await status.WaitUntilDrainedAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

            Assert.Equal(0, status.QueueLength());
            Assert.False(whileWriting);
            Assert.True(afterwards);
            Assert.Equal(10, store.Written);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A store whose first write waits until released.</summary>
    private sealed class GatedStore : IHistoryStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Written;

        public string Kind => "gated";

        public async Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            Interlocked.Add(ref Written, batch.Records.Count);
        }

        public Task MaintainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<QueueIntervalRow>> GetQueueIntervalsAsync(QueueIntervalQuery query, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<AgentDayRow>> GetAgentDaysAsync(AgentDayQuery query, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
