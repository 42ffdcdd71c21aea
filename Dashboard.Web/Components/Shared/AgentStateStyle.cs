namespace Dashboard.Web.Components.Shared;

/// <summary>The one mapping from agent state to colour class; the colours themselves are in app.css
/// (state-available green, state-ringing light blue, state-on-call blue, state-wrap-up purple,
/// state-not-ready orange, state-offline grey). The state's name is in the UI resource under
/// <c>State.{wire name}</c> (<c>L.State(state)</c>).</summary>
public static class AgentStateStyle
{

    public static string CssClass(AgentState state) => state switch
    {
        AgentState.Available => "state-available",
        AgentState.Ringing => "state-ringing",
        AgentState.OnCall => "state-on-call",
        AgentState.WrapUp => "state-wrap-up",
        AgentState.NotReady => "state-not-ready",
        _ => "state-offline",
    };

    public static AgentState? Parse(string? wireName) =>
        wireName is null ? null : AllStates.Cast<AgentState?>().FirstOrDefault(s => AgentStateNames.WireName(s!.Value) == wireName);

    /// <summary>States in the order screens list them.</summary>
    public static readonly ImmutableArray<AgentState> AllStates =
        [AgentState.Available, AgentState.Ringing, AgentState.OnCall, AgentState.WrapUp, AgentState.NotReady, AgentState.Offline];

    public static string ChannelIcon(Channel channel) => channel switch
    {
        Channel.Chat => MudBlazor.Icons.Material.Filled.Chat,
        Channel.Email => MudBlazor.Icons.Material.Filled.Email,
        _ => MudBlazor.Icons.Material.Filled.Phone,
    };
}
