namespace Dashboard.Grains.Alerts;

/// <summary>
/// Evaluates the SLA alert rules over the floor's snapshots, with debounce (a condition must hold for a while
/// before it raises) and hysteresis (it clears only once clearly back), so alerts do not flap.
/// </summary>
public sealed class AlertEngine
{
    public AlertEngine(AlertOptions options) => throw new NotImplementedException();

    /// <returns>The active alerts, plus each alert that cleared in this evaluation once, with ClearedAt set.</returns>
    public ImmutableArray<Alert> Evaluate(
        IReadOnlyCollection<QueueSnapshot> queues, IReadOnlyCollection<AgentSnapshot> agents, DateTimeOffset now) =>
        throw new NotImplementedException();

    public ImmutableArray<Alert> Active => throw new NotImplementedException();
}
