using CsCheck;
using Dashboard.Grains.History;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Snapshots (issue 15 §1): an agent captured at any batch of any delivery of a day and restored into a fresh grain
/// answers the rest of the day as the agent that never stopped: every ApplyAsync result (duplicates, late, the
/// handling reported, the snapshot), the desk, and the history it posts.
/// </summary>
/// <remarks>
/// Agent X gets the whole day; its twin Y the same batches up to the cut, where Y is captured and restored into Z,
/// which gets the rest. The agents are driven with <see cref="IAgentGrain.ApplyAsync"/> directly, each batch built
/// once (the day's contacts through a call shard of the test's own, its complaints through complaint grains) and
/// given to each agent alike, so no shared grain's duplicate memory tells them apart.
/// </remarks>
[Collection(ClusterCollection.Name)]
public sealed class AgentCheckpointPropertyTests(ClusterFixture cluster)
{
    private static long nextShard = 1_000_000; // far from the live shards (0 to CallShards - 1)

    private sealed record Plan(
        int DaySeed, int DeskSeed, int BatchSize, int HoldBackOneIn, int RepeatOneIn, int MaxMillisecondsApart, int ShuffleSeed,
        int CutPermille)
    {
        public override string ToString() =>
            $"day {DaySeed}, desk {DeskSeed}, batches of {BatchSize}, 1 in {HoldBackOneIn} held back, 1 in {RepeatOneIn} "
            + $"repeated, up to {MaxMillisecondsApart} ms apart, shuffle {ShuffleSeed}, cut at {CutPermille}‰";
    }

    private static readonly Gen<Plan> Plans =
        from daySeed in Gen.Int[0, 1_000_000]
        from deskSeed in Gen.Int[0, 1_000_000]
        from batchSize in Gen.OneOf(Gen.Int[1, 10], Gen.Int[10, 150])
        from holdBack in Gen.OneOf(Gen.Const(0), Gen.Int[2, 20])
        from repeat in Gen.OneOf(Gen.Const(0), Gen.Int[2, 30])
        // None: nothing ever settles, all detail is held; up to 40 s: the agent folds as it goes.
        from apart in Gen.OneOf(Gen.Const(0), Gen.Int[1, 3_000], Gen.Int[5_000, 40_000])
        from shuffle in Gen.Int[0, 1_000_000]
        from cut in Gen.Int[0, 1_000]
        select new Plan(daySeed, deskSeed, batchSize, holdBack, repeat, apart, shuffle, cut);

    [Fact]
    public async Task CapturedAtAnyBatch_RestoredAgentAnswersTheRestAsTheOneThatNeverStopped()
    {
        await Plans.SampleAsync(CheckAsync, iter: 50, threads: 1, print: p => p.ToString());
    }

