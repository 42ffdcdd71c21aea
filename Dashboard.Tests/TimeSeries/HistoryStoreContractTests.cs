using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// What every history store must do, run on each: the embedded store on a file of its own, InfluxDB on a real
/// influxd with a database of its own.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class HistoryStoreContractTests(InfluxFixture influx)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Kinds() => ["embedded", "influxdb"];

    private static HistoryBatch Batch(params HistoryRecord[] records) => new(records, DateTime.UtcNow);

    private async Task<OpenedStore> OpenAsync(string kind)
    {
        if (kind == "embedded")
        {
            var file = new EmbeddedFile();
            return new OpenedStore(file.Open(Stores.ClockAt(T0.AddDays(1))), file);
        }
        var store = Stores.Influx(Stores.InfluxOptions(influx.Url, await influx.CreateDatabaseAsync(), Stores.TempDirectory()));
        return new OpenedStore(store, store);
    }

    private sealed record OpenedStore(HistoryStore Store, IDisposable Owner) : IDisposable
    {
        public void Dispose() => Owner.Dispose();
    }

    /// <summary>Every kind, with the optional parts present and absent, and times to the tick.</summary>
    public static HistoryRecord[] EveryKind(DateTimeOffset t0) =>
    [
        new ContactRecord(t0.AddTicks(1234567), "sales", "a-1", Channel.Chat, ContactOutcome.Answered, "c-1",
            12.3456789, 240.5, 30.25, 61.0000001, WithinThreshold: true, ShortAbandon: false),
        new ContactRecord(t0.AddSeconds(5), "sales", null, Channel.Voice, ContactOutcome.Abandoned, "c-2",
            3, 0, 0, 0, WithinThreshold: true, ShortAbandon: true),
        new ContactRecord(t0.AddSeconds(6), null, "a-1", Channel.Email, ContactOutcome.Answered, "c-3",
            null, 10, 0, 5, WithinThreshold: false, ShortAbandon: false),
        new AgentSpanRecord(t0, "a-1", SpanState.NotReady, "lunch", 1800.5),
        new AgentSpanRecord(t0.AddSeconds(1), "a-2", SpanState.WrapUp, null, 42),
        new SurveyRecord(t0.AddSeconds(2), "a-1", "sales", 4, "svy-1"),
        new SurveyRecord(t0.AddSeconds(3), "a-2", null, 1, "svy-2"),
        new ComplaintRecord(t0.AddSeconds(4), "cmp-1", "sales", "a-1", ComplaintSeverity.Serious, ComplaintTransition.Escalated, "sup-1"),
        new ComplaintRecord(t0.AddSeconds(4), "cmp-2", "sales", null, ComplaintSeverity.Normal, ComplaintTransition.Opened, null),
        new QueueSampleRecord(t0, "sales", Channel.Voice, 3, 41.5, 10, 2, 6, 1, 1, 2, 0.8125, null),
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task WriteAsync_EveryKind_ReadsBackTheSameRecords(string kind)
    {
        using var opened = await OpenAsync(kind);
        var store = opened.Store;
        var records = EveryKind(T0);

        await store.WriteAsync(Batch(records), CancellationToken.None);

        foreach (var of in Enum.GetValues<HistoryKind>())
        {
            var read = await store.ReadAsync(new HistoryFilter(of, T0, T0.AddMinutes(1)));
            var expected = records.Where(r => EmbeddedHistoryStore.KindOf(r) == of).ToArray();
            Assert.Equal(expected.OrderBy(r => r.ToString()), read.OrderBy(r => r.ToString()));
            Assert.Equal(read.OrderBy(r => r.At), read); // in time order
        }
    }

    /// <summary>
    /// Issue 15 §2: the journal replayed at start writes history again, so the same record written twice must be one
    /// point, and records that only share an instant — abandons of one queue in the same second, as queue_log's whole
    /// seconds give them, surveys and complaints alike — must never be one point.
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task WriteAsync_RecordsWrittenTwiceAndManyAtOneInstant_EachCountedOnce(string kind)
    {
        using var opened = await OpenAsync(kind);
        var store = opened.Store;
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
        foreach (var of in new[] { HistoryKind.Contact, HistoryKind.Survey, HistoryKind.Complaint })
        {
            var read = await store.ReadAsync(new HistoryFilter(of, T0, T0.AddHours(1)));
            var expected = records.Where(r => EmbeddedHistoryStore.KindOf(r) == of).ToList();
            Assert.Equal(expected.Select(r => r.ToString()).Order(), read.Select(r => r.ToString()).Order());
        }
    }

    public static readonly string[] HostileNames =
    [
        "comma,queue", "with space", "it's", "say \"hi\"", "a=b", @"back\slash", @"trailing\", "new\nline",
        "tab\tand 100%", "SELECT * FROM contact; DROP DATABASE x", "' OR ''='", "\" OR 1=1 --", "queue", "time",
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Reports_HostileQueueAndAgentNames_EachSeesOnlyItsOwnPoints(string kind)
    {
        using var opened = await OpenAsync(kind);
        var store = opened.Store;
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
}
