using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>
/// A scripted hour on one queue with two agents, through the real pipeline and grains; every expected figure
/// is worked out by hand below. Clock: 2026-11-26 10:00:00 UTC, day start 00:00 UTC.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ScriptedHourTests(ClusterFixture cluster)
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset T(int minute, int second = 0) => Nine.AddMinutes(minute).AddSeconds(second);

    // c1 answered by a1 after 12 s (within 20 s), talk 300 s, wrap 60 s              → handle 360
    // c2 answered by a2 after 30 s, hold 60 s inside 360 s on call, wrap 30 s         → talk 300, handle 390
    // c3 abandoned after 3 s (short abandon, within threshold)
    // c4 abandoned after 45 s
    // c5 rings a1 18 s unanswered (missed), answered by a2 after 25 s, talk 300, wrap 60 → handle 360
    // c6 queued 09:55, still waiting at 10:00
    // a1 goes not ready (break) at 09:52
    private static List<CenterEvent> Hour(string q, string a1, string a2) =>
    [
        Login(T(0), a1, q), Login(T(0), a2, q),
        Queued(T(5), "c1", q), Offered(T(5, 10), "c1", a1), Answered(T(5, 12), "c1", a1), Ended(T(10, 12), "c1"),
        State(T(11, 12), a1, AgentState.Available),
        Queued(T(20), "c2", q), Offered(T(20, 5), "c2", a2), Answered(T(20, 30), "c2", a2), Held(T(22), "c2"),
        Resumed(T(23), "c2"), Ended(T(26, 30), "c2"), State(T(27), a2, AgentState.Available),
        Queued(T(30), "c3", q), Abandoned(T(30, 3), "c3"),
        Queued(T(40), "c4", q), Abandoned(T(40, 45), "c4"),
        Queued(T(45), "c5", q), Offered(T(45, 2), "c5", a1), Offered(T(45, 20), "c5", a2), Answered(T(45, 25), "c5", a2),
        Ended(T(50, 25), "c5"), State(T(51, 25), a2, AgentState.Available),
        State(T(52), a1, AgentState.NotReady, "break"),
        Queued(T(55), "c6", q),
    ];

    // Call ids must be unique per test run too: the shards are shared across tests.
    private static List<CenterEvent> Scoped(List<CenterEvent> events, string scope) =>
        [.. events.Select(e => e.CallId is null ? e : e with { CallId = $"{scope}-{e.CallId}" })];

    private async Task<(QueueSnapshot Queue, AgentSnapshot A1, AgentSnapshot A2)> RunAsync(
        Func<List<CenterEvent>, IEnumerable<IReadOnlyList<CenterEvent>>> batches)
    {
        cluster.Time.SetUtcNow(Nine.AddHours(1));
        var (q, a1, a2) = (Unique("q"), Unique("a1"), Unique("a2"));
        foreach (var batch in batches(Scoped(Hour(q, a1, a2), q)))
        {
            await cluster.Ingestor.IngestAsync(batch);
        }
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        return ((await floor.GetQueueAsync(q))!, (await floor.GetAgentAsync(a1))!, (await floor.GetAgentAsync(a2))!);
    }

    [Fact]
    public async Task Ingest_ScriptedHour_TodayFiguresMatchHandCalculation()
    {
        var (queue, _, _) = await RunAsync(events => [events]);

        var today = queue.Today;
        Assert.Equal(6, today.Offered);                  // c1..c6
        Assert.Equal(3, today.Answered);                 // c1, c2, c5
        Assert.Equal(2, today.Abandoned);                // c3, c4
        Assert.Equal(1, today.ShortAbandoned);           // c3 (3 s < 5 s)
        Assert.Equal(1, today.AnsweredWithinThreshold);  // c1 (12 s ≤ 20 s)
        Assert.Equal(1, today.AbandonedWithinThreshold); // c3
        Assert.Equal(0.25, today.ServiceLevel);          // 1 / (3 + 2 − 1)
        Assert.Equal(67.0 / 3, today.AsaSeconds!.Value, 6); // (12 + 30 + 25) / 3
        Assert.Equal(370, today.AhtSeconds!.Value, 6);   // (360 + 390 + 360) / 3
        Assert.Equal(0.25, today.AbandonRate);           // (2 − 1) / (3 + 2 − 1 + 0)
    }

    [Fact]
    public async Task Ingest_ScriptedHour_Last30MinutesCoverMinutes0931To1000()
    {
        var (queue, _, _) = await RunAsync(events => [events]);

        // The window is the 30 minute buckets 09:31 … 10:00: c4, c5, c6 offered; c3 (09:30) and c2's handling
        // (completed 09:27) fall outside.
        var last = queue.Last30m;
        Assert.Equal(3, last.Offered);
        Assert.Equal(1, last.Answered);
        Assert.Equal(1, last.Abandoned);
        Assert.Equal(0, last.ShortAbandoned);
        Assert.Equal(0.0, last.ServiceLevel);   // 0 / (1 + 1 − 0)
        Assert.Equal(25, last.AsaSeconds);
        Assert.Equal(360, last.AhtSeconds);
        Assert.Equal(0.5, last.AbandonRate);    // 1 / (1 + 1)
    }

    [Fact]
    public async Task Ingest_ScriptedHour_QueueNowShowsWaitingAndStaffing()
    {
        var (queue, _, _) = await RunAsync(events => [events]);

        Assert.Equal(1, queue.Waiting);                          // c6
        Assert.Equal(T(55), queue.OldestWaitingSince);
        Assert.Equal(300, queue.LongestWaitAt(Nine.AddHours(1)));
        Assert.Equal(new AgentCounts(Staffed: 2, Available: 1, OnCall: 0, WrapUp: 0, NotReady: 1, Ringing: 0), queue.Agents);
    }

    [Fact]
    public async Task Ingest_ScriptedHour_AgentFiguresMatchHandCalculation()
    {
        var (_, a1, a2) = await RunAsync(events => [events]);

        Assert.Equal(AgentState.NotReady, a1.State);
        Assert.Equal("break", a1.Reason);
        Assert.Equal(T(52), a1.StateSince);
        Assert.Equal(1, a1.Today.Handled);
        Assert.Equal(360, a1.Today.AhtSeconds);
        Assert.Equal(1, a1.Today.Missed);                 // c5 rang a1 and went to a2
        Assert.Equal(480, a1.Today.NotReadySeconds);      // 09:52 → 10:00
        // available 310 + 2030 + 400 = 2740 s; busy 300 + 60 = 360 s → 360 / 3100
        Assert.Equal(2740, a1.Today.AvailableSeconds);
        Assert.Equal(360.0 / 3100, a1.Today.Occupancy!.Value, 6);

        Assert.Equal(AgentState.Available, a2.State);
        Assert.Equal(2, a2.Today.Handled);
        Assert.Equal(375, a2.Today.AhtSeconds);           // (390 + 360) / 2
        Assert.Equal(600, a2.Today.TalkSeconds);
        Assert.Equal(60, a2.Today.HoldSeconds);
        Assert.Equal(90, a2.Today.WrapUpSeconds);
        // available 1205 + 1100 + 515 = 2820 s; busy 750 s → 750 / 3570
        Assert.Equal(750.0 / 3570, a2.Today.Occupancy!.Value, 6);
    }

    [Fact]
    public async Task Ingest_ScriptedHourShuffledInSmallBatches_SameFiguresAsInOrder()
    {
        var inOrder = await RunAsync(events => [events]);
        var shuffled = await RunAsync(events =>
        {
            var random = new Random(7);
            var mixed = events.OrderBy(_ => random.Next()).ToList();
            return mixed.Chunk(4);
        });

        Assert.Equal(inOrder.Queue.Today, shuffled.Queue.Today);
        Assert.Equal(inOrder.Queue.Last30m, shuffled.Queue.Last30m);
        Assert.Equal(inOrder.Queue.Waiting, shuffled.Queue.Waiting);
        Assert.Equal(inOrder.A1.Today with { NotReadyByReason = [] }, shuffled.A1.Today with { NotReadyByReason = [] });
        Assert.Equal(inOrder.A2.Today with { NotReadyByReason = [] }, shuffled.A2.Today with { NotReadyByReason = [] });
        Assert.Equal(inOrder.A1.State, shuffled.A1.State);
    }

    [Fact]
    public async Task Ingest_ScriptedHourTwice_SecondDeliveryIsAllDuplicatesAndChangesNothing()
    {
        cluster.Time.SetUtcNow(Nine.AddHours(1));
        var (q, a1, a2) = (Unique("q"), Unique("a1"), Unique("a2"));
        var events = Scoped(Hour(q, a1, a2), q);
        var first = await cluster.Ingestor.IngestAsync(events);
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        var before = (await floor.GetQueueAsync(q))!;

        var second = await cluster.Ingestor.IngestAsync(events);
        var after = (await floor.GetQueueAsync(q))!;

        Assert.Equal(new(events.Count, 0), first);
        Assert.Equal(new(0, events.Count), second);
        Assert.Equal(before.Today, after.Today);
        Assert.Equal(before.Waiting, after.Waiting);
    }
}
