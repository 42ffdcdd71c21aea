namespace Dashboard.Grains.Ingestion;

/// <summary>What happened to a batch of valid events: each is counted once, in one of the three.</summary>
/// <param name="Late">Older than the detail still held for their contact or agent (Ingestion:ReorderWindow):
/// acknowledged, but too late to change the live figures.</param>
public readonly record struct IngestOutcome(int Accepted, int Duplicates, int Late = 0);

/// <summary>Where every source (HTTP, queue_log, simulator) hands its validated events.</summary>
public interface IEventSink
{
    Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// A source that sent days before today has sent all it will (an import ended): their history is written now,
    /// instead of once the grains notice the feed has gone quiet (minutes later).
    /// </summary>
    /// <param name="agentIds">The agents the source's events named.</param>
    Task CompletePastAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken = default);
}
