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

/// <summary>
/// A manager's change of a queue's service-level settings, journaled in order with the events: each contact is
/// judged by the settings in force when it left the queue (KPI.md), so a replay must change them where they changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("QueueSettingsChanged")]
public sealed record QueueSettingsChanged : JournalRecord
{
    [Id(0)] public required string QueueId { get; init; }

    /// <summary>The settings before: those a replay starts the queue with when this is its first change replayed.</summary>
    [Id(1)] public required QueueSettings Before { get; init; }

    [Id(2)] public required QueueSettings After { get; init; }
}
