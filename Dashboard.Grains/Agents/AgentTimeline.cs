namespace Dashboard.Grains.Agents;

/// <summary>
/// An agent's day as a timeline of states, merged from the agent's own events (login, logout, state, survey)
/// and the facts of the calls they took part in; everything an agent shows is derived from it, so events
/// arriving out of order give the in-order result.
/// </summary>
public sealed class AgentTimeline
{
    /// <param name="wrapUpAfterCall">Whether a call of this queue (null: a direct call) puts the agent in wrap_up.</param>
    public AgentTimeline(Func<string?, bool> wrapUpAfterCall) => throw new NotImplementedException();

    /// <summary>agent.login, agent.logout, agent.state, survey.completed; other types are ignored. The caller removes duplicates.</summary>
    public void Apply(CenterEvent agentEvent) => throw new NotImplementedException();

    /// <summary>Replaces this agent's part in <c>fact.CallId</c> unless an equal or newer version is already held.</summary>
    public void Apply(AgentCallFact fact) => throw new NotImplementedException();

    public void Apply(ComplaintFact fact) => throw new NotImplementedException();

    /// <summary>The state in force at the latest event.</summary>
    public AgentNow Current => throw new NotImplementedException();

    /// <summary>Today's figures: spans split at <paramref name="dayStart"/> and <paramref name="now"/>.</summary>
    public AgentToday Today(DateTimeOffset dayStart, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Every call whose handling has completed (talk, hold, wrap-up), Version 0.</summary>
    public ImmutableArray<HandledContact> Handled() => throw new NotImplementedException();

    /// <summary>Drops detail older than <paramref name="before"/> that no figure from then on needs.</summary>
    public void Forget(DateTimeOffset before) => throw new NotImplementedException();
}

public sealed record AgentNow(
    AgentState State, string? Reason, DateTimeOffset Since, string? CallId, DateTimeOffset? CallSince, bool OnHold)
{
    public static readonly AgentNow Offline = new(AgentState.Offline, null, DateTimeOffset.MinValue, null, null, false);
}
