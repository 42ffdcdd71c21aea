namespace Dashboard.Grains.Ingestion;

/// <summary>
/// The lease of one source (see <see cref="ISourceLeaseGrain"/>). In memory: if it is lost with its host, the next
/// host to ask takes the lease, and one that believed it held it learns otherwise at its next renewal — two hosts may
/// read the same source for a moment, which the idempotent pipeline counts once.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class SourceLeaseGrain(CenterClock clock) : Grain, ISourceLeaseGrain
{
    private string? _holder;
    private DateTimeOffset _until;

    public Task<bool> HoldAsync(string host, TimeSpan term)
    {
        var now = clock.Now;
        if (_holder is not null && _holder != host && now < _until)
            return Task.FromResult(false);
        (_holder, _until) = (host, now + term);
        return Task.FromResult(true);
    }

    public Task ReleaseAsync(string host)
    {
        if (_holder == host)
            _holder = null;
        return Task.CompletedTask;
    }
}
