using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>What an agent's snapshot says of the contact in hand, through the real pipeline: its queue and the caller's wait.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CallInHandTests(ClusterFixture cluster)
{
    [Fact]
    public async Task On_a_call_the_agent_shows_its_queue_and_how_long_the_caller_waited_and_after_it_nothing()
    {
        var now = cluster.Time.GetUtcNow();
        var (a1, sales, call) = (Unique("a1"), Unique("sales"), Unique("c"));
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);

        // Queued 10:00:00 (relative), offered at 42 s, answered at 45 s: the caller waited 45 s for this agent.
        await cluster.Ingestor.IngestAsync(
        [
            Login(now.AddMinutes(-30), a1, sales),
            Queued(now.AddMinutes(-5), call, sales),
            Offered(now.AddMinutes(-5).AddSeconds(42), call, a1),
            Answered(now.AddMinutes(-5).AddSeconds(45), call, a1),
        ]);
        var onCall = (await floor.GetAgentAsync(a1))!;
        Assert.Equal((AgentState.OnCall, sales, 45.0), (onCall.State, onCall.CallQueueId, onCall.CallerWaitedSeconds));

        await cluster.Ingestor.IngestAsync([Ended(now.AddMinutes(-1), call), State(now.AddSeconds(-30), a1, AgentState.Available)]);
        var after = (await floor.GetAgentAsync(a1))!;
        Assert.Equal((AgentState.Available, (string?)null, (double?)null), (after.State, after.CallQueueId, after.CallerWaitedSeconds));
    }
}
