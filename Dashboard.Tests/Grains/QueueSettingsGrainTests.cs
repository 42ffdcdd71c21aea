using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Grains;

/// <summary>A manager's change to a queue's settings through the settings grain: the queue's live figures follow it
/// from then on, what was counted before stays as it was judged, and the change survives the grains' reactivation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class QueueSettingsGrainTests(ClusterFixture cluster)
{
    private ICenterSettingsGrain Settings => cluster.Grains.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key);

    /// <summary>A call queued at <paramref name="queuedAt"/> and answered after <paramref name="waitSeconds"/>.</summary>
    private async Task AnswerAsync(string queue, string agent, DateTimeOffset queuedAt, int waitSeconds)
    {
        var call = Unique("c");
        await cluster.Ingestor.IngestAsync([
            Queued(queuedAt, call, queue), Answered(queuedAt.AddSeconds(waitSeconds), call, agent),
            Ended(queuedAt.AddSeconds(waitSeconds + 60), call)]);
    }

    private async Task<QueueSnapshot> QueueAsync(string queue) => await cluster.Grains.GetGrain<IQueueGrain>(queue).GetSnapshotAsync();

    [Fact]
    public async Task SetQueueSettings_NewThreshold_LaterContactsJudgedByIt_EarlierOnesKeepTheirVerdict()
    {
        var now = cluster.Time.GetUtcNow();
        var (queue, agent) = (Unique("slq"), Unique("a"));
        await cluster.Ingestor.IngestAsync([Login(now.AddMinutes(-20), agent, queue)]);
        // Default 80/20. Waits 15 s (within) and 25 s (not within): 1 of 2 answered within → 1 / (2 + 0 − 0) = 0.5.
        await AnswerAsync(queue, agent, now.AddMinutes(-15), 15);
        await AnswerAsync(queue, agent, now.AddMinutes(-12), 25);
        var before = await QueueAsync(queue);

        var previous = await Settings.SetQueueSettingsAsync(queue, QueueSettings.Default with { ServiceLevelThresholdSeconds = 30, ServiceLevelTarget = 0.9 });
        // Another 25 s wait, now within 30 s: within = 15 s and this one = 2 (the earlier 25 s stays a miss) of 3 → 2/3.
        await AnswerAsync(queue, agent, now.AddMinutes(-8), 25);
        var after = await QueueAsync(queue);

        Assert.Equal(QueueSettings.Default, previous);
        Assert.Equal(0.5, before.Last30m.ServiceLevel);
        Assert.Equal(0.5, before.Today.ServiceLevel);
        Assert.Equal(2.0 / 3.0, after.Last30m.ServiceLevel!.Value, 10);
        Assert.Equal(2.0 / 3.0, after.Today.ServiceLevel!.Value, 10);
        Assert.Equal(2, after.Last30m.AnsweredWithinThreshold);
        Assert.Equal((0.9, 30), (after.ServiceLevelTarget, after.ServiceLevelThresholdSeconds));
    }

    [Fact]
    public async Task SetQueueSettings_NewFormula_AppliesToTheWindowAtOnce()
    {
        var now = cluster.Time.GetUtcNow();
        var (queue, agent) = (Unique("slf"), Unique("a"));
        await cluster.Ingestor.IngestAsync([Login(now.AddMinutes(-20), agent, queue)]);
        await AnswerAsync(queue, agent, now.AddMinutes(-15), 10);                 // answered within 20 s
        var abandoned = Unique("c");
        await cluster.Ingestor.IngestAsync([Queued(now.AddMinutes(-10), abandoned, queue), Abandoned(now.AddMinutes(-10).AddSeconds(40), abandoned)]);
        var before = await QueueAsync(queue);

        // abandons-against: 1 / (1 + 1 − 0) = 0.5; answered-only: 1 / 1 = 1.0 — the same counters, read another way.
        await Settings.SetQueueSettingsAsync(queue, QueueSettings.Default with { ServiceLevelFormula = ServiceLevelFormula.AnsweredOnly });
        var after = await QueueAsync(queue);

        Assert.Equal(0.5, before.Last30m.ServiceLevel);
        Assert.Equal(1.0, after.Last30m.ServiceLevel);
    }

    [Fact]
    public async Task SetQueueSettings_FloorPublishesTheNewTarget_AndGrainsReactivatedKeepIt()
    {
        var queue = Unique("slr");
        await Settings.SetQueueSettingsAsync(queue, QueueSettings.Default with { ServiceLevelTarget = 0.95, ServiceLevelThresholdSeconds = 10 });
        var onFloor = await cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetQueueAsync(queue);

        await DeactivateAsync(cluster.Grains.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key));
        await DeactivateAsync(cluster.Grains.GetGrain<IQueueGrain>(queue));
        var reactivated = await QueueAsync(queue);

        Assert.Equal((0.95, 10), (onFloor!.ServiceLevelTarget, onFloor.ServiceLevelThresholdSeconds));
        Assert.Equal((0.95, 10), (reactivated.ServiceLevelTarget, reactivated.ServiceLevelThresholdSeconds));
    }

    [Fact]
    public async Task SetQueueSettings_WrapUpOff_EverySilosCacheFollowsWithinTheRefreshPeriod()
    {
        var queue = Unique("slw");
        var live = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<LiveQueueSettings>();
        Assert.True(live.For(queue).WrapUp);

        await Settings.SetQueueSettingsAsync(queue, QueueSettings.Default with { WrapUp = false });
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (live.For(queue).WrapUp && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        Assert.False(live.For(queue).WrapUp);
    }

    private async Task DeactivateAsync(IAddressable grain) => await cluster.Cluster.DeactivateAsync(grain);
}
