namespace Dashboard.Grains.Ingestion;

/// <summary>Section "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>How many call-shard grains own the in-flight calls (call id hash → shard).</summary>
    public int CallShards { get; set; } = 32;

    /// <summary>
    /// How late (in event time, behind the latest event already received for the same agent, or for a finished
    /// contact) an event may arrive and still change the live figures. Detail — a contact's events, an agent's
    /// recent states and calls, their ids — is held this long and then folded into totals, so memory follows the
    /// event rate times this window, not the length of the day. Later events go to history only.
    /// </summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long event time must have stood on the clock before a grain judges input behind it late and lets go of
    /// detail there: an event is late when it is more than <see cref="ReorderWindow"/> behind <em>and</em> no longer
    /// arriving. A source catching up on a backlog moves event time hours ahead in seconds with some of its events
    /// a batch behind; they still count. See <see cref="Watermark"/>.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a contact with no event is held open (a lost call.ended), and how long the ids of contacts let go
    /// are remembered, so a repeat of their events is recognised as late rather than counted again.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Largest batch accepted by POST /api/events.</summary>
    public int MaxBatchSize { get; set; } = 10_000;
}
