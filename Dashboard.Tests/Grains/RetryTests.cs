using Dashboard.Grains.Calls;
using Dashboard.Grains.Ingestion;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>
/// A batch whose first phases were applied before a later one failed (a grain timeout: the sender got a 500) and that
/// the sender then sends again: the repeat is all duplicates for the grains that did their part, and must still
/// bring what they made to the grains that did not. Nothing acknowledged is lost; nothing is counted twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RetryTests(ClusterFixture cluster)
{
    private (string Queue, string Agent, string Call, List<CenterEvent> Events) Contact()
    {
        var nine = cluster.NextDay().AddHours(9);
        cluster.Time.SetUtcNow(nine.AddHours(1));
        var (q, a, c) = (Unique("q"), Unique("a"), Unique("c"));
        return (q, a, c,
        [
            Login(nine, a, q), Queued(nine.AddMinutes(5), c, q), Offered(nine.AddMinutes(5).AddSeconds(8), c, a),
            Answered(nine.AddMinutes(5).AddSeconds(10), c, a), Ended(nine.AddMinutes(9).AddSeconds(10), c),
            State(nine.AddMinutes(10), a, AgentState.Available),
        ]);
    }

    private async Task<ImmutableArray<AgentCallFact>> ContactsPhaseOnlyAsync(string call, List<CenterEvent> events)
    {
        var shard = CallShardGrain.ShardOf(call, new IngestionOptions().CallShards);
        var calls = events.Where(e => e.CallId is not null).ToList();
        var result = await cluster.Grains.GetGrain<ICallShardGrain>(shard).ApplyAsync([.. calls], calls.Max(e => e.At));
        return result.AgentCalls;
    }

    [Fact]
    public async Task Retry_AfterTheAgentsPhaseFailed_QueueAndAgentCountTheContactOnce()
    {
        var (q, a, c, events) = Contact();
        await ContactsPhaseOnlyAsync(c, events); // then the agents' phase failed

        var retry = await cluster.Ingestor.IngestAsync(events);
        var again = await cluster.Ingestor.IngestAsync(events); // and once more, for good measure

        var queue = (await cluster.Grains.GetGrain<IQueueGrain>(q).GetSnapshotAsync()).Today;
        var agent = (await cluster.Grains.GetGrain<IAgentGrain>(a).GetSnapshotAsync()).Today;
        Assert.Equal(new IngestOutcome(2, 4, 0), retry); // the contact's 4 events were held: duplicates
        Assert.Equal(0, again.Accepted);
        Assert.Equal((1, 1, 1), (queue.Offered, queue.Answered, queue.Handled));
        Assert.Equal(290, queue.AhtSeconds);             // talk 240 + wrap-up 50
        Assert.Equal((1, 290.0), (agent.Handled, agent.AhtSeconds!.Value));
    }

    [Fact]
    public async Task Retry_AfterTheQueuesPhaseFailed_TheQueueCountsTheContactAndItsHandlingOnce()
    {
        var (q, a, c, events) = Contact();
        var facts = await ContactsPhaseOnlyAsync(c, events);
        await cluster.Grains.GetGrain<IAgentGrain>(a).ApplyAsync(
            new AgentBatch([.. events.Where(e => e.CallId is null)], facts, [])); // then the queues' phase failed

        await cluster.Ingestor.IngestAsync(events);
        await cluster.Ingestor.IngestAsync(events);

        var queue = (await cluster.Grains.GetGrain<IQueueGrain>(q).GetSnapshotAsync()).Today;
        Assert.Equal((1, 1, 1), (queue.Offered, queue.Answered, queue.Handled));
        Assert.Equal(290, queue.AhtSeconds);
    }
}
