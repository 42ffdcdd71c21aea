using Dashboard.Web.Live;

namespace Dashboard.Tests.Components;

/// <summary>A live feed the test drives: set the floor, publish changes, count subscribers.</summary>
public sealed class FakeLiveFeed(TimeProvider time) : ILiveFeed
{
    private readonly List<Func<FloorChange, Task>> _subscribers = [];

    public FloorView Current { get; private set; } = FloorView.Empty;

    public int SubscriberCount => _subscribers.Count;

    public IDisposable Subscribe(Func<FloorChange, Task> onChange)
    {
        _subscribers.Add(onChange);
        return new Subscription(() => _subscribers.Remove(onChange));
    }

    /// <summary>Sets the floor without telling anyone (what a page reads when it starts).</summary>
    public void Set(IEnumerable<QueueSnapshot>? queues = null, IEnumerable<AgentSnapshot>? agents = null,
        IEnumerable<Alert>? alerts = null, FloorSettings? settings = null) =>
        Current = Build(Current.Sequence + 1, queues ?? [], agents ?? [], alerts ?? []) with { Settings = settings };

    /// <summary>Replaces the given queues and agents (and all alerts, when given), then tells every subscriber.</summary>
    public async Task PublishAsync(IEnumerable<QueueSnapshot>? queues = null, IEnumerable<AgentSnapshot>? agents = null,
        IEnumerable<Alert>? alerts = null)
    {
        ImmutableArray<QueueSnapshot> changedQueues = [.. queues ?? []];
        ImmutableArray<AgentSnapshot> changedAgents = [.. agents ?? []];
        var now = time.GetUtcNow();
        Current = Current with
        {
            Sequence = Current.Sequence + 1,
            LastUpdate = now,
            Queues = Current.Queues.SetItems(changedQueues.Select(q => KeyValuePair.Create(q.QueueId, q))),
            Agents = Current.Agents.SetItems(changedAgents.Select(a => KeyValuePair.Create(a.AgentId, a))),
            Alerts = alerts is null ? Current.Alerts : [.. alerts],
        };
        var change = new FloorChange(Current, new FloorDelta(Current.Sequence, now, changedQueues, changedAgents, Current.Alerts));
        foreach (var subscriber in _subscribers.ToList())
        {
            await subscriber(change);
        }
    }

    private FloorView Build(long sequence, IEnumerable<QueueSnapshot> queues, IEnumerable<AgentSnapshot> agents, IEnumerable<Alert> alerts) =>
        new(sequence, time.GetUtcNow(),
            queues.ToImmutableDictionary(q => q.QueueId, StringComparer.Ordinal),
            agents.ToImmutableDictionary(a => a.AgentId, StringComparer.Ordinal),
            [.. alerts]);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
