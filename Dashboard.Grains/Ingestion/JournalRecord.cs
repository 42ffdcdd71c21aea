namespace Dashboard.Grains.Ingestion;

/// <summary>
/// What the journal keeps of one accepted request: everything that changes the live model, in the order it was
/// accepted, so that replaying the journal through the same idempotent pipeline rebuilds the floor.
/// </summary>
[GenerateSerializer, Immutable, Alias("JournalRecord")]
public abstract record JournalRecord
{
    /// <summary>When the host accepted it, on its clock.</summary>
    [Id(0)] public required DateTimeOffset AcceptedAt { get; init; }
}

/// <summary>One batch of valid events as a source handed it to <see cref="IEventSink"/> (one record per request, never per event).</summary>
[GenerateSerializer, Immutable, Alias("EventsAccepted")]
public sealed record EventsAccepted : JournalRecord
{
    [Id(0)] public required ImmutableArray<CenterEvent> Events { get; init; }
}
