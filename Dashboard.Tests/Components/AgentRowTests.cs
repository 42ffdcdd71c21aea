using Bunit;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class AgentRowTests : ComponentTestBase
{
    private static readonly Dictionary<string, string> Reasons = new() { ["lunch"] = "Lunch" };

    private IRenderedComponent<AgentRow> RenderRow(AgentSnapshot agent) =>
        Render<AgentRow>(p => p
            .Add(r => r.Agent, agent)
            .Add(r => r.Now, Now)
            .Add(r => r.ReasonLabels, Reasons)
            .Add(r => r.QueueNames, new Dictionary<string, string> { ["sales"] = "Pre-sales" }));

    [Fact]
    public void Render_NotReadyAgent_ShowsStateColourReasonAndTimeInState()
    {
        Time.Advance(TimeSpan.FromSeconds(125));
        var agent = Snapshots.Agent(state: AgentState.NotReady, reason: "lunch", stateSince: Start);

        var cut = RenderRow(agent);

        Assert.Contains("state-not-ready", cut.FindByTestId("state-chip").ClassList);
        Assert.Equal("Not ready", cut.FindByTestId("state-chip").TextContent);
        Assert.Equal("Lunch", cut.FindByTestId("agent-reason").TextContent);
        Assert.Equal("2:05", cut.FindByTestId("agent-time-in-state").TextContent);
    }

    [Fact]
    public void Render_AgentNeverSeen_NoTimeInState()
    {
        // A configured agent with no event yet: offline since ever, not for 17 million hours.
        var cut = RenderRow(Snapshots.Agent(state: AgentState.Offline, stateSince: DateTimeOffset.MinValue));

        Assert.Equal("—", cut.FindByTestId("agent-time-in-state").TextContent.Trim());
    }

    [Fact]
    public void Render_NotReadyPastWarning_TimeInStateAmber()
    {
        Time.Advance(TimeSpan.FromMinutes(16));

        var cut = RenderRow(Snapshots.Agent(state: AgentState.NotReady, reason: "break", stateSince: Start));

        Assert.Contains("kpi--warning", cut.FindByTestId("agent-time-in-state").ClassList);
        Assert.Equal("break", cut.FindByTestId("agent-reason").TextContent);
    }

    [Fact]
    public void Render_OnCall_ShowsCallDurationAndQueueNames()
    {
        Time.Advance(TimeSpan.FromSeconds(200));
        var agent = Snapshots.Agent(state: AgentState.OnCall, stateSince: Start.AddSeconds(100),
            callSince: Start.AddSeconds(100), queues: ["sales", "vip"]);

        var cut = RenderRow(agent);

        Assert.Contains("state-on-call", cut.FindByTestId("state-chip").ClassList);
        Assert.Equal("1:40", cut.FindByTestId("agent-call").TextContent);
        Assert.Equal("Pre-sales, vip", cut.FindByTestId("agent-queues").TextContent);
    }

    [Fact]
    public void Render_TodayFigures_ShowsHandledAndAht()
    {
        var agent = Snapshots.Agent(today: AgentToday.Empty with { Handled = 12, AhtSeconds = 245 });

        var cut = RenderRow(agent);

        Assert.Equal("12", cut.FindByTestId("agent-handled").TextContent);
        Assert.Equal("4:05", cut.FindByTestId("agent-aht").TextContent);
    }
}
