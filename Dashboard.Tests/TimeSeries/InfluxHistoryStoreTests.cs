using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.TimeSeries;

[Collection(InfluxCollection.Name)]
public sealed class InfluxHistoryStoreTests(InfluxFixture influx)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The writer posts 20,000 records — 2,500 points, each written 8 times with a rising value — while influxd is
    /// killed and started again. Every point must arrive once with its last value: a batch replayed after a later
    /// one would leave an older value behind.
    /// </summary>
    [Fact]
    public async Task Writer_InfluxdStoppedAndStartedWhileWriting_EveryPointOnceWithItsLastValue()
    {
        const int Points = 2_500, Versions = 8;
        var options = Stores.InfluxOptions(influx.Url, await influx.CreateDatabaseAsync(), Stores.TempDirectory());
        options.MaxBatchLines = 1_000; // below Points, so no batch holds one point twice
        options.FlushInterval = TimeSpan.FromMilliseconds(200);
        var status = new HistoryStatus();
        using var store = Stores.Influx(options, status);
        var channel = new HistoryChannel(Options.Create(options), status);
        using var writer = new HistoryWriter(channel, store, status, Options.Create(options), NullLogger<HistoryWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        var stopped = false;
        try
        {
            for (var k = 0; k < Points * Versions; k++)
            {
                var point = k % Points;
                channel.Post(new QueueSampleRecord(
                    T0.AddSeconds(point), "q", Channel.Voice, Waiting: k / Points, 0, 0, 0, 0, 0, 0, 0, null, null));
                if (k % 500 == 499)
                    await Task.Delay(50); // about 10,000 records a second, over two seconds
                if (k == 6_000)
                {
                    await influx.StopAsync();
                    stopped = true;
                }
                if (k == 14_000)
                {
                    await WaitUntil(() => status.Snapshot().SpoolFiles > 0, "the writer to spool");
                    await influx.StartAsync();
                    stopped = false;
                }
            }
            await WaitUntil(() => status.Snapshot() is { Queued: 0, SpoolFiles: 0 } s && s.Written >= Points * Versions, "every point written");
        }
        finally
        {
            if (stopped)
                await influx.StartAsync();
            await writer.StopAsync(CancellationToken.None);
        }

        var health = status.Snapshot();
        Assert.True(health.Spooled > 0, "the outage should have spooled points");
        Assert.Equal(0, health.Failed);
        Assert.Equal(0, health.Dropped);
        var read = (await store.ReadAsync(new HistoryFilter(HistoryKind.QueueSample, T0, T0.AddSeconds(Points)))).Cast<QueueSampleRecord>().ToList();
        Assert.Equal(Points, read.Count);
        Assert.Equal(Enumerable.Range(0, Points).Select(p => T0.AddSeconds(p)), read.Select(r => r.At));
        Assert.All(read, r => Assert.Equal(Versions - 1, r.Waiting));
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
