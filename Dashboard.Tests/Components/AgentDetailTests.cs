using Bunit;
using Dashboard.Web.Components.Pages;

namespace Dashboard.Tests.Components;

public class AgentDetailTests : ComponentTestBase
{
    private IRenderedComponent<AgentDetail> RenderAgent(string id) => Render<AgentDetail>(p => p.Add(a => a.Id, id));

    [Fact]
    public void Render_UnknownId_SaysNoSuchAgent()
    {
        Feed.Set(agents: [Snapshots.Agent("a1")]);

        var cut = RenderAgent("nobody");

        Assert.Contains("No such agent", cut.FindByTestId("no-such-agent").TextContent);
        Assert.Contains("nobody", cut.FindByTestId("no-such-agent").TextContent);
    }

    [Fact]
    public void Render_BeforeTheLiveModelAnswers_ALoadingBarNotNoSuchAgent()
    {
        var cut = RenderAgent("a1");

        Assert.NotNull(cut.FindByTestId("agent-loading"));
        Assert.Empty(cut.FindAll("[data-testid=no-such-agent]"));
    }

    [Fact]
    public void Render_KnownAgent_ShowsLiveStateAndTimeInState()
    {
        Time.Advance(TimeSpan.FromSeconds(90));
        Feed.Set(agents: [Snapshots.Agent("a1", "Ann", state: AgentState.NotReady, reason: "lunch", stateSince: Start)]);

        var cut = RenderAgent("a1");

        Assert.Equal("Ann", cut.FindByTestId("agent-name").TextContent);
        Assert.Contains("state-not-ready", cut.FindByTestId("state-chip").ClassList);
        Assert.Equal("Lunch", cut.FindByTestId("agent-reason").TextContent);
        Assert.Equal("1:30", cut.FindByTestId("agent-time-in-state").TextContent);
    }

    [Fact]
    public void Render_OnACall_TheQueueAndTheCallersWaitNotTheCallId()
    {
        Time.Advance(TimeSpan.FromSeconds(75));
        Feed.Set(queues: [Snapshots.Queue("sales", "Pre-sales")],
            agents: [Snapshots.Agent("a1", state: AgentState.OnCall, callSince: Start) with { CallQueueId = "sales", CallerWaitedSeconds = 42 }]);

        var cut = RenderAgent("a1");

        var call = cut.FindByTestId("agent-call");
        Assert.Equal("1:15", cut.FindByTestId("agent-call-duration").TextContent);
        Assert.Equal("· Pre-sales", cut.FindByTestId("agent-call-queue").TextContent);
        Assert.Equal("· caller waited 0:42", cut.FindByTestId("agent-call-wait").TextContent);
        Assert.DoesNotContain("call-1", call.TextContent);
    }

    [Fact]
    public void Render_TeamOfThree_ComparesWithTheTeamMean()
    {
        Feed.Set(agents:
        [
            Snapshots.Agent("a1", team: "A", today: AgentToday.Empty with { Handled = 10, AhtSeconds = 200, Occupancy = 0.5 }),
            Snapshots.Agent("a2", team: "A", today: AgentToday.Empty with { Handled = 20, AhtSeconds = 300, Occupancy = 0.7 }),
            Snapshots.Agent("a3", team: "A", today: AgentToday.Empty with { Handled = 0 }),
            Snapshots.Agent("b1", team: "B", today: AgentToday.Empty with { Handled = 100, AhtSeconds = 900, Occupancy = 0.9 }),
        ]);

        var cut = RenderAgent("a1");

        Assert.Equal("10", cut.FindByTestId("figure-handled-agent").TextContent);
        Assert.Equal("10.0", cut.FindByTestId("figure-handled-team").TextContent);
        Assert.Equal("3:20", cut.FindByTestId("figure-aht-agent").TextContent);
        Assert.Equal("4:10", cut.FindByTestId("figure-aht-team").TextContent);
        Assert.Equal("50%", cut.FindByTestId("figure-occupancy-agent").TextContent);
        Assert.Equal("60%", cut.FindByTestId("figure-occupancy-team").TextContent);
    }

    [Fact]
    public void Render_NotReadyReasons_OneRowPerReasonWithLabel()
    {
        var today = AgentToday.Empty with
        {
            NotReadySeconds = 900,
            NotReadyByReason = ImmutableDictionary<string, double>.Empty.Add("lunch", 600).Add("break", 300),
        };
        Feed.Set(agents: [Snapshots.Agent("a1", today: today)]);

        var cut = RenderAgent("a1");

        Assert.Equal("10:00", cut.FindByTestId("figure-not-ready-lunch-agent").TextContent);
        Assert.Equal("5:00", cut.FindByTestId("figure-not-ready-break-agent").TextContent);
        Assert.Contains("Lunch", cut.FindByTestId("figure-not-ready-lunch").TextContent);
    }

    [Fact]
    public void Render_NoCsatYet_ShowsDash()
    {
        Feed.Set(agents: [Snapshots.Agent("a1")]);

        var cut = RenderAgent("a1");

        Assert.Equal("—", cut.FindByTestId("figure-csat-agent").TextContent);
    }

    [Fact]
    public void Tick_TwoSeconds_TimeInStateTicks()
    {
        Feed.Set(agents: [Snapshots.Agent("a1", stateSince: Start)]);
        var cut = RenderAgent("a1");

        Time.Advance(TimeSpan.FromSeconds(2));

        cut.WaitForAssertion(() => Assert.Equal("0:02", cut.FindByTestId("agent-time-in-state").TextContent));
    }

    [Fact]
    public async Task Render_AgentAppearsInFeed_ReplacesNoSuchAgent()
    {
        Feed.Set(agents: [Snapshots.Agent("a1")]);
        var cut = RenderAgent("a2");

        await Feed.PublishAsync(agents: [Snapshots.Agent("a2", "Bea")]);

        cut.WaitForAssertion(() => Assert.Equal("Bea", cut.FindByTestId("agent-name").TextContent));
    }

    [Fact]
    public void Render_Today_EachFigureSaysWhetherItIsATotalAnAverageOrAShare()
    {
        Feed.Set(agents: [Snapshots.Agent("a1", "Ann")]);

        var cut = RenderAgent("a1");

        string Kind(string key) => cut.FindByTestId($"figure-{key}-kind").TextContent;
        Assert.Equal(("count today", "average per contact", "total today", "total today", "share of time logged in"),
            (Kind("handled"), Kind("aht"), Kind("talk"), Kind("wrap-up"), Kind("occupancy")));
    }
}
