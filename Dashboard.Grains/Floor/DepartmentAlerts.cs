namespace Dashboard.Grains.Floor;

/// <summary>
/// The floor's alerts judged outside its engine (complaints past their due times, a serious complaint nobody has
/// taken up), as every host reports them. Why a union over sources: each host judges the same complaints, a few
/// seconds apart; taking the union, and clearing an alert only when no source still reports it, means a host a
/// moment behind never makes an alert flicker off and on. A source not heard for <see cref="SourceLifetime"/> (a host
/// that stopped) no longer counts.
/// </summary>
public sealed class DepartmentAlerts
{
    public static readonly TimeSpan SourceLifetime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (DateTimeOffset Heard, ImmutableArray<Alert> Alerts)> _sources = new(StringComparer.Ordinal);
    private Dictionary<string, Alert> _active = new(StringComparer.Ordinal);

    public void Set(string source, ImmutableArray<Alert> alerts, DateTimeOffset now) => _sources[source] = (now, alerts);

    /// <summary>The alerts now, each with the earliest raise time any source gave it, plus those that cleared since
    /// the last call once, with <see cref="Alert.ClearedAt"/> set.</summary>
    public ImmutableArray<Alert> Evaluate(DateTimeOffset now)
    {
        foreach (var gone in _sources.Where(s => now - s.Value.Heard > SourceLifetime).Select(s => s.Key).ToList())
            _sources.Remove(gone);
        var current = new Dictionary<string, Alert>(StringComparer.Ordinal);
        foreach (var alert in _sources.Values.SelectMany(s => s.Alerts))
        {
            if (!current.TryGetValue(alert.Id, out var held) || alert.RaisedAt < held.RaisedAt)
                current[alert.Id] = alert;
        }
        var cleared = _active.Values.Where(a => !current.ContainsKey(a.Id)).Select(a => a with { ClearedAt = now });
        _active = current;
        return [.. current.Values.OrderByDescending(a => a.Severity).ThenBy(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal), .. cleared];
    }

    /// <summary>What a restart keeps: the alerts standing now (they stand until the hosts report again).</summary>
    public List<Alert> Export() => [.. _active.Values];

    public void Restore(IEnumerable<Alert> alerts, DateTimeOffset now)
    {
        var kept = alerts.ToImmutableArray();
        _sources["restored"] = (now, kept);
        _active = kept.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }
}
