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

    /// <summary>Snapshots of the live model, so a restart replays the journal after the last one only.</summary>
    public bool Snapshots { get; set; } = true;

    /// <summary>
    /// A snapshot after this many events: a restart then replays at most about this many (at 15,000–27,000 events/s
    /// on two cores, 10–17 s).
    /// </summary>
    public long SnapshotEveryEvents { get; set; } = 250_000;

    /// <summary>A snapshot at least this often while events arrive.</summary>
    public TimeSpan SnapshotEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a snapshot waits for the history records posted before it to be written.</summary>
    public TimeSpan SnapshotHistoryWait { get; set; } = TimeSpan.FromMinutes(1);
}