    private async Task CheckAsync(Plan plan)
    {
        var nine = cluster.NextDay().AddHours(9);
        // Long enough for calls never heard of again to end unheard (the duplicate window, two hours, behind).
        var day = GeneratedDay.Create(plan.DaySeed, nine, TimeSpan.FromMinutes(180), agents: 2, meanGapSeconds: 90, lostEndOneIn: 6);
        var me = day.AgentIds[0];
        var events = WithTheRestOfADesk(day, me, new Random(plan.DeskSeed));
        cluster.Time.SetUtcNow(events[^1].At.AddMinutes(1));
        var batches = Delivery.Batches(events, plan.BatchSize, plan.ShuffleSeed, plan.HoldBackOneIn, plan.RepeatOneIn);
        var cutBefore = (int)((long)batches.Count * plan.CutPermille / 1_000);
        var shard = cluster.Grains.GetGrain<ICallShardGrain>(Interlocked.Increment(ref nextShard));
        var random = new Random(plan.ShuffleSeed);

        var (x, y, z) = (Unique("x"), Unique("y"), Unique("z"));
        var (agentX, agentY, agentZ) = (Agent(x), Agent(y), Agent(z));
        cluster.History.Watch(x);
        cluster.History.Watch(z);
        var xHistoryBeforeCut = -1;
        for (var b = 0; b <= batches.Count; b++)
        {
            if (b == cutBefore)
            {
                await agentZ.RestoreAsync(await agentY.CaptureAsync());
                xHistoryBeforeCut = cluster.History.Of(x).Count;
                await AssertSameAsync(agentX, x, agentZ, y, $"right after the restore, before batch {b}");
            }
            if (b == batches.Count)
            {
                break;
            }
            if (await AgentInputAsync(batches[b], me, shard) is { } input)
            {
                var fromX = await agentX.ApplyAsync(input);
                // Before the cut Y is X's twin (the premise); after it, Z must be. Both are named as Y.
                var fromOther = await (b < cutBefore ? agentY : agentZ).ApplyAsync(input);
                var where = $"batch {b} of {batches.Count}, cut before {cutBefore}";
                Assert.Equal($"{where}: {Describe(fromX, x)}", $"{where}: {Describe(fromOther, y)}");
                if (b >= cutBefore)
                {
                    await AssertSameAsync(agentX, x, agentZ, y, where);
                }
            }
            cluster.Time.Advance(TimeSpan.FromMilliseconds(random.Next(plan.MaxMillisecondsApart + 1)));
        }

        await AssertSameAsync(agentX, x, agentZ, y, "at the end");
        var xAfterCut = cluster.History.Of(x).Skip(xHistoryBeforeCut).Select(r => Describe(r, x));
        Assert.Equal(xAfterCut, cluster.History.Of(z).Select(r => Describe(r, z)));
    }

    /// <summary>A profile change sent late, behind a newer one, is ignored after a restore as before it (a window too
    /// narrow for a random cut to find often).</summary>
    [Fact]
    public async Task Restored_OlderProfileArrivingLate_TheNewerStands()
    {
        var nine = cluster.NextDay().AddHours(9);
        cluster.Time.SetUtcNow(nine.AddHours(1));
        var (x, y, z) = (Unique("x"), Unique("y"), Unique("z"));
        var (agentX, agentY, agentZ) = (Agent(x), Agent(y), Agent(z));
        var me = Unique("a");
        AgentBatch Own(params CenterEvent[] events) => new([.. events], [], []);
        var newer = Own(
            Login(nine.AddMinutes(5), me, "q-new") with { Name = "Newer", Team = "New team" },
            QueuesAt(nine.AddMinutes(6), me, "q-newer", level: 5));
        var older = Own(
            Login(nine, me, "q-old") with { Name = "Older", Team = "Old team" },
            QueuesAt(nine.AddMinutes(1), me, "q-older", level: 1));

        await agentX.ApplyAsync(newer);
        await agentY.ApplyAsync(newer);
        await agentZ.RestoreAsync(await agentY.CaptureAsync());
        var fromX = await agentX.ApplyAsync(older);
        var fromZ = await agentZ.ApplyAsync(older);

        Assert.Equal(("Newer", "New team", "q-newer"), (fromX.Snapshot.Name, fromX.Snapshot.Team, string.Join(",", fromX.Snapshot.Queues)));
        Assert.Equal(Describe(fromX, x), Describe(fromZ, y));
    }

    private static CenterEvent QueuesAt(DateTimeOffset at, string agentId, string queueId, int level) => new()
    {
        Id = Unique("qs"), Type = EventType.AgentQueues, At = at, AgentId = agentId, Queues = [queueId],
        SkillLevels = ImmutableDictionary<string, int>.Empty.Add(queueId, level),
    };

