namespace Dashboard.Web.Durability;

/// <summary>
/// What every source hands its events to: the batch goes to the journal first — one append per request, durable
/// before the answer — and then through the live pipeline. If the host dies in between, the replay at start applies
/// it; if the pipeline fails, the source gets an error and re-sends, and the duplicate memory counts it once.
/// </summary>
public sealed class JournaledEventSink(EventIngestor pipeline, IJournal journal, IngestGate gate, CatchUp catchUp, CenterClock clock) : IEventSink
{
    public async Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
            return await pipeline.IngestAsync(events, cancellationToken);
        // Nothing new goes before what was acknowledged before the restart.
        await catchUp.Completed.WaitAsync(cancellationToken);
        // Held from the append until applied, so a snapshot never falls between the two.
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.Now;
        await journal.AppendAsync(clock.DayOf(now), new EventsAccepted { AcceptedAt = now, Events = [.. events] }, cancellationToken);
        gate.Journaled(events.Count);
        return await pipeline.IngestAsync(events, CancellationToken.None);
    }

    public Task CompletePastAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken = default) =>
        pipeline.CompletePastAsync(agentIds, cancellationToken);
}
