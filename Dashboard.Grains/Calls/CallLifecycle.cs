namespace Dashboard.Grains.Calls;

/// <summary>
/// Derives what one contact means for queues and agents from all its events, whatever order they arrived in:
/// its visits to queues (KPI.md attribution) and each agent's part in it (ringing, talk, holds).
/// </summary>
public static class CallLifecycle
{
    /// <param name="events">The contact's distinct events (duplicates already removed), in any order.</param>
    /// <returns>Visits and agent parts; AgentCallFact.Version is 0 (the shard stamps it).</returns>
    public static CallPicture Derive(string callId, IReadOnlyCollection<CenterEvent> events) =>
        throw new NotImplementedException();
}

/// <summary>What a contact means right now: its queue visits and its agents' parts.</summary>
public sealed record CallPicture(ImmutableArray<QueueVisit> Visits, ImmutableArray<AgentCallFact> Agents);
