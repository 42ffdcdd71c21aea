namespace Dashboard.Web.Durability;

/// <summary>How the host keeps what it acknowledged (section "Durability").</summary>
public sealed class DurabilityOptions
{
    public const string Section = "Durability";

    /// <summary>
    /// Off, events are acknowledged once applied in memory and a restart forgets the day: only for measuring what
    /// the journal costs (the benchmark's baseline) or a throw-away demo.
    /// </summary>
    public bool Journal { get; set; } = true;

    /// <summary>Days of journal kept on disk after they are no longer replayed, for backup and inquiry.</summary>
    public int KeepDays { get; set; } = 7;

    /// <summary>Consecutive journal records are applied together up to this many events at a restart.</summary>
    public int ReplayBatchEvents { get; set; } = 5000;
}