    /// <summary>The grain of past days is the same class under another grain type, captured through its own interface.</summary>
    [Fact]
    public async Task PastAgent_CapturedHalfWay_AnswersAndWritesHistoryAsTheOneThatNeverStopped()
    {
        var day = GeneratedDay.Create(seed: 7, cluster.NextDay().AddHours(9), TimeSpan.FromMinutes(60), agents: 2);
        var me = day.AgentIds[0];
        var events = WithTheRestOfADesk(day, me, new Random(7));
        cluster.Time.SetUtcNow(events[^1].At.AddMinutes(1));
        var shard = cluster.Grains.GetGrain<ICallShardGrain>(Interlocked.Increment(ref nextShard));
        var inputs = new List<AgentBatch>();
        foreach (var batch in Delivery.Batches(events, batchSize: 25, seed: 7))
        {
            if (await AgentInputAsync(batch, me, shard) is { } input)
            {
                inputs.Add(input);
            }
        }
        var (x, y, z) = (Unique("px"), Unique("py"), Unique("pz"));
        var (pastX, pastY, pastZ) = (Past(x), Past(y), Past(z));
        cluster.History.Watch(x);
        cluster.History.Watch(z);
        var (quarter, half) = (inputs.Count / 4, inputs.Count / 2);

        for (var i = 0; i < half; i++)
        {
            Assert.Equal(Describe(await pastX.ApplyAsync(inputs[i]), x), Describe(await pastY.ApplyAsync(inputs[i]), y));
            if (i == quarter)
            {
                // A first file of an import ended: history is written past what the agent has folded.
                await pastX.WriteHistoryNowAsync();
                await pastY.WriteHistoryNowAsync();
            }
        }
        await pastZ.RestoreAsync(await pastY.CaptureAsync());
        var xHistoryBeforeCut = cluster.History.Of(x).Count;
        foreach (var input in inputs[half..])
        {
            Assert.Equal(Describe(await pastX.ApplyAsync(input), x), Describe(await pastZ.ApplyAsync(input), y));
        }
        await pastX.WriteHistoryNowAsync();
        await pastZ.WriteHistoryNowAsync();

        var fromZ = cluster.History.Of(z).Select(r => Describe(r, z)).ToList();
        // Not vacuous: the calls since the first write, some of which Z knows only from the snapshot, are written now.
        Assert.Contains(fromZ, r => r.StartsWith(nameof(ContactRecord), StringComparison.Ordinal));
        Assert.Equal(cluster.History.Of(x).Skip(xHistoryBeforeCut).Select(r => Describe(r, x)), fromZ);
    }

    private IAgentGrain Agent(string key) => cluster.Grains.GetGrain<IAgentGrain>(key);

    private IPastAgentGrain Past(string key) => cluster.Grains.GetGrain<IPastAgentGrain>(key);

