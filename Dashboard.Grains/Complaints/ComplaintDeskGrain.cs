using Dashboard.Grains.Durability;

namespace Dashboard.Grains.Complaints;

/// <summary>
/// The complaint desk's list (<c>/complaints</c>): the summary of every complaint still open, and of those closed in
/// the last <see cref="KeepClosed"/>, so a supervisor finds yesterday's too. Each complaint grain sends its case when
/// it changes (through the ingestor); the highest version wins, so a repeat or a replay changes nothing.
/// </summary>
/// <remarks>One grain: a center's complaints are hundreds a day, each a few hundred bytes without its steps.
/// Kept in snapshots and, like the complaints, not reset before a replay (the replay brings each case again).</remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class ComplaintDeskGrain : LiveGrain, IComplaintDeskGrain
{
    /// <summary>How long a closed complaint stays on the list after it closed, by the newest step the desk has seen.</summary>
    public static readonly TimeSpan KeepClosed = TimeSpan.FromDays(35);

    private readonly Dictionary<string, ComplaintCase> _cases = new(StringComparer.Ordinal);
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    public Task UpsertAsync(ImmutableArray<ComplaintCase> cases)
    {
        foreach (var c in cases)
        {
            if (!_cases.TryGetValue(c.ComplaintId, out var held) || held.Version < c.Version)
            {
                _cases[c.ComplaintId] = c.Summary;
            }
            _newest = c.LastStepAt > _newest ? c.LastStepAt : _newest;
        }
        Prune();
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<ComplaintCase>> ListAsync() => Task.FromResult(_cases.Values.ToImmutableArray());

    private void Prune()
    {
        var before = _newest - KeepClosed;
        foreach (var gone in _cases.Values.Where(c => c.Status == ComplaintStatus.Closed && c.ClosedAt < before).Select(c => c.ComplaintId).ToList())
        {
            _cases.Remove(gone);
        }
    }

    public override Task<Immutable<byte[]>> CaptureAsync() =>
        Task.FromResult(this.Write(new ComplaintDeskState([.. _cases.Values], _newest)));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<ComplaintDeskState>(state);
        _cases.Clear();
        foreach (var c in kept.Cases)
        {
            _cases[c.ComplaintId] = c;
        }
        _newest = kept.Newest;
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Immutable, Alias("ComplaintDeskState")]
public sealed record ComplaintDeskState(
    [property: Id(0)] ImmutableArray<ComplaintCase> Cases,
    [property: Id(1)] DateTimeOffset Newest);
