namespace Dashboard.Grains.Ingestion;

/// <summary>Section "Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>How many call-shard grains own the in-flight calls (call id hash → shard).</summary>
    public int CallShards { get; set; } = 32;

    /// <summary>
    /// How long event ids are remembered for idempotency: a contact's events for this long after its last event,
    /// an agent's events for this long after they happened. A repeat within it is acknowledged and ignored.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Largest batch accepted by POST /api/events.</summary>
    public int MaxBatchSize { get; set; } = 10_000;
}
