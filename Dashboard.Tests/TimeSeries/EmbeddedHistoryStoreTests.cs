using CsCheck;
using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.TimeSeries;

/// <summary>The embedded store's own rules (what every store does is in <see cref="HistoryStoreContractTests"/>).</summary>
public sealed class EmbeddedHistoryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);

    private static readonly HistoryFilter[] Everything =
        [.. Enum.GetValues<HistoryKind>().Select(kind => new HistoryFilter(kind, DateTimeOffset.MinValue, DateTimeOffset.MaxValue))];

    private static HistoryBatch Batch(IEnumerable<HistoryRecord> records) => new([.. records], DateTime.UtcNow);

    [Fact]
    public async Task MaintainAsync_PointsOlderThanRetention_AreLetGo()
    {
        using var file = new EmbeddedFile();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero));
        var clock = new CenterClock(time, TimeZoneInfo.Utc, new TimeOnly(0, 0));
        var store = file.Open(clock, new HistoryOptions { Retention = TimeSpan.FromDays(7) });
        var old = new SurveyRecord(time.GetUtcNow().AddDays(-6), "a", null, 5, "e1");
        var recent = new SurveyRecord(time.GetUtcNow().AddDays(-1), "a", null, 4, "e2");
        await store.WriteAsync(Batch([recent, old]), CancellationToken.None);

        time.Advance(TimeSpan.FromDays(2));
        await store.MaintainAsync(CancellationToken.None);

        Assert.Equal([recent], await store.ReadAsync(Everything[(int)HistoryKind.Survey]));
    }

    [Fact]
    public async Task WriteAsync_MorePointsThanTheMost_KeepsTheNewest()
    {
        using var file = new EmbeddedFile();
        var store = file.Open(Stores.ClockAt(T0.AddDays(1)), new HistoryOptions { EmbeddedMaxPoints = 3 });
        var spans = Enumerable.Range(0, 5).Select(i => new AgentSpanRecord(T0.AddMinutes(i), "a", SpanState.Talk, null, 60)).ToArray();

        await store.WriteAsync(Batch(spans[2..]), CancellationToken.None);
        await store.WriteAsync(Batch(spans[2..]), CancellationToken.None); // again: still three points, none let go
        Assert.Equal(spans[2..], await store.ReadAsync(Everything[(int)HistoryKind.AgentState]));
        await store.WriteAsync(Batch(spans[..2].Reverse()), CancellationToken.None);

        Assert.Equal(spans[2..], await store.ReadAsync(Everything[(int)HistoryKind.AgentState]));
    }

    [Fact]
    public async Task ReadAsync_OutOfOrderWrites_ReturnedInTimeOrder()
    {
        using var file = new EmbeddedFile();
        var store = file.Open(Stores.ClockAt(T0.AddDays(1)));
        HistoryRecord[] records = [.. new[] { 3, 1, 2 }.Select(s => new SurveyRecord(T0.AddSeconds(s), "a", null, s, $"e{s}"))];
        await store.WriteAsync(Batch(records), CancellationToken.None);

        var read = await store.ReadAsync(new HistoryFilter(HistoryKind.Survey, T0, T0.AddMinutes(1)));

        Assert.Equal([1, 2, 3], read.Cast<SurveyRecord>().Select(r => r.Score));
    }

    /// <summary>Issue 15 §2: history survives a restart — the file, opened anew, reads back every record as written.</summary>
    [Fact]
    public async Task Reopen_AfterDispose_ReadsTheSameRecords()
    {
        using var file = new EmbeddedFile();
        var clock = Stores.ClockAt(T0.AddDays(1));
        var records = HistoryStoreContractTests.EveryKind(T0);
        var before = file.Open(clock);
        await before.WriteAsync(Batch(records), CancellationToken.None);
        var written = await ReadAllAsync(before);
        before.Dispose();

        var after = file.Open(clock);

        Assert.Equal(written, await ReadAllAsync(after));
        Assert.Equal(records.OrderBy(r => r.ToString()), written.OrderBy(r => r.ToString()));
    }

    /// <summary>
    /// The journal replayed at start writes records again, in batches cut anew: any batch of records (their natural
    /// keys distinct, times often shared), written twice over in any order and any cuts, reads back exactly as
    /// written once — and written once, every record is there, none merged into another.
    /// </summary>
    [Fact]
    public async Task WriteAsync_AnyBatchTwiceInAnyCutsAndOrder_ReadsBackAsWrittenOnce()
    {
        var cases = Record.List[0, 30]
            .Select(list => list.DistinctBy(Key).ToArray())
            .SelectMany(batch => Gen.Select(
                Gen.Const(batch), Gen.Shuffle(batch.Concat(batch).ToArray()), Gen.Int[0, 2 * batch.Length].Array[0, 4]));
        await cases.SampleAsync(async (batch, twice, cuts) =>
        {
            using var file = new EmbeddedFile();
            using var again = new EmbeddedFile();
            var clock = Stores.ClockAt(T0.AddDays(1));
            var once = file.Open(clock);
            var replayed = again.Open(clock);

            await once.WriteAsync(Batch(batch), CancellationToken.None);
            var from = 0;
            foreach (var cut in cuts.Append(twice.Length).Order())
            {
                await replayed.WriteAsync(Batch(twice[from..cut]), CancellationToken.None);
                from = cut;
            }

            var expected = await ReadAllAsync(once);
            Assert.Equal(batch.OrderBy(r => r.ToString()), expected.OrderBy(r => r.ToString()));
            Assert.Equal(expected, await ReadAllAsync(replayed));
        }, iter: 50, print: t => $"{t.Item1.Length} records, cuts at {string.Join(", ", t.Item3)}");
    }

    private static async Task<List<HistoryRecord>> ReadAllAsync(EmbeddedHistoryStore store)
    {
        var all = new List<HistoryRecord>();
        foreach (var filter in Everything)
            all.AddRange(await store.ReadAsync(filter));
        return all;
    }

    // The natural keys as docs/timeseries.md states them, written out here so a store keying more coarsely fails.
    private static string Key(HistoryRecord record) => record switch
    {
        ContactRecord c => $"contact|{c.At.UtcTicks}|{c.QueueId}|{c.CallId}",
        AgentSpanRecord s => $"span|{s.At.UtcTicks}|{s.AgentId}",
        SurveyRecord s => $"survey|{s.At.UtcTicks}|{s.EventId}",
        ComplaintRecord c => $"complaint|{c.At.UtcTicks}|{c.ComplaintId}|{c.Transition}",
        QueueSampleRecord q => $"sample|{q.At.UtcTicks}|{q.QueueId}",
        _ => throw new ArgumentException(record.GetType().Name),
    };

    // Few instants, names and ids, so records often share a time and part of a key.
    private static readonly Gen<DateTimeOffset> At = Gen.Int[0, 3].Select(s => T0.AddSeconds(s));
    private static readonly Gen<string> Name = Gen.OneOf("q1", "a1", "it's", "售后 服务", "x\ny");
    private static readonly Gen<string> Id = Gen.Int[0, 5].Select(i => $"id-{i}");
    private static readonly Gen<double> Seconds = Gen.Double[0, 3600];

    private static readonly Gen<HistoryRecord> Record = Gen.OneOf(
        Gen.Select(At, Name.Null(0.2), Name.Null(0.3), Gen.Enum<Channel>(), Gen.Enum<ContactOutcome>(), Id,
                Seconds.Nullable(0.2), Seconds.Array[3], (at, queue, agent, channel, outcome, call, wait, handle) =>
                    (HistoryRecord)new ContactRecord(at, queue, agent, channel, outcome, call, wait, handle[0], handle[1], handle[2],
                        handle[0] > 1800, handle[1] > 1800)),
        Gen.Select(At, Name, Gen.Enum<SpanState>(), Name.Null(0.5), Seconds, (at, agent, state, reason, duration) =>
            (HistoryRecord)new AgentSpanRecord(at, agent, state, reason, duration)),
        Gen.Select(At, Name, Name.Null(0.3), Gen.Int[1, 5], Id, (at, agent, queue, score, id) =>
            (HistoryRecord)new SurveyRecord(at, agent, queue, score, id)),
        Gen.Select(At, Id, Name, Name.Null(0.3), Gen.Enum<ComplaintSeverity>(), Gen.Enum<ComplaintTransition>(), Name.Null(0.5),
            (at, id, queue, agent, severity, transition, by) => (HistoryRecord)new ComplaintRecord(at, id, queue, agent, severity, transition, by)),
        Gen.Select(At, Name, Gen.Enum<Channel>(), Gen.Int[0, 50].Array[7], Seconds, Gen.Double[0, 1].Nullable(0.3), Gen.Double[0, 1].Nullable(0.3),
            (at, queue, channel, n, longest, sl, ar) =>
                (HistoryRecord)new QueueSampleRecord(at, queue, channel, n[0], longest, n[1], n[2], n[3], n[4], n[5], n[6], sl, ar)));
}
