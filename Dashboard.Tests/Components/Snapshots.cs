namespace Dashboard.Tests.Components;

/// <summary>Snapshots with plain defaults; tests state only what they are about.</summary>
public static class Snapshots
{
    public static WindowFigures Window(double? serviceLevel = null, double? abandonRate = null, int answered = 20,
        int abandoned = 0, double? asaSeconds = null) =>
        WindowFigures.Empty with
        {
            Offered = answered + abandoned,
            Answered = answered,
            Abandoned = abandoned,
            ServiceLevel = serviceLevel,
            AbandonRate = abandonRate,
            AsaSeconds = asaSeconds,
        };

    public static QueueSnapshot Queue(string id = "sales", string? name = null, int waiting = 0,
        DateTimeOffset? oldestWaitingSince = null, WindowFigures? last30m = null, AgentCounts? agents = null,
        double target = 0.80, int complaints = 0, Channel channel = Channel.Voice) =>
        new(id, name ?? id, channel, waiting, 0, oldestWaitingSince,
            agents ?? new AgentCounts(Staffed: 5, Available: 2, OnCall: 2, WrapUp: 1, NotReady: 0, Ringing: 0),
            last30m ?? WindowFigures.Empty, last30m ?? WindowFigures.Empty, complaints, target, 20,
            QueueSettings.Default with { ServiceLevelTarget = target }, 1, ComponentTestBase.Start);

    public static AgentSnapshot Agent(string id = "a1", string? name = null, string team = "A",
        AgentState state = AgentState.Available, string? reason = null, DateTimeOffset? stateSince = null,
        DateTimeOffset? callSince = null, AgentToday? today = null, params string[] queues) =>
        new(id, name ?? $"Agent {id}", team, state, reason, stateSince ?? ComponentTestBase.Start,
            callSince is null ? null : "call-1", callSince, false, [.. queues], today ?? AgentToday.Empty, 1,
            ComponentTestBase.Start, SkillLevels.For(queues, null, null));

    public static Alert Alert(string id, AlertSeverity severity, DateTimeOffset raisedAt, string subject = "Sales",
        AlertScope scope = AlertScope.Queue, DateTimeOffset? clearedAt = null) =>
        new(id, scope, subject.ToLowerInvariant(), subject, id, severity, 0, 0, raisedAt, clearedAt);
}
