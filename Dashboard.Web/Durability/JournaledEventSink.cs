namespace Dashboard.Web.Durability;

/// <summary>
/// What every source hands its events to: the batch goes to the journal first — one append per request, durable
/// before the answer — and then through the live pipeline. If the host dies in between, the replay at start applies
/// it; if the pipeline fails, the source gets an error and re-sends, and the duplicate memory counts it once.
/// </summary>
public sealed class JournaledEventSink(EventIngestor pipeline, JournaledChanges journaled, IngestGate gate, CenterClock clock) : IEventSink
{
    public async Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
            return await pipeline.IngestAsync(events, cancellationToken);
        return await journaled.ApplyAsync(new EventsAccepted { AcceptedAt = clock.Now, Events = [.. events] }, () =>
        {
            gate.Journaled(events.Count);
            return pipeline.IngestAsync(events, CancellationToken.None);
        }, cancellationToken);
    }

    public Task CompletePastAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken = default) =>
        pipeline.CompletePastAsync(agentIds, cancellationToken);
}
