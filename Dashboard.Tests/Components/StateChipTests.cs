using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class StateChipTests : ComponentTestBase
{
    [Theory]
    [InlineData(AgentState.Available, "state-available", "Available")]
    [InlineData(AgentState.Ringing, "state-ringing", "Ringing")]
    [InlineData(AgentState.OnCall, "state-on-call", "On call")]
    [InlineData(AgentState.WrapUp, "state-wrap-up", "Wrap-up")]
    [InlineData(AgentState.NotReady, "state-not-ready", "Not ready")]
    [InlineData(AgentState.Offline, "state-offline", "Offline")]
    public void Render_State_UsesItsColourAndLabel(AgentState state, string cssClass, string label)
    {
        var cut = Render<StateChip>(p => p.Add(c => c.State, state));

        var chip = cut.FindByTestId("state-chip");
        Assert.Contains(cssClass, chip.ClassList);
        Assert.Equal(label, chip.TextContent);
    }
}
