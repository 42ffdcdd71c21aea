using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Issue 14 §3: a contact answered whose call.ended never comes is counted answered live; its handling must end too,
/// so it reaches the queue's handled contacts and history — at the agent's logout, or once the duplicate window has
/// passed with nothing heard of it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LostCallEndedTests(ClusterFixture cluster)
{
    [Fact]
    public async Task CallEndedLost_AgentWorksOnPastTheDuplicateWindow_HandlingEndsWhereLastHeardOf()
    {
        var nine = cluster.NextDay().AddHours(9);
        cluster.Time.SetUtcNow(nine.AddHours(3));
        var (q, a, c) = (Unique("q"), Unique("a"), Unique("c"));
        await cluster.Ingestor.IngestAsync(
        [
            Login(nine, a, q), Queued(nine.AddMinutes(1), c, q), Offered(nine.AddMinutes(1).AddSeconds(5), c, a),
            Answered(nine.AddMinutes(1).AddSeconds(10), c, a), Held(nine.AddMinutes(4), c), // then nothing more of c
        ]);
        var before = (await cluster.Grains.GetGrain<IQueueGrain>(q).GetSnapshotAsync()).Today;

        // Over two hours later (the duplicate window) the agent is heard of again.
        await cluster.Ingestor.IngestAsync([State(nine.AddHours(2).AddMinutes(5), a, AgentState.NotReady, "break")]);

        var queue = (await cluster.Grains.GetGrain<IQueueGrain>(q).GetSnapshotAsync()).Today;
        var agent = await cluster.Grains.GetGrain<IAgentGrain>(a).GetSnapshotAsync();
        Assert.Equal((1, 1, 0), (before.Offered, before.Answered, before.Handled));
        Assert.Equal((1, 1, 1), (queue.Offered, queue.Answered, queue.Handled));
        Assert.Equal(170, queue.AhtSeconds); // talk from the answer to the last thing heard (the hold), no wrap-up
        Assert.Equal((1, AgentState.NotReady), (agent.Today.Handled, agent.State));
    }
}
