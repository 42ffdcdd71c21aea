using CsCheck;
using Dashboard.Grains.Calls;
using Dashboard.Grains.Ingestion;
using Dashboard.Grains.Queues;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Issue 15 §1, snapshots: a queue restored from a capture answers whatever follows as the queue that never stopped —
/// for any day, any delivery of its facts and any moment of the capture.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QueueRestoreTests(ClusterFixture cluster)
{
    private sealed record Plan(
        int DaySeed, bool OverMidnight, Channel Channel, int BatchSize, int HoldBackOneIn, int RepeatOneIn, int StaleOneIn,
        int CutPermille, int FactsSeed)
    {
        public override string ToString() =>
            $"day {DaySeed}{(OverMidnight ? " over midnight" : "")}, {Channel}, batches of {BatchSize}, 1 in {HoldBackOneIn} held back, "
            + $"1 in {RepeatOneIn} repeated, 1 in {StaleOneIn} stale, cut at {CutPermille}‰, facts {FactsSeed}";
    }

    private static readonly Gen<Plan> Plans =
        from daySeed in Gen.Int[0, 1_000_000]
        from overMidnight in Gen.Bool
        from channel in Gen.Enum<Channel>()
        from batchSize in Gen.OneOf(Gen.Int[1, 8], Gen.Int[8, 60])
        from holdBack in Gen.OneOf(Gen.Const(0), Gen.Int[2, 10])
        from repeat in Gen.OneOf(Gen.Const(0), Gen.Int[2, 20])
        from stale in Gen.OneOf(Gen.Const(0), Gen.Int[2, 6])
        from cut in Gen.Int[0, 1000]
        from factsSeed in Gen.Int[0, 1_000_000]
        select new Plan(daySeed, overMidnight, channel, batchSize, holdBack, repeat, stale, cut, factsSeed);

    /// <summary>One thing a queue is sent: a batch of facts, or a manager's settings.</summary>
    private sealed record Input(string Text, Func<IQueueGrain, Task<QueueSnapshot>> SendTo)
    {
        public override string ToString() => Text;
    }

    [Fact]
    public async Task AnyDayAnyCut_RestoredQueueAnswersTheRestAsTheQueueThatNeverStopped()
    {
        await Plans.SampleAsync(CheckAsync, iter: 25, threads: 1, print: p => p.ToString());
    }

    private async Task CheckAsync(Plan plan)
    {
        // Over midnight: from 23:15 the evening before the run's own day, never into the next run's.
        var midnight = cluster.NextDay();
        var start = plan.OverMidnight ? midnight.AddMinutes(-45) : midnight.AddHours(9);
        var day = GeneratedDay.Create(plan.DaySeed, start, TimeSpan.FromMinutes(60), agents: 3, meanGapSeconds: 50);
        // The clock stands still meanwhile: nothing settles, so every queue holds the same detail whenever its
        // refresh runs (letting go is held against the watermark in its own test below).
        cluster.Time.SetUtcNow(day.Last.AddMinutes(1));
        var inputs = Inputs(day, plan);
        var cut = inputs.Count * plan.CutPermille / 1000;
        var scope = Events.Unique("qr");
        var neverStopped = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-x");
        var captured = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-y");
        var restored = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-z");

        foreach (var input in inputs.Take(cut))
        {
            await input.SendTo(neverStopped);
            await input.SendTo(captured);
        }
        await restored.RestoreAsync(await captured.CaptureAsync());

        // The same queue as captured, its name and channel included.
        Assert.Equal(WithoutKey(await captured.GetSnapshotAsync()), WithoutKey(await restored.GetSnapshotAsync()));
        foreach (var (index, input) in inputs.Index().Skip(cut))
        {
            var want = await input.SendTo(neverStopped);
            var got = await input.SendTo(restored);
            Assert.True(
                WithoutName(want) == WithoutName(got),
                $"After input {index} of {inputs.Count} (cut at {cut}), {input}:\n want {WithoutName(want)}\n got  {WithoutName(got)}");
        }
    }

    [Fact]
    public async Task Restore_WatermarkKept_LetsGoOfTheSameContactsAsTheQueueThatNeverStopped()
    {
        var ten = cluster.NextDay().AddHours(10);
        cluster.Time.SetUtcNow(ten.AddMinutes(1));
        var scope = Events.Unique("qw");
        var neverStopped = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-x");
        var captured = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-y");
        var restored = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-z");
        var first = Batch(
            Answered(scope, "c1", 1, ten.AddMinutes(-61), ten.AddMinutes(-60)),
            Answered(scope, "c2", 1, ten, ten.AddSeconds(10)));
        await neverStopped.ApplyAsync(first);
        await captured.ApplyAsync(first);
        cluster.LetSettle();

        // Captured while the first batch's time has not settled yet (it settles two batches on), so the capture
        // still holds c1 however its refresh was timed.
        await restored.RestoreAsync(await captured.CaptureAsync());
        foreach (var queue in new[] { neverStopped, restored })
        {
            await queue.ApplyAsync(Batch());
            await queue.ApplyAsync(Batch());
        }
        // Each refresh lets go of contacts finished two reorder windows behind the settled watermark: c1.
        await Task.Delay(new LiveOptions().QueueRefreshPeriod * 3);

        var again = Batch(Answered(scope, "c1", 2, ten.AddMinutes(-61), ten.AddMinutes(-60)));
        var want = await neverStopped.ApplyAsync(again);
        var got = await restored.ApplyAsync(again);

        // Sent again once let go of, c1 counts as a new contact (QueueLedger.Forget): proof that it was let go of.
        Assert.Equal(3, want.Today.Offered);
        Assert.Equal(WithoutName(want), WithoutName(got));
    }

    [Fact]
    public async Task Restore_OnAHostWhoseClockIsBehind_VersionsGoOnAndTheSameFiguresAreNotPublishedAgain()
    {
        var now = cluster.NextDay().AddHours(11);
        cluster.Time.SetUtcNow(now);
        var scope = Events.Unique("qv");
        var captured = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-y");
        var restored = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-z");
        var fresh = cluster.Grains.GetGrain<IQueueGrain>($"{scope}-w");
        await captured.ApplyAsync(Batch(Waiting(scope, "c1", 1, now.AddSeconds(-30))));
        var serializer = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer<QueueGrainState>>();
        var kept = serializer.Deserialize((await captured.CaptureAsync()).Value)!;
        // Versions start from the wall clock: a kept version a day ahead stands for a capture on a clock a day ahead.
        var ahead = DateTime.UtcNow.AddDays(1).Ticks;

        await restored.RestoreAsync(new(serializer.SerializeToArray(kept with { Version = ahead })));
        await fresh.GetSnapshotAsync();
        // A refresh publishes to the floor only figures other than those last published: a queue just activated
        // does, the restored one had published these already.
        await Task.Delay(new LiveOptions().QueueRefreshPeriod * 3);

        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        Assert.NotNull(await floor.GetQueueAsync($"{scope}-w"));
        Assert.Null(await floor.GetQueueAsync($"{scope}-z"));
        Assert.True((await restored.GetSnapshotAsync()).Version > ahead);
    }

    /// <summary>
    /// What the call shards and agents would hand the queue for a delivery of <paramref name="day"/>: each contact's
    /// visits after every batch that touched it, each handling once the agent is ready again (and again when a late
    /// event moves that), now and then a handling retracted and given back, complaints opened and resolved, facts
    /// sent again with the version they had (stale by then), and a manager's settings.
    /// </summary>
    private static List<Input> Inputs(GeneratedDay day, Plan plan)
    {
        var random = new Random(plan.FactsSeed);
        var queueId = day.QueueId;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var callEvents = new Dictionary<string, List<CenterEvent>>(StringComparer.Ordinal);
        var readyAt = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var handling = new Dictionary<(string CallId, string AgentId), HandledContact>();
        var sentVisits = new List<QueueVisitUpdate>();
        var sentHandled = new List<HandledContact>();
        var complaints = new List<ComplaintFact>();
        long version = 0;
        var inputs = new List<Input>();
        foreach (var batch in Delivery.Batches(day.Events, plan.BatchSize, plan.FactsSeed, plan.HoldBackOneIn, plan.RepeatOneIn))
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in batch.Where(e => seen.Add(e.Id)))
            {
                if (e.CallId is { } callId)
                {
                    (callEvents.TryGetValue(callId, out var list) ? list : callEvents[callId] = []).Add(e);
                    touched.Add(callId);
                }
                else if (e.AgentId is { } agentId && e.Type is EventType.AgentState or EventType.AgentLogin)
                {
                    (readyAt.TryGetValue(agentId, out var list) ? list : readyAt[agentId] = []).Add(e.At);
                }
            }

            var visits = new List<QueueVisitUpdate>();
            foreach (var callId in touched)
            {
                var picture = CallLifecycle.Derive(callId, callEvents[callId]);
                visits.Add(new QueueVisitUpdate(queueId, callId, ++version, [.. picture.Visits.Select(v => v with { Channel = plan.Channel })]));
            }
            var handled = new List<HandledContact>();
            foreach (var (callId, events) in callEvents)
            {
                foreach (var part in CallLifecycle.Derive(callId, events).Agents)
                {
                    if (part is not { AnsweredAt: { } answeredAt, EndedAt: { } endedAt }
                        || NextReady(readyAt.GetValueOrDefault(part.AgentId), endedAt) is not { } ready)
                    {
                        continue;
                    }
                    var fact = new HandledContact(
                        queueId, callId, part.AgentId, 0, (endedAt - answeredAt).TotalSeconds, 0, (ready - endedAt).TotalSeconds, ready);
                    if (handling.TryGetValue((callId, part.AgentId), out var held) && held with { Version = 0 } == fact)
                    {
                        continue;
                    }
                    handled.Add(handling[(callId, part.AgentId)] = fact with { Version = ++version });
                }
            }
            if (random.Next(8) == 0 && handling.Count > 0)
            {
                // Retracted (a later event said the agent had no part), then given back with the next batch.
                var key = handling.Keys.ElementAt(random.Next(handling.Count));
                handled.Add(handling[key] with { Version = ++version, Removed = true });
                handling.Remove(key);
            }

            var complaintFacts = new List<ComplaintFact>();
            var latest = batch.Max(e => e.At);
            if (random.Next(6) == 0)
            {
                complaintFacts.Add(new ComplaintFact(
                    $"k{complaints.Count}", ++version, queueId, null, ComplaintSeverity.Normal, ComplaintStatus.Open, latest, null));
            }
            if (random.Next(6) == 0 && complaints.Count > 0)
            {
                var open = complaints[random.Next(complaints.Count)];
                complaintFacts.Add(open with { Version = ++version, Status = ComplaintStatus.Resolved });
            }

            if (plan.StaleOneIn > 0 && random.Next(plan.StaleOneIn) == 0)
            {
                if (sentVisits.Count > 0)
                    visits.Add(sentVisits[random.Next(sentVisits.Count)]);
                if (sentHandled.Count > 0)
                    handled.Add(sentHandled[random.Next(sentHandled.Count)]);
                if (complaints.Count > 0)
                    complaintFacts.Add(complaints[random.Next(complaints.Count)]);
            }
            sentVisits.AddRange(visits);
            sentHandled.AddRange(handled);
            complaints.AddRange(complaintFacts);

            var queueBatch = new QueueBatch([.. visits], [.. handled], [.. complaintFacts]);
            inputs.Add(new Input(
                $"batch of {visits.Count} visits, {handled.Count} handled, {complaintFacts.Count} complaints up to {latest:HH:mm:ss}",
                queue => queue.ApplyAsync(queueBatch)));

            if (random.Next(20) == 0)
            {
                var settings = new QueueSettings(
                    0.8, random.Next(5, 40), random.Next(0, 10), (ServiceLevelFormula)random.Next(3), random.Next(2) == 0, true);
                inputs.Add(new Input($"settings {settings}", queue => queue.SetSettingsAsync(settings)));
            }
        }
        return inputs;
    }

    /// <summary>When the agent was first ready again at or after <paramref name="endedAt"/>: their wrap-up ended.</summary>
    private static DateTimeOffset? NextReady(List<DateTimeOffset>? readyTimes, DateTimeOffset endedAt) =>
        readyTimes?.Where(t => t >= endedAt).Select(t => (DateTimeOffset?)t).Min();

    private static QueueBatch Batch(params QueueVisitUpdate[] visits) => new([.. visits], [], []);

    private static QueueVisitUpdate Answered(string scope, string callId, long version, DateTimeOffset enqueuedAt, DateTimeOffset answeredAt) =>
        new($"{scope}-q", callId, version, [new($"{scope}-q", callId, Channel.Voice, 0, enqueuedAt, answeredAt, QueueExit.Answered, "a1")]);

    private static QueueVisitUpdate Waiting(string scope, string callId, long version, DateTimeOffset enqueuedAt) =>
        new($"{scope}-q", callId, version, [new($"{scope}-q", callId, Channel.Chat, 0, enqueuedAt, null, null, null)]);

    // Versions start from the wall clock on each grain: equal inputs give equal figures, not equal versions.
    private static QueueSnapshot WithoutKey(QueueSnapshot snapshot) => snapshot with { QueueId = "", Version = 0 };

    // A queue created on first sight is named by its key, and the two compared have keys of their own.
    private static QueueSnapshot WithoutName(QueueSnapshot snapshot) => WithoutKey(snapshot) with { Name = "" };
}
