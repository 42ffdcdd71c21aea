namespace Dashboard.Web.Durability;

/// <summary>How the host keeps what it acknowledged (section "Durability").</summary>
public sealed class DurabilityOptions
{
    public const string Section = "Durability";

    /// <summary>Days of journal kept on disk after they are no longer replayed, for backup and inquiry.</summary>
    public int KeepDays { get; set; } = 7;

    /// <summary>Consecutive journal records are applied together up to this many events at a restart.</summary>
    public int ReplayBatchEvents { get; set; } = 5000;
}
