using CsCheck;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Issue 14 §6: any delivery of a day — split into batches of any size, each shuffled, events held back a batch,
/// events sent twice, at any speed a connector sends — gives the same today figures as the day sent in order, and
/// the counts the day's own story has.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeliveryPropertyTests(ClusterFixture cluster)
{
    private sealed record Plan(int DaySeed, int BatchSize, int HoldBackOneIn, int RepeatOneIn, int MillisecondsApart, int ShuffleSeed)
    {
        public override string ToString() =>
            $"day {DaySeed}, batches of {BatchSize}, 1 in {HoldBackOneIn} held back, 1 in {RepeatOneIn} repeated, "
            + $"{MillisecondsApart} ms apart, shuffle {ShuffleSeed}";
    }

    private static readonly Gen<Plan> Plans =
        from daySeed in Gen.Int[0, 1_000_000]
        from batchSize in Gen.OneOf(Gen.Int[1, 20], Gen.Int[20, 400])
        from holdBack in Gen.OneOf(Gen.Const(0), Gen.Int[2, 20])
        from repeat in Gen.OneOf(Gen.Const(0), Gen.Int[2, 30])
        from apart in Gen.OneOf(Gen.Const(0), Gen.Int[1, 2_000], Gen.Int[10_000, 60_000]) // up to a minute apart
        from shuffle in Gen.Int[0, 1_000_000]
        select new Plan(daySeed, batchSize, holdBack, repeat, apart, shuffle);

    [Fact]
    public async Task AnyDelivery_SameTodayFiguresAsInOrderAndAsTheStory()
    {
        await Plans.SampleAsync(CheckAsync, iter: 25, threads: 1, print: p => p.ToString());
    }

    private async Task CheckAsync(Plan plan)
    {
        var nine = cluster.NextDay().AddHours(9);
        // Sparse (a call a minute or two) so a batch can span several reorder windows of event time.
        var inOrder = GeneratedDay.Create(plan.DaySeed, nine, TimeSpan.FromMinutes(90), agents: 3, meanGapSeconds: 80);
        var delivered = GeneratedDay.Create(plan.DaySeed, nine, TimeSpan.FromMinutes(90), agents: 3, meanGapSeconds: 80);
        cluster.Time.SetUtcNow(inOrder.Last.AddMinutes(1));

        var firstDeliveries = new HashSet<string>();
        foreach (var batch in Delivery.Batches(delivered.Events, plan.BatchSize, plan.ShuffleSeed, plan.HoldBackOneIn, plan.RepeatOneIn))
        {
            var first = batch.Where(e => firstDeliveries.Add(e.Id)).ToList();
            var outcome = await cluster.Ingestor.IngestAsync(batch);
            // Each event counts once, on its first delivery: never late then, and a repeat never counts again.
            Assert.True(outcome.Accepted == first.Count,
                $"{outcome} for {first.Count} first deliveries at {cluster.Time.GetUtcNow():HH:mm:ss.fff}: "
                + string.Join(", ", first.Select(e => $"{e.Type} {e.CallId ?? e.AgentId} {e.At:HH:mm:ss}")));
            cluster.Time.Advance(TimeSpan.FromMilliseconds(plan.MillisecondsApart));
        }
        // The same day in order, in one batch, after: a grain's watermark belongs to every source, and a single batch
        // is judged against what came before it, so the delivery above cannot make any of it late.
        await cluster.Ingestor.IngestAsync(inOrder.Events);

        var expected = await cluster.Grains.GetGrain<IQueueGrain>(inOrder.QueueId).GetSnapshotAsync();
        var actual = await cluster.Grains.GetGrain<IQueueGrain>(delivered.QueueId).GetSnapshotAsync();
        Assert.Equal((delivered.Offered, delivered.Answered, delivered.Abandoned), (actual.Today.Offered, actual.Today.Answered, actual.Today.Abandoned));
        Assert.Equal(expected.Today, actual.Today);
        Assert.Equal(expected.Last30m, actual.Last30m);
        Assert.Equal(expected.Waiting, actual.Waiting);
        for (var a = 0; a < inOrder.AgentIds.Count; a++)
        {
            var want = await cluster.Grains.GetGrain<IAgentGrain>(inOrder.AgentIds[a]).GetSnapshotAsync();
            var got = await cluster.Grains.GetGrain<IAgentGrain>(delivered.AgentIds[a]).GetSnapshotAsync();
            Assert.Equal(delivered.Handled[delivered.AgentIds[a]], got.Today.Handled);
            Assert.Equal(want.Today with { NotReadyByReason = [] }, got.Today with { NotReadyByReason = [] });
            Assert.Equal((want.State, want.StateSince), (got.State, got.StateSince));
        }
    }
}
