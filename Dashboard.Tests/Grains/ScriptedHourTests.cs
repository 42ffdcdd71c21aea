using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>
/// A scripted hour on one queue with two agents, through the real pipeline and grains; every expected figure
/// is worked out by hand below. Clock: 10:00:00 UTC, day start 00:00 UTC.
/// </summary>
/// <remarks>Every run plays its hour on a day of its own (<see cref="ClusterFixture.NextDay"/>).</remarks>
[Collection(ClusterCollection.Name)]
public sealed class ScriptedHourTests
{
    private readonly ClusterFixture cluster;

    public ScriptedHourTests(ClusterFixture cluster)
    {
        this.cluster = cluster;
        StartNewDay();
    }

    /// <summary>09:00 of the current run's day.</summary>
    private DateTimeOffset Nine { get; set; }

    private DateTimeOffset T(int minute, int second = 0) => Nine.AddMinutes(minute).AddSeconds(second);

    private void StartNewDay()
    {
        Nine = cluster.NextDay().AddHours(9);
        cluster.Time.SetUtcNow(Nine.AddHours(1));
    }

    // c1 answered by a1 after 12 s (within 20 s), talk 300 s, wrap 60 s              → handle 360
    // c2 answered by a2 after 30 s, hold 60 s inside 360 s on call, wrap 30 s         → talk 300, handle 390
    // c3 abandoned after 3 s (short abandon, within threshold)
    // c4 abandoned after 45 s
    // c5 rings a1 18 s unanswered (missed), answered by a2 after 25 s, talk 300, wrap 60 → handle 360
    // c6 queued 09:55, still waiting at 10:00
    // a1 goes not ready (break) at 09:52
    private List<CenterEvent> Hour(string q, string a1, string a2) =>
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
        StartNewDay();
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
    public async Task Ingest_ScriptedHourShuffledInOneBatch_SameFiguresAsInOrder()
    {
        var inOrder = await RunAsync(events => [events]);
        var shuffled = await RunAsync(events =>
        {
            var random = new Random(7);
            return [events.OrderBy(_ => random.Next()).ToList()];
        });

        AssertSameFigures(inOrder, shuffled);
    }

    [Fact]
    public async Task Ingest_ScriptedHourOutOfOrderWithinReorderWindow_SameFiguresAsInOrder()
    {
        var inOrder = await RunAsync(events => [events]);
        // Each event is held back by up to 9 minutes (the reorder window is 10), then sent in batches of 4:
        // plenty of events arrive after later ones, none more than the window behind.
        var jittered = await RunAsync(events =>
        {
            var random = new Random(7);
            var arrival = events.OrderBy(e => e.At.AddSeconds(random.Next(9 * 60))).ToList();
            Assert.NotEqual(events.Select(e => e.Id), arrival.Select(e => e.Id));
            return arrival.Chunk(4);
        });

        AssertSameFigures(inOrder, jittered);
    }

    private static void AssertSameFigures(
        (QueueSnapshot Queue, AgentSnapshot A1, AgentSnapshot A2) expected, (QueueSnapshot Queue, AgentSnapshot A1, AgentSnapshot A2) actual)
    {
        Assert.Equal(expected.Queue.Today, actual.Queue.Today);
        Assert.Equal(expected.Queue.Last30m, actual.Queue.Last30m);
        Assert.Equal(expected.Queue.Waiting, actual.Queue.Waiting);
        Assert.Equal(expected.A1.Today with { NotReadyByReason = [] }, actual.A1.Today with { NotReadyByReason = [] });
        Assert.Equal(expected.A2.Today with { NotReadyByReason = [] }, actual.A2.Today with { NotReadyByReason = [] });
        Assert.Equal(expected.A1.State, actual.A1.State);
    }

    [Fact]
    public async Task Ingest_ScriptedHourTwice_SecondDeliveryIsAllDuplicateOrLateAndChangesNothing()
    {
        var (q, a1, a2) = (Unique("q"), Unique("a1"), Unique("a2"));
        var events = Scoped(Hour(q, a1, a2), q);
        var first = await cluster.Ingestor.IngestAsync(events);
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        var before = (await floor.GetQueueAsync(q))!;
        var agentBefore = (await floor.GetAgentAsync(a2))!;

        var second = await cluster.Ingestor.IngestAsync(events);
        var after = (await floor.GetQueueAsync(q))!;
        var agentAfter = (await floor.GetAgentAsync(a2))!;

        Assert.Equal(new(events.Count, 0, 0), first);
        // Repeats of events still held are duplicates; repeats of detail already folded away are late.
        Assert.Equal(0, second.Accepted);
        Assert.Equal(events.Count, second.Duplicates + second.Late);
        Assert.True(second.Duplicates > 0, "events of the last 10 minutes are still held, so some repeats are duplicates");
        Assert.Equal(before.Today, after.Today);
        Assert.Equal(before.Waiting, after.Waiting);
        Assert.Equal(agentBefore.Today with { NotReadyByReason = [] }, agentAfter.Today with { NotReadyByReason = [] });
        Assert.Equal(agentBefore.Today.NotReadyByReason, agentAfter.Today.NotReadyByReason);
    }

    [Fact]
    public async Task Ingest_AfterTheHour_StragglersBeyondTheWindowAreLateButAMissedContactStillCounts()
    {
        var (q, a1, a2) = (Unique("q"), Unique("a1"), Unique("a2"));
        var hour = Scoped(Hour(q, a1, a2), q);
        await cluster.Ingestor.IngestAsync(hour);
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        // The hour is no longer arriving: it has stood the settle time, and another batch has come since (a source's
        // re-send, all duplicates) — events held back a single batch would still count.
        cluster.LetSettle();
        await cluster.Ingestor.IngestAsync(hour);
        var agentBefore = await cluster.Grains.GetGrain<IAgentGrain>(a1).GetSnapshotAsync();

        // c1 finished at 09:10 and its detail is gone, a1's 09:30 is 25 minutes behind a1's latest event (09:55
        // cap 10:00): both late. c7 is a contact never seen before, 48 minutes old: inside the duplicate window,
        // so it is a backfill and counts (offered and abandoned).
        var outcome = await cluster.Ingestor.IngestAsync(Scoped(
        [
            Held(T(8), "c1"),
            State(T(30), a1, AgentState.NotReady, "late"),
            Queued(T(12), "c7", q), Abandoned(T(12, 30), "c7"),
        ], q));
        var queue = (await floor.GetQueueAsync(q))!;
        var agent = (await floor.GetAgentAsync(a1))!;

        Assert.Equal(new(2, 0, 2), outcome);
        Assert.Equal(7, queue.Today.Offered);   // c1..c6 + c7
        Assert.Equal(3, queue.Today.Abandoned); // c3, c4, c7
        Assert.Equal(agentBefore.Today with { NotReadyByReason = [] }, agent.Today with { NotReadyByReason = [] });
        Assert.Equal(agentBefore.Today.NotReadyByReason, agent.Today.NotReadyByReason);
        Assert.Equal(agentBefore.State, agent.State);
    }
}