    /// <summary>
    /// The day of <see cref="GeneratedDay"/> with the rest of what reaches an agent's desk: holds, calls whose
    /// call.ended never comes (ended unheard) or comes long after a logout ended the talk, not-ready spells with
    /// reasons, missed calls, surveys, callbacks, changes of queues and skills, and complaints. In event-time order
    /// but for a few profile changes sent late.
    /// </summary>
    private static List<CenterEvent> WithTheRestOfADesk(GeneratedDay day, string me, Random random)
    {
        var events = day.Events.ToList();
        var start = events[0].At;
        var end = day.Last;
        foreach (var answered in day.Events.Where(e => e.Type == EventType.CallAnswered && e.AgentId == me))
        {
            var callId = answered.CallId!;
            if (day.Events.FirstOrDefault(e => e.Type == EventType.CallEnded && e.CallId == callId) is { } ended)
            {
                if (ended.At - answered.At > TimeSpan.FromSeconds(20) && random.Next(3) == 0)
                {
                    events.Add(Held(answered.At.AddSeconds(5), callId));
                    events.Add(Resumed(answered.At.AddSeconds(6 + random.Next(10)), callId));
                }
                if (answered.At < start.AddMinutes(60) && random.Next(3) == 0)
                {
                    events.Remove(ended); // never heard of again
                }
            }
            else if (random.Next(2) == 0
                     && day.Events.FirstOrDefault(e => e.Type == EventType.AgentLogout && e.AgentId == me && e.At >= answered.At) is { } logout)
            {
                events.Add(Ended(logout.At.AddMinutes(12 + random.Next(9)), callId)); // after the agent folded the call
            }
        }
        for (var n = 0; n < 6; n++)
        {
            var at = start.AddMinutes(random.Next(170));
            var callId = $"{me}-missed{n}";
            events.Add(Queued(at, callId, day.QueueId));
            events.Add(Offered(at.AddSeconds(1), callId, me));
            events.Add(Abandoned(at.AddSeconds(5 + random.Next(20)), callId)); // rang out on the agent: missed
        }
        string[] reasons = ["break", "lunch", "meeting"];
        for (var at = start.AddMinutes(2); at < end; at = at.AddMinutes(5 + random.Next(11)))
        {
            events.Add(State(at, me, AgentState.NotReady, reasons[random.Next(reasons.Length)]));
            events.Add(State(at.AddSeconds(60 + random.Next(180)), me, AgentState.Available));
        }
        for (var at = start.AddMinutes(1); at < end; at = at.AddMinutes(3 + random.Next(8)))
        {
            events.Add(Survey(at, me, 1 + random.Next(5)));
        }
        for (var n = 0; n < 8; n++)
        {
            var at = start.AddMinutes(random.Next(170));
            var callbackId = $"{me}-cb{n}";
            events.Add(Callback(EventType.CallbackScheduled, at, me, callbackId, due: at.AddHours(1 + random.Next(3))));
            if (random.Next(3) == 0)
            {
                events.Add(Callback(EventType.CallbackScheduled, at.AddMinutes(5), me, callbackId, due: at.AddHours(4))); // rescheduled
            }
            if (random.Next(2) == 0)
            {
                events.Add(Callback(EventType.CallbackCompleted, at.AddMinutes(1 + random.Next(30)), me, callbackId, due: null));
            }
        }
        for (var n = 0; n < 3; n++)
        {
            events.Add(QueuesChanged(start.AddMinutes(random.Next(170)), me, day.QueueId, random));
        }
        for (var n = 0; n < 4; n++)
        {
            var at = start.AddMinutes(random.Next(170));
            var complaintId = $"{me}-k{n}";
            events.Add(ComplaintOpened(at, complaintId, day.QueueId, me));
            if (random.Next(2) == 0)
            {
                events.Add(ComplaintResolved(at.AddMinutes(1 + random.Next(60)), complaintId));
            }
        }
        // Times to the millisecond, as most sources send them: handle times that are no whole seconds sum differently
        // in another order.
        var inOrder = events.Select(e => e with { At = e.At.AddMilliseconds(random.Next(1_000)) }).OrderBy(e => e.At).ToList();
        // Profile changes a source sends minutes late, behind newer ones: the newer stand. Past the reorder window, late.
        for (var n = 0; n < 6; n++)
        {
            var at = start.AddMinutes(random.Next(170)).AddMilliseconds(random.Next(1_000));
            var straggler = n % 2 == 0
                ? Login(at, me, day.QueueId) with { Name = $"{me} as of {at:HH:mm}", Team = $"team of {at:HH:mm}" }
                : QueuesChanged(at, me, day.QueueId, random);
            var sentWith = inOrder.FindIndex(e => e.At >= at.AddMinutes(1 + random.Next(15)));
            inOrder.Insert(sentWith < 0 ? inOrder.Count : sentWith, straggler);
        }
        return inOrder;
    }

    private static CenterEvent QueuesChanged(DateTimeOffset at, string agentId, string queueId, Random random)
    {
        var other = $"{agentId}-other{random.Next(3)}";
        return new CenterEvent
        {
            Id = Unique("qs"), Type = EventType.AgentQueues, At = at, AgentId = agentId, Queues = [queueId, other],
            SkillLevels = ImmutableDictionary<string, int>.Empty.Add(queueId, 1 + random.Next(5)).Add(other, 1 + random.Next(5)),
        };
    }

