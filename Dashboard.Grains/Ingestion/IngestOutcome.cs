namespace Dashboard.Grains.Ingestion;

/// <summary>What happened to a batch of valid events: each is counted once, in one of the three.</summary>
/// <param name="Late">Older than the detail still held for their contact or agent (Ingestion:ReorderWindow):
/// acknowledged, but too late to change the live figures.</param>
public readonly record struct IngestOutcome(int Accepted, int Duplicates, int Late = 0);

/// <summary>Where every source (HTTP, queue_log, simulator) hands its validated events.</summary>
public interface IEventSink
{
    Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default);
}
