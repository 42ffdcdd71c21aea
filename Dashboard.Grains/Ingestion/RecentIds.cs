namespace Dashboard.Grains.Ingestion;

/// <summary>Event ids seen recently, for idempotency: each is remembered until its expiry.</summary>
internal sealed class RecentIds
{
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <returns>False when the id was already seen (a duplicate).</returns>
    public bool Add(string id, DateTimeOffset expiresAt) => _expiries.TryAdd(id, expiresAt);

    public int Count => _expiries.Count;

    /// <summary>Forgets expired ids, at most once a minute so the cost stays flat.</summary>
    public void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now.AddMinutes(1);
        foreach (var (id, expiry) in _expiries)
        {
            if (expiry <= now)
            {
                _expiries.Remove(id);
            }
        }
    }
}