    private static CenterEvent Callback(EventType type, DateTimeOffset at, string agentId, string callbackId, DateTimeOffset? due) =>
        new() { Id = Unique("cb"), Type = type, At = at, AgentId = agentId, CallbackId = callbackId, DueAt = due, Category = "billing" };

    /// <summary>What the ingestor's first two phases hand <paramref name="me"/> for one delivered batch; null when nothing.</summary>
    private async Task<AgentBatch?> AgentInputAsync(List<CenterEvent> batch, string me, ICallShardGrain shard)
    {
        var calls = batch.Where(e => e.Type.IsCallEvent()).ToImmutableArray();
        var agentCalls = calls.IsEmpty ? [] : (await shard.ApplyAsync(calls, batch.Max(e => e.At))).AgentCalls;
        var complaints = new List<ComplaintFact>();
        foreach (var complaint in batch.Where(e => e.Type.IsComplaintEvent()).GroupBy(e => e.ComplaintId!))
        {
            var result = await cluster.Grains.GetGrain<IComplaintGrain>(complaint.Key).ApplyAsync([.. complaint]);
            if (result.Fact is { } fact && (fact.AgentId == me || result.FormerAgentId == me))
            {
                complaints.Add(fact);
            }
        }
        var input = new AgentBatch(
            [.. batch.Where(e => !e.Type.IsCallEvent() && !e.Type.IsComplaintEvent() && e.AgentId == me)],
            [.. agentCalls.Where(c => c.AgentId == me)],
            [.. complaints]);
        return input.Events.IsEmpty && input.Calls.IsEmpty && input.Complaints.IsEmpty ? null : input;
    }

    /// <param name="actualOrigin">The agent whose state <paramref name="actual"/> was restored from.</param>
    private static async Task AssertSameAsync(IAgentGrain expected, string expectedId, IAgentGrain actual, string actualOrigin, string where)
    {
        Assert.Equal(
            $"{where}: {Describe(await expected.GetSnapshotAsync(), expectedId)}",
            $"{where}: {Describe(await actual.GetSnapshotAsync(), actualOrigin)}");
        Assert.Equal($"{where}: {Describe(await expected.GetDeskAsync())}", $"{where}: {Describe(await actual.GetDeskAsync())}");
    }

    // As text, without what names the grain: its id, and the name an agent nobody configured has before its first
    // login (its id; a restored agent's is that of the agent it was captured from). Versions come from the wall
    // clock. Records holding immutable collections compare those by reference, so the collections are spelt out.

    private static string Describe(AgentBatchResult result, string ownId) =>
        $"duplicates {result.Duplicates}, late {result.Late}, handled ["
        + string.Join("; ", result.Handled.Select(h => h with { AgentId = "", Version = 0 }))
        + $"], {Describe(result.Snapshot, ownId)}";

    private static string Describe(AgentSnapshot s, string ownId) =>
        $"{(s.Name == ownId ? "(own id)" : s.Name)} {s.Team} {s.State} {s.Reason} since {s.StateSince:O}, call {s.CurrentCallId} "
        + $"since {s.CallSince:O} hold {s.OnHold}, queues {string.Join(",", s.Queues)}, skills "
        + string.Join(",", s.SkillLevels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"))
        + $", as of {s.AsOf:O}, today {s.Today with { NotReadyByReason = ImmutableDictionary<string, double>.Empty }} reasons "
        + string.Join(",", s.Today.NotReadyByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"));

    private static string Describe(AgentDesk desk) =>
        $"complaints [{string.Join("; ", desk.OpenComplaints)}] callbacks [{string.Join("; ", desk.Callbacks)}]";

    private static string Describe(HistoryRecord record, string ownId) => (record switch
    {
        AgentSpanRecord span when span.AgentId == ownId => span with { AgentId = "" },
        ContactRecord contact when contact.AgentId == ownId => contact with { AgentId = "" },
        SurveyRecord survey when survey.AgentId == ownId => survey with { AgentId = "" },
        _ => record,
    }).ToString();
}
