using System.Collections.Concurrent;
using System.Text.Json;
using Dashboard.Grains.Alerts;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Storage;

namespace Dashboard.Tests.Grains;

/// <summary>
/// Issue 15 §1, snapshots: a floor restored from a capture shows the captured queues and agents with the staffing they
/// make, keeps the alerts its own state held, and publishes what it restored to the screens subscribed.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FloorRestoreTests(ClusterFixture cluster)
{
    // Floors of their own: the live floor (GrainKeys.Floor) is fed by every queue of the shared cluster.
    private const long CapturedKey = 6;
    private const long RestoredKey = 7;

    [Fact]
    public async Task Restore_AnotherFloor_SameFiguresOwnAlertsAndPublishedToSubscribers()
    {
        var now = cluster.Clock.Now;
        var scope = Events.Unique("fr");
        string sales = $"{scope}-sales", support = $"{scope}-support";
        var captured = cluster.Grains.GetGrain<IFloorGrain>(CapturedKey);
        await captured.ApplyAsync(
            [Queue(sales, now, waiting: 2, version: 5), Queue(support, now, waiting: 0, version: 9)],
            [
                Agent($"{scope}-a1", AgentState.Available, now, version: 1, sales),
                Agent($"{scope}-a2", AgentState.OnCall, now, version: 1, sales, support),
                Agent($"{scope}-a3", AgentState.WrapUp, now, version: 1, support),
            ],
            null);
        // A later snapshot replaces the earlier: staffing counts a1 as not ready, once.
        await captured.ApplyAsync([], [Agent($"{scope}-a1", AgentState.NotReady, now, version: 2, sales)], null);

        // What the restored floor's own alert state held before (as a restart finds it), acknowledged.
        var kept = new Alert($"queue:{support}:longest-wait", AlertScope.Queue, support, support, "longest-wait",
            AlertSeverity.Warning, 75, 60, now.AddMinutes(-3), null) { Peak = 80 };
        await KeepAlertsAsync(RestoredKey, new AlertMemory
        {
            Raised = [new RaisedAlert(kept, now.AddMinutes(-4), null, null, null)],
            Acknowledged = [new AlertAcknowledgement(kept.Id, "Supervisor", now.AddMinutes(-2))],
        });
        var restored = cluster.Grains.GetGrain<IFloorGrain>(RestoredKey);
        var screen = new Screen();
        var reference = cluster.Grains.CreateObjectReference<IFloorObserver>(screen);
        await restored.SubscribeAsync(reference);

        await restored.RestoreAsync(await captured.CaptureAsync());

        var want = await captured.GetStateAsync();
        var got = await restored.GetStateAsync();
        Assert.Equal(Json(want.Queues.OrderBy(q => q.QueueId)), Json(got.Queues.OrderBy(q => q.QueueId)));
        Assert.Equal(Json(want.Agents.OrderBy(a => a.AgentId)), Json(got.Agents.OrderBy(a => a.AgentId)));
        Assert.Equal(Json(want.Settings), Json(got.Settings));
        Assert.Equal(new AgentCounts(Staffed: 2, Available: 0, OnCall: 1, WrapUp: 0, NotReady: 1, Ringing: 0),
            got.Queues.Single(q => q.QueueId == sales).Agents);
        var alert = kept with { AcknowledgedBy = "Supervisor", AcknowledgedAt = now.AddMinutes(-2) };
        Assert.Equal(alert, Assert.Single(got.Alerts));

        // Everything restored goes out with the next delta, as after a fresh start.
        var delta = await screen.FirstAsync(d => d.Queues.Any(q => q.QueueId == sales));
        Assert.Equal(Json(got.Queues.OrderBy(q => q.QueueId)), Json(delta.Queues.OrderBy(q => q.QueueId)));
        Assert.Equal(Json(got.Agents.OrderBy(a => a.AgentId)), Json(delta.Agents.OrderBy(a => a.AgentId)));
        Assert.Equal(alert, Assert.Single(delta.Alerts));
        await restored.UnsubscribeAsync(reference);
        cluster.Grains.DeleteObjectReference<IFloorObserver>(reference);
    }

    /// <summary>Writes the floor's alert state where the silo keeps it, before the floor is activated.</summary>
    private async Task KeepAlertsAsync(long floorKey, AlertMemory memory)
    {
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Live);
        var floorId = cluster.Grains.GetGrain<IFloorGrain>(floorKey).GetGrainId();
        await storage.WriteStateAsync("alerts", floorId, new GrainState<AlertMemory>(memory));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static QueueSnapshot Queue(string id, DateTimeOffset now, int waiting, long version) => new(
        id, id, Channel.Voice, waiting, waiting > 0 ? 40 : 0, waiting > 0 ? now.AddSeconds(-40) : null, AgentCounts.None,
        WindowFigures.Empty with { Offered = 12, Answered = 10, Abandoned = 2 }, WindowFigures.Empty with { Offered = 3, Answered = 3 },
        1, 0.8, 20, QueueSettings.Default, version, now);

    private static AgentSnapshot Agent(string id, AgentState state, DateTimeOffset now, long version, params string[] queues) => new(
        id, id, "T", state, null, now.AddMinutes(-1), null, null, false, [.. queues], AgentToday.Empty with { Handled = 4 }, version, now,
        queues.ToImmutableDictionary(q => q, _ => 1));

    /// <summary>A web host's live feed, as far as this test needs: every delta it receives.</summary>
    private sealed class Screen : IFloorObserver
    {
        private readonly ConcurrentQueue<FloorDelta> _received = new();

        public Task OnFloorChangedAsync(FloorDelta delta)
        {
            _received.Enqueue(delta);
            return Task.CompletedTask;
        }

        public async Task<FloorDelta> FirstAsync(Func<FloorDelta, bool> matches)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                while (_received.TryDequeue(out var delta))
                {
                    if (matches(delta))
                        return delta;
                }
                await Task.Delay(50);
            }
            throw new Xunit.Sdk.XunitException("No such delta within 5 s.");
        }
    }
}
