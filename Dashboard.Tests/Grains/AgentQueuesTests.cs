using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>agent.queues through the real pipeline: membership, skill levels and the queues' staffing follow it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AgentQueuesTests(ClusterFixture cluster)
{
    private static CenterEvent Queues(DateTimeOffset at, string agentId, string[] queues, Dictionary<string, int>? levels = null) =>
        new()
        {
            Id = Unique("e"), Type = EventType.AgentQueues, At = at, AgentId = agentId, Queues = [.. queues],
            SkillLevels = levels?.ToImmutableDictionary(StringComparer.Ordinal),
        };

    private async Task<(AgentSnapshot Agent, QueueSnapshot? From, QueueSnapshot? To)> IngestAsync(
        string agentId, string from, string to, params CenterEvent[] events)
    {
        await cluster.Ingestor.IngestAsync(events);
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);
        return ((await floor.GetAgentAsync(agentId))!, await floor.GetQueueAsync(from), await floor.GetQueueAsync(to));
    }

    [Fact]
    public async Task AgentQueues_MovedToAnotherQueue_MembershipLevelAndStaffingFollowWhileTheStateStays()
    {
        var now = cluster.Time.GetUtcNow();
        var (a1, sales, service) = (Unique("a1"), Unique("sales"), Unique("service"));

        var (_, before, _) = await IngestAsync(a1, sales, service, Login(now.AddMinutes(-30), a1, sales));
        var (agent, from, to) = await IngestAsync(a1, sales, service,
            State(now.AddMinutes(-20), a1, AgentState.NotReady, "break"),
            Queues(now.AddMinutes(-10), a1, [service], new() { [service] = 5 }));

        Assert.Equal<string>([service], agent.Queues);
        Assert.Equal(new Dictionary<string, int> { [service] = 5 }, agent.SkillLevels);
        Assert.Equal(AgentState.NotReady, agent.State);
        Assert.Equal(now.AddMinutes(-20), agent.StateSince);
        Assert.Equal(1, before!.Agents.Staffed);
        Assert.Equal(0, from!.Agents.Staffed);
        Assert.Equal(new AgentCounts(Staffed: 1, Available: 0, OnCall: 0, WrapUp: 0, NotReady: 1, Ringing: 0), to!.Agents);
    }

    [Fact]
    public async Task AgentQueues_LevelsLeftOut_KeepTheirsOrTakeTheDefault()
    {
        var now = cluster.Time.GetUtcNow();
        var (a1, sales, service) = (Unique("a1"), Unique("sales"), Unique("service"));

        var (agent, _, _) = await IngestAsync(a1, sales, service,
            Login(now.AddMinutes(-30), a1, sales),
            Queues(now.AddMinutes(-20), a1, [sales], new() { [sales] = 1 }),
            Queues(now.AddMinutes(-10), a1, [sales, service]));

        Assert.Equal(new Dictionary<string, int> { [sales] = 1, [service] = SkillLevels.Default }, agent.SkillLevels);
    }

    [Fact]
    public async Task AgentQueues_OlderLoginArrivesAfterTheMove_TheLaterMembershipByEventTimeStays()
    {
        var now = cluster.Time.GetUtcNow();
        var (a1, sales, service) = (Unique("a1"), Unique("sales"), Unique("service"));
        await IngestAsync(a1, sales, service, Queues(now.AddMinutes(-10), a1, [service]));

        // Within the reorder window (older events are late and ignored whole).
        var (agent, from, to) = await IngestAsync(a1, sales, service, Login(now.AddMinutes(-12), a1, sales) with { Name = "Ann" });

        Assert.Equal<string>([service], agent.Queues);
        Assert.Equal("Ann", agent.Name);                     // the login still says who the agent is
        Assert.Equal(AgentState.Available, agent.State);     // and puts them on duty
        Assert.Equal(1, to!.Agents.Staffed);
        Assert.Null(from);                                   // the queue was never served nor configured
    }
}
