namespace Dashboard.Web.Live;

/// <summary>
/// Hands floor changes to one subscriber, one call at a time. Changes that arrive while the subscriber is still
/// busy with the previous one are merged into one (<see cref="FloorChanges.Then"/>), so a slow subscriber — a
/// busy circuit, a hub waiting on a slow client — gets fewer, larger changes and never holds up the floor grain,
/// the feed or the other subscribers. What waits is at most one merged change, so memory stays bounded by the
/// size of the floor however far behind a subscriber falls.
/// </summary>
internal sealed class CoalescingDelivery(Func<FloorChange, Task> deliver, ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private FloorChange? _pending;
    private bool _running;
    private bool _disposed;

    /// <summary>Queues the change (merged into any still waiting) and returns at once.</summary>
    public void Post(FloorChange change)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _pending = _pending is null ? change : _pending.Then(change);
            if (_running)
            {
                return;
            }
            _running = true;
        }
        // Off the caller's thread: the caller is the floor grain's notification, which must not run our subscribers.
        _ = Task.Run(DrainAsync);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            FloorChange next;
            lock (_gate)
            {
                if (_pending is null || _disposed)
                {
                    _running = false;
                    return;
                }
                next = _pending;
                _pending = null;
            }
            try
            {
                await deliver(next);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A live-feed subscriber failed");
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pending = null;
        }
    }
}

internal static class FloorChanges
{
    /// <summary>
    /// This change followed by <paramref name="later"/>, as one: the later view and sequence, every queue and
    /// agent that either changed (the later snapshot where both did), the later settings if either changed them, the later alert list — plus alerts that
    /// cleared in this one and are absent from the later list, so their one "cleared" publication is not lost.
    /// </summary>
    public static FloorChange Then(this FloorChange earlier, FloorChange later)
    {
        var delta = later.Delta with
        {
            Queues = Union(earlier.Delta.Queues, later.Delta.Queues, q => q.QueueId),
            Agents = Union(earlier.Delta.Agents, later.Delta.Agents, a => a.AgentId),
            Alerts = Union(
                earlier.Delta.Alerts.Where(a => a.ClearedAt is not null).ToImmutableArray(), later.Delta.Alerts, a => a.Id),
            Settings = later.Delta.Settings ?? earlier.Delta.Settings,
        };
        return new FloorChange(later.View, delta);
    }

    private static ImmutableArray<T> Union<T>(ImmutableArray<T> earlier, ImmutableArray<T> later, Func<T, string> id)
    {
        if (earlier.IsEmpty)
        {
            return later;
        }
        if (later.IsEmpty)
        {
            return earlier;
        }
        var replaced = later.Select(id).ToHashSet(StringComparer.Ordinal);
        return [.. earlier.Where(item => !replaced.Contains(id(item))), .. later];
    }
}
