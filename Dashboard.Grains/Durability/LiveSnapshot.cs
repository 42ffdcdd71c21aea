namespace Dashboard.Grains.Durability;

/// <summary>
/// The first record of a snapshot of the live model: where in the journal it stands. Everything in the journals of
/// days before <see cref="Day"/>, and in <see cref="Day"/>'s up to byte <see cref="Position"/>, is in the grains'
/// states that follow; a restart restores them and replays only what comes after.
/// </summary>
[GenerateSerializer, Immutable, Alias("SnapshotHeader")]
public sealed record SnapshotHeader(
    [property: Id(0)] int Format,
    [property: Id(1)] DateOnly Day,
    [property: Id(2)] long Position,
    [property: Id(3)] DateTimeOffset TakenAt,
    [property: Id(4)] int Grains)
{
    /// <summary>Raised when what a snapshot holds changes in a way field ids cannot absorb; older ones are then ignored.</summary>
    public const int CurrentFormat = 1;
}

/// <summary>One grain's state in a snapshot, as <see cref="ILiveStateGrain.CaptureAsync"/> gave it.</summary>
[GenerateSerializer, Immutable, Alias("GrainStateEntry")]
public sealed record GrainStateEntry([property: Id(0)] GrainId Grain, [property: Id(1)] byte[] State);

/// <summary>The last frame of a snapshot: without it the file was not written to the end.</summary>
[GenerateSerializer, Immutable, Alias("SnapshotEnd")]
public sealed record SnapshotEnd([property: Id(0)] int Grains);
