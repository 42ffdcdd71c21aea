using Dashboard.Tests.Components;
using Dashboard.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Tests.Live;

public sealed class CoalescingDeliveryTests
{
    private static FloorChange Change(long sequence, AgentSnapshot[]? agents = null, QueueSnapshot[]? queues = null,
        Alert[]? alerts = null) =>
        new(FloorView.Empty with { Sequence = sequence },
            new FloorDelta(sequence, ComponentTestBase.Start, [.. queues ?? []], [.. agents ?? []], [.. alerts ?? []]));

    private static AgentSnapshot Agent(string id, long version) => Snapshots.Agent(id) with { Version = version };

    [Fact]
    public async Task Post_WhileSubscriberBusy_ReturnsAtOnceAndLaterDeliversOneMergedChange()
    {
        var received = new List<FloorChange>();
        var release = new TaskCompletionSource();
        var firstArrived = new TaskCompletionSource();
        var secondArrived = new TaskCompletionSource();
        using var delivery = new CoalescingDelivery(async change =>
        {
            received.Add(change);
            if (received.Count == 1)
            {
                firstArrived.SetResult();
                await release.Task;
            }
            else
            {
                secondArrived.SetResult();
            }
        }, NullLogger.Instance);

        delivery.Post(Change(1, agents: [Agent("a", 1)]));
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        // The subscriber is stuck on change 1; these must neither block nor be delivered one by one.
        delivery.Post(Change(2, agents: [Agent("a", 2)], queues: [Snapshots.Queue("sales")]));
        delivery.Post(Change(3, agents: [Agent("b", 1)]));
        delivery.Post(Change(4, agents: [Agent("a", 3)]));
        release.SetResult();
        await secondArrived.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);

        Assert.Equal(2, received.Count);
        var merged = received[1];
        Assert.Equal(4, merged.Delta.Sequence);
        Assert.Equal(4, merged.View.Sequence);
        Assert.Equal(["sales"], merged.Delta.Queues.Select(q => q.QueueId));
        Assert.Equal([("b", 1L), ("a", 3L)], merged.Delta.Agents.Select(a => (a.AgentId, a.Version)));
    }

    [Fact]
    public async Task Post_SubscriberThrows_LaterChangesStillArrive()
    {
        var calls = 0;
        var second = new TaskCompletionSource<FloorChange>();
        using var delivery = new CoalescingDelivery(change =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("broken subscriber");
            }
            second.TrySetResult(change);
            return Task.CompletedTask;
        }, NullLogger.Instance);

        delivery.Post(Change(1));
        await Task.Delay(100);
        delivery.Post(Change(2));

        Assert.Equal(2, (await second.Task.WaitAsync(TimeSpan.FromSeconds(5))).Delta.Sequence);
    }

    [Fact]
    public async Task Post_AfterDispose_DeliversNothing()
    {
        var calls = 0;
        var delivery = new CoalescingDelivery(_ =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        }, NullLogger.Instance);

        delivery.Dispose();
        delivery.Post(Change(1));
        await Task.Delay(200);

        Assert.Equal(0, calls);
    }

    [Fact]
    public void Then_AlertClearedInEarlierChange_IsKeptBesideTheLaterActiveList()
    {
        var raised = ComponentTestBase.Start;
        var cleared = Snapshots.Alert("queue:sales:service-level", AlertSeverity.Critical, raised, clearedAt: raised.AddSeconds(5));
        var stillActive = Snapshots.Alert("queue:support:longest-wait", AlertSeverity.Warning, raised);
        var earlier = Change(1, alerts: [cleared, stillActive]);
        var later = Change(2, alerts: [stillActive with { Value = 9 }]);

        var merged = earlier.Then(later);

        Assert.Equal([cleared, stillActive with { Value = 9 }], merged.Delta.Alerts.AsEnumerable());
    }

    [Fact]
    public void Then_AlertClearedThenRaisedAgain_OnlyTheLaterOneRemains()
    {
        var raised = ComponentTestBase.Start;
        var cleared = Snapshots.Alert("queue:sales:service-level", AlertSeverity.Critical, raised, clearedAt: raised.AddSeconds(5));
        var again = Snapshots.Alert("queue:sales:service-level", AlertSeverity.Critical, raised.AddSeconds(9));

        var merged = Change(1, alerts: [cleared]).Then(Change(2, alerts: [again]));

        Assert.Equal([again], merged.Delta.Alerts.AsEnumerable());
    }
}
