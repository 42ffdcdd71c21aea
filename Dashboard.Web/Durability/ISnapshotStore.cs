using Dashboard.Grains.Durability;

namespace Dashboard.Web.Durability;

/// <summary>
/// Where the latest snapshot of the live model is kept: a file in the data directory for a host on its own
/// (<see cref="SnapshotFile"/>), the cluster's database for a cluster (<see cref="PostgresSnapshots"/>). A snapshot
/// is replaced whole or not at all: a crash while one is written leaves the one before.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Where it is, for the log.</summary>
    string Where { get; }

    /// <summary>Bytes of the snapshot <see cref="CheckAsync"/> found (or the last written), for a replay's progress.</summary>
    long Size { get; }

    Task WriteAsync(SnapshotHeader header, IReadOnlyCollection<GrainStateEntry> grains, CancellationToken cancellationToken);

    /// <summary>The latest snapshot's header once it is known whole and in a format this version reads; null when
    /// there is none or it cannot be used (logged): the journal is then replayed whole.</summary>
    Task<SnapshotHeader?> CheckAsync(CancellationToken cancellationToken);

    /// <summary>The grains' states of the snapshot <see cref="CheckAsync"/> accepted.</summary>
    IAsyncEnumerable<GrainStateEntry> ReadGrainsAsync(CancellationToken cancellationToken);

    /// <summary>Keeps a snapshot that failed to restore aside (for inquiry), so the next start replays the journal instead.</summary>
    Task SetAsideAsync();
}
