namespace Dashboard.Web.Live;

/// <summary>
/// This web host's live copy of the floor, fed by the floor grain (one subscription per host) and fanned out
/// in-process to Blazor components and the SignalR hub.
/// </summary>
public interface ILiveFeed
{
    /// <summary>The latest view; immutable, safe to read from any thread.</summary>
    FloorView Current { get; }

    /// <summary>Calls <paramref name="onChange"/> after every delta (at most every publication interval, 50 ms by
    /// default, and at least every second); deltas that arrive while it is still busy are merged into one.
    /// Dispose the result to stop.</summary>
    IDisposable Subscribe(Func<FloorChange, Task> onChange);
}

/// <summary>The whole floor as this host last heard it. <see cref="LastUpdate"/> is when this host last heard
/// from the floor (heartbeats included), by this host's clock.</summary>
public sealed record FloorView(
    long Sequence,
    DateTimeOffset LastUpdate,
    ImmutableDictionary<string, QueueSnapshot> Queues,
    ImmutableDictionary<string, AgentSnapshot> Agents,
    ImmutableArray<Alert> Alerts)
{
    /// <summary>Alert levels and the staffing plan in force; null until the floor has been heard from.</summary>
    public FloorSettings? Settings { get; init; }

    public static readonly FloorView Empty = new(
        0, DateTimeOffset.MinValue,
        ImmutableDictionary<string, QueueSnapshot>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, AgentSnapshot>.Empty.WithComparers(StringComparer.Ordinal),
        []);
}

/// <summary>One change: the new view and the delta that made it.</summary>
public sealed record FloorChange(FloorView View, FloorDelta Delta);
