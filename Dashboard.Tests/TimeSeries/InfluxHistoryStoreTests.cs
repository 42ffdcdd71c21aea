using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.TimeSeries;

[Collection(InfluxCollection.Name)]
public sealed class InfluxHistoryStoreTests(InfluxFixture influx)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

    private static HistoryBatch Batch(params HistoryRecord[] records) => new(records, DateTime.UtcNow);

    [Fact]
    public async Task WriteAsync_EveryKind_ReadsBackTheSameRecords()
    {
        using var store = Stores.Influx(Stores.InfluxOptions(influx.Url, await influx.CreateDatabaseAsync(), Stores.TempDirectory()));
        HistoryRecord[] records =
        [
            new ContactRecord(T0.AddTicks(1234567), "sales", "a-1", Channel.Chat, ContactOutcome.Answered, "c-1",
                12.3456789, 240.5, 30.25, 61.0000001, WithinThreshold: true, ShortAbandon: false),
            new ContactRecord(T0.AddSeconds(5), "sales", null, Channel.Voice, ContactOutcome.Abandoned, "c-2",
                3, 0, 0, 0, WithinThreshold: true, ShortAbandon: true),
            new ContactRecord(T0.AddSeconds(6), null, "a-1", Channel.Email, ContactOutcome.Answered, "c-3",
                null, 10, 0, 5, WithinThreshold: false, ShortAbandon: false),
            new AgentSpanRecord(T0, "a-1", SpanState.NotReady, "lunch", 1800.5),
            new AgentSpanRecord(T0.AddSeconds(1), "a-2", SpanState.WrapUp, null, 42),
            new SurveyRecord(T0.AddSeconds(2), "a-1", "sales", 4, "svy-1"),
            new SurveyRecord(T0.AddSeconds(3), "a-2", null, 1, "svy-2"),
            new ComplaintRecord(T0.AddSeconds(4), "cmp-1", "sales", "a-1", ComplaintSeverity.Serious, ComplaintTransition.Escalated, "sup-1"),
            new ComplaintRecord(T0.AddSeconds(4), "cmp-2", "sales", null, ComplaintSeverity.Normal, ComplaintTransition.Opened, null),
            new QueueSampleRecord(T0, "sales", Channel.Voice, 3, 41.5, 10, 2, 6, 1, 1, 2, 0.8125, null),
        ];

        await store.WriteAsync(Batch(records), CancellationToken.None);

        foreach (var kind in Enum.GetValues<HistoryKind>())
        {
            var read = await store.ReadAsync(new HistoryFilter(kind, T0, T0.AddMinutes(1)));
            var expected = records.Where(r => EmbeddedHistoryStore.KindOf(r) == kind).OrderBy(r => r.At).ToArray();
            Assert.Equal(expected.OrderBy(r => r.ToString()), read.OrderBy(r => r.ToString()));
        }
    }

    /// <summary>
    /// Issue 15 §2: the journal replayed at start writes history again, so the same record written twice must be one
    /// point, and records that only share an instant — abandons of one queue in the same second, as queue_log's whole
    /// seconds give them, surveys and complaints alike — must never be one point.
    /// </summary>
    [Fact]
    public async Task WriteAsync_RecordsWrittenTwiceAndManyAtOneInstant_EachCountedOnce()
    {
        using var store = Stores.Influx(Stores.InfluxOptions(influx.Url, await influx.CreateDatabaseAsync(), Stores.TempDirectory()));
        var at = T0.AddMinutes(5);
        HistoryRecord[] records =
        [
            .. Enumerable.Range(0, 300).Select(i => new ContactRecord(
                at, "q", null, Channel.Voice, ContactOutcome.Abandoned, $"call-{i}", 20, 0, 0, 0, WithinThreshold: true, ShortAbandon: false)),
            .. Enumerable.Range(0, 100).Select(i => new SurveyRecord(at, "a-1", "q", 1 + i % 5, $"survey-{i}")),
            .. Enumerable.Range(0, 100).Select(i => new ComplaintRecord(
                at, $"complaint-{i}", "q", null, ComplaintSeverity.Normal, ComplaintTransition.Opened, null)),
        ];

        await store.WriteAsync(Batch(records), CancellationToken.None);
        await store.WriteAsync(Batch([.. records.Reverse()]), CancellationToken.None); // replayed after a restart

        var row = Assert.Single(await store.GetQueueIntervalsAsync(new QueueIntervalQuery("q", T0, T0.AddHours(1), 60)));
        Assert.Equal((300, 300), (row.Figures.Offered, row.Figures.Abandoned));
        foreach (var kind in new[] { HistoryKind.Contact, HistoryKind.Survey, HistoryKind.Complaint })
        {
            var read = await store.ReadAsync(new HistoryFilter(kind, T0, T0.AddHours(1)));
            var expected = records.Where(r => EmbeddedHistoryStore.KindOf(r) == kind).ToList();
            Assert.Equal(expected.Select(r => r.ToString()).Order(), read.Select(r => r.ToString()).Order());
        }
    }

    public static readonly string[] HostileNames =
    [
        "comma,queue", "with space", "it's", "say \"hi\"", "a=b", @"back\slash", @"trailing\", "new\nline",
        "tab\tand 100%", "SELECT * FROM contact; DROP DATABASE x", "' OR ''='", "\" OR 1=1 --", "queue", "time",
    ];

    [Fact]
    public async Task Reports_HostileQueueAndAgentNames_EachSeesOnlyItsOwnPoints()
    {
        using var store = Stores.Influx(Stores.InfluxOptions(influx.Url, await influx.CreateDatabaseAsync(), Stores.TempDirectory()));
        // Queue i gets i + 1 answered contacts from the agent with the same hostile name, one second apart.
        var records = new List<HistoryRecord>();
        for (var i = 0; i < HostileNames.Length; i++)
        {
            for (var k = 0; k <= i; k++)
            {
                records.Add(new ContactRecord(
                    T0.AddMinutes(1).AddSeconds(k), HostileNames[i], HostileNames[i], Channel.Voice, ContactOutcome.Answered,
                    $"call {i},{k}", 10, 60, 0, 0, WithinThreshold: true, ShortAbandon: false));
            }
        }
        await store.WriteAsync(Batch([.. records]), CancellationToken.None);

        for (var i = 0; i < HostileNames.Length; i++)
        {
            var rows = await store.GetQueueIntervalsAsync(new QueueIntervalQuery(HostileNames[i], T0, T0.AddMinutes(15), 15));
            Assert.Equal(i + 1, Assert.Single(rows).Figures.Answered);

            var own = await store.ReadAsync(new HistoryFilter(HistoryKind.Contact, T0, T0.AddHours(1), AgentId: HostileNames[i]));
            Assert.Equal(i + 1, own.Count);
            Assert.All(own.Cast<ContactRecord>(), c =>
            {
                Assert.Equal(HostileNames[i], c.QueueId);
                Assert.Equal(HostileNames[i], c.AgentId);
            });
        }
    }

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
