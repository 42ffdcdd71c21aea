using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Dashboard.Grains.Ingestion;

/// <summary>
/// Ids whose detail was let go, as 64-bit hashes in two generations that swap as the watermark moves: each is
/// remembered for at least <c>window</c> and at most twice it, at about 16 bytes apiece.
/// </summary>
internal sealed class ForgottenIds(TimeSpan window)
{
    private HashSet<ulong> _current = [];
    private HashSet<ulong> _previous = [];
    private DateTimeOffset _currentSince = DateTimeOffset.MinValue;

    /// <summary>A stable 64-bit hash: the same in every process and silo, unlike string.GetHashCode.</summary>
    public static ulong Hash(string id) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(id.AsSpan()));

    public void Add(string id, DateTimeOffset watermark)
    {
        if (_currentSince == DateTimeOffset.MinValue)
        {
            _currentSince = watermark;
        }
        else if (watermark - _currentSince >= window)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            _currentSince = watermark;
        }
        _current.Add(Hash(id));
    }

    public bool Contains(string id)
    {
        var hash = Hash(id);
        return _current.Contains(hash) || _previous.Contains(hash);
    }

    /// <summary>What a checkpoint keeps (Durability: snapshots): both generations and when the current began.</summary>
    public ForgottenIdsState Capture() => new([.. _current], [.. _previous], _currentSince);

    public void Restore(ForgottenIdsState state)
    {
        _current = [.. state.Current];
        _previous = [.. state.Previous];
        _currentSince = state.CurrentSince;
    }
}

[GenerateSerializer, Immutable, Alias("ForgottenIdsState")]
public sealed record ForgottenIdsState(
    [property: Id(0)] ImmutableArray<ulong> Current,
    [property: Id(1)] ImmutableArray<ulong> Previous,
    [property: Id(2)] DateTimeOffset CurrentSince);
