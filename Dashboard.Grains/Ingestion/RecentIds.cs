namespace Dashboard.Grains.Ingestion;

/// <summary>
/// Event ids of the detail still held, for idempotency, each with its event time. An id is let go together with
/// the detail it belongs to: a repeat of an older event is then late, and ignored as such.
/// </summary>
internal sealed class RecentIds
{
    private readonly Dictionary<string, DateTimeOffset> _times = new(StringComparer.Ordinal);

    /// <returns>False when the id was already seen (a duplicate).</returns>
    public bool Add(string id, DateTimeOffset at) => _times.TryAdd(id, at);

    /// <summary>What a checkpoint keeps (Durability: snapshots).</summary>
    public ImmutableArray<KeyValuePair<string, DateTimeOffset>> Capture() => [.. _times];

    public void Restore(ImmutableArray<KeyValuePair<string, DateTimeOffset>> state)
    {
        _times.Clear();
        foreach (var (id, at) in state)
        {
            _times[id] = at;
        }
    }

    public void ForgetBefore(DateTimeOffset before)
    {
        foreach (var (id, at) in _times)
        {
            if (at < before)
            {
                _times.Remove(id);
            }
        }
    }
}
