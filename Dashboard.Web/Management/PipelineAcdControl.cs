using Dashboard.Grains.Ingestion;

namespace Dashboard.Web.Management;

/// <summary>
/// Desk commands when an external ACD feeds the dashboard: the change goes into the live model as the events the
/// ACD would send, and the webhook tells the ACD to apply it. A not-ready asked during a contact shows once the
/// contact is finished (the agent's timeline keeps the call in front).
/// </summary>
public sealed class PipelineAcdControl(IEventSink sink, TimeProvider time) : IAcdControl
{
    public async Task<DeskResult> ExecuteAsync(DeskCommand command, AgentSnapshot agent, CancellationToken cancellationToken)
    {
        var busy = agent.State is AgentState.Ringing or AgentState.OnCall or AgentState.WrapUp;
        var at = time.GetUtcNow();
        CenterEvent Event(EventType type) => new()
        {
            Id = $"dashboard-desk-{Guid.NewGuid():N}", Type = type, At = at, AgentId = command.AgentId,
        };
        List<CenterEvent> events;
        switch (command.Kind)
        {
            case DeskCommandKind.LogOut when busy:
                return DeskResult.Refused("The agent is on a contact: log them out once it is finished.");
            case DeskCommandKind.LogOut:
                events = agent.State == AgentState.Offline ? [] : [Event(EventType.AgentLogout)];
                break;
            case DeskCommandKind.NotReady when agent.State == AgentState.Offline:
                return DeskResult.Refused("The agent is logged out: make them available (log them in) first.");
            case DeskCommandKind.NotReady:
                events = [Event(EventType.AgentState) with { State = AgentState.NotReady, Reason = command.Reason }];
                break;
            default:
                events = agent.State == AgentState.Offline
                    ? [Event(EventType.AgentLogin)]
                    : [Event(EventType.AgentState) with { State = AgentState.Available }];
                break;
        }
        if (events.Count > 0)
        {
            await sink.IngestAsync(events, cancellationToken);
        }
        return busy ? DeskResult.AfterCurrentContact : DeskResult.Done;
    }
}
