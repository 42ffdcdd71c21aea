namespace Dashboard.Grains.Ingestion;

/// <summary>The one pipeline every source feeds.</summary>
public sealed class EventIngestor(IGrainFactory grains) : IEventSink
{
    internal IGrainFactory Grains { get; } = grains;

    public Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
