namespace Dashboard.Grains.Ingestion;

/// <summary>What happened to a batch of valid events.</summary>
public readonly record struct IngestOutcome(int Accepted, int Duplicates);

/// <summary>Where every source (HTTP, queue_log, simulator) hands its validated events.</summary>
public interface IEventSink
{
    Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default);
}
