namespace Dashboard.Grains.Alerts;

/// <summary>
/// What the floor keeps of its alerts across a restart or a move to another silo: each raised alert with the
/// debounce and hysteresis clocks behind it, and who acknowledged which. Without it a restart re-raised every alert
/// as new (a new raise time, after the debounce again) and forgot every acknowledgement.
/// </summary>
[GenerateSerializer, Alias("AlertMemory")]
public sealed class AlertMemory
{
    [Id(0)] public List<RaisedAlert> Raised { get; set; } = [];

    [Id(1)] public List<AlertAcknowledgement> Acknowledged { get; set; } = [];

    /// <summary>The department's alerts standing (<see cref="Floor.DepartmentAlerts"/>).</summary>
    [Id(2)] public List<Alert> Department { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("RaisedAlert")]
public sealed record RaisedAlert(
    [property: Id(0)] Alert Alert,
    [property: Id(1)] DateTimeOffset? BadSince,
    [property: Id(2)] DateTimeOffset? CriticalSince,
    [property: Id(3)] DateTimeOffset? NormalSince,
    [property: Id(4)] DateTimeOffset? CalmSince);

[GenerateSerializer, Immutable, Alias("AlertAcknowledgement")]
public sealed record AlertAcknowledgement([property: Id(0)] string AlertId, [property: Id(1)] string By, [property: Id(2)] DateTimeOffset At);

/// <summary>The names of grain storage the live model uses; the host chooses what backs them.</summary>
public static class GrainStorageNames
{
    /// <summary>The live model's own state (the floor's alerts): a file in the data directory, or the cluster's database.</summary>
    public const string Live = "live";
}
