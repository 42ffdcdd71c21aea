using Bunit;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public class FloorTests : ComponentTestBase
{
    private IRenderedComponent<Floor> RenderFloor(string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("floor" + query);
        return Render<Floor>();
    }

    private void SetFloor() => Feed.Set(
        queues: [Snapshots.Queue("sales", "Pre-sales"), Snapshots.Queue("support", "Support")],
        agents:
        [
            Snapshots.Agent("1", "Ann", team: "A", state: AgentState.Available, queues: ["sales"]),
            Snapshots.Agent("2", "Bob", team: "A", state: AgentState.NotReady, reason: "lunch", queues: ["support"]),
            Snapshots.Agent("3", "Cid", team: "B", state: AgentState.NotReady, reason: "break", queues: ["sales", "support"]),
        ]);

    private static List<string> Names(IRenderedComponent<Floor> cut) =>
        [.. cut.FindAllByTestId("agent-name").Select(n => n.TextContent).Order()];

    [Fact]
    public void Render_ManagersWrapUpLevel_ColoursTheRowAsTheAlertEngineJudgesIt()
    {
        // A manager lowered the wrap-up warning to 60 s at /settings: the alert engine judges by it, so must the row.
        var levels = new Dashboard.Grains.Alerts.AlertLevels { WrapUp = new() { Warning = 60, Critical = 300 } };
        Feed.Set(
            agents: [Snapshots.Agent("1", "Ann", state: AgentState.WrapUp, stateSince: Start.AddSeconds(-90))],
            settings: new FloorSettings(Dashboard.Grains.Alerts.AlertThresholds.CenterOnly(levels), StaffingPlan.Empty,
                ImmutableDictionary<string, QueueSettings>.Empty));

        var cut = RenderFloor();

        Assert.Contains("kpi--warning", cut.FindByTestId("agent-time-in-state").ClassName);
    }

    [Fact]
    public void Render_BeforeTheLiveModelAnswers_ALoadingBarNotAnEmptyFloor()
    {
        var cut = RenderFloor();

        Assert.NotNull(cut.FindByTestId("floor-loading"));
        Assert.Empty(cut.FindAll("[data-testid=no-agents]"));
    }

    [Fact]
    public void Render_NoAgentsAtAll_SaysHowAgentsComeOnTheFloor()
    {
        Feed.Set(agents: []);

        var cut = RenderFloor();

        Assert.Contains("first event", cut.FindByTestId("no-agents").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=clear-filters]"));
    }

    [Fact]
    public void Render_FiltersHideEveryone_SaysSoAndClearingThemShowsEveryAgent()
    {
        SetFloor();
        var cut = RenderFloor("?state=wrap_up");
        Assert.Equal("No agents match these filters.", cut.FindByTestId("no-agents").TextContent);

        cut.FindByTestId("clear-filters").Click();

        Assert.Equal(["Ann", "Bob", "Cid"], Names(cut));
    }

    [Fact]
    public void Render_NoFilter_ShowsEveryAgent()
    {
        SetFloor();

        var cut = RenderFloor();

        Assert.Equal(["Ann", "Bob", "Cid"], Names(cut));
    }

    [Fact]
    public void Render_SupervisorWithATeam_OpensOnTheirTeam_AQueryOrAManagerSeesAll()
    {
        SetFloor();
        SignInAs([Roles.Supervisor], agentId: null, team: "B");

        var supervisor = RenderFloor();
        var withQuery = RenderFloor("?team=");

        Assert.Equal(["Cid"], Names(supervisor));
        Assert.Equal(["Ann", "Bob", "Cid"], Names(withQuery));
    }

    [Fact]
    public void Render_SupervisorsTeamNotOnTheFloor_ShowsEveryTeamAndSaysSo()
    {
        // The demo supervisor's team is the demo's "Sales"; a replayed bank has no such team. Opening on it would
        // show "0 of 3 agents / No agents match": the floor shows everyone instead, and says why.
        SetFloor();
        SignInAs([Roles.Supervisor], agentId: null, team: "Sales");

        var cut = RenderFloor();

        Assert.Equal(["Ann", "Bob", "Cid"], Names(cut));
        Assert.Contains("Sales", cut.FindByTestId("team-fallback").TextContent);
    }

    [Fact]
    public void Render_SupervisorsTeamOnTheFloor_SaysNothingAboutIt()
    {
        SetFloor();
        SignInAs([Roles.Supervisor], agentId: null, team: "B");

        var cut = RenderFloor();

        Assert.Empty(cut.FindAll("[data-testid=team-fallback]"));
    }

    [Fact]
    public void Render_ManagerWithATeam_SeesEveryTeam()
    {
        SetFloor();
        SignInAs([Roles.Manager], agentId: null, team: "B");

        var cut = RenderFloor();

        Assert.Equal(["Ann", "Bob", "Cid"], Names(cut));
    }

    [Fact]
    public void Render_StateQuery_ShowsOnlyThatState()
    {
        SetFloor();

        var cut = RenderFloor("?state=not_ready");

        Assert.Equal(["Bob", "Cid"], Names(cut));
    }

    [Fact]
    public void Render_QueueAndTeamQuery_ShowsAgentsInBoth()
    {
        SetFloor();

        var cut = RenderFloor("?queue=sales&team=B");

        Assert.Equal(["Cid"], Names(cut));
    }

    [Fact]
    public async Task Render_FeedPublishesAgentChange_RowShowsNewState()
    {
        SetFloor();
        var cut = RenderFloor();

        await Feed.PublishAsync(agents: [Snapshots.Agent("1", "Ann", state: AgentState.OnCall, stateSince: Start, callSince: Start)])
            ;

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAllByTestId("state-chip"), c => c.TextContent == "On call"));
    }

    [Fact]
    public void Tick_OneSecond_TimeInStateTicks()
    {
        Feed.Set(agents: [Snapshots.Agent("1", "Ann", stateSince: Start.AddSeconds(-59))]);
        var cut = RenderFloor();

        Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal("1:00", cut.FindByTestId("agent-time-in-state").TextContent));
    }

    // The case: 23 minutes into a lunch when not ready warns at 15 (the default levels: 15 and 30 minutes).
    private void SetFloorWithTrouble() => Feed.Set(
        agents:
        [
            Snapshots.Agent("1", "Ann", state: AgentState.Available, stateSince: Start.AddHours(-1)),
            Snapshots.Agent("2", "Bob", state: AgentState.NotReady, reason: "lunch", stateSince: Start.AddMinutes(-23)),
            Snapshots.Agent("3", "Cid", state: AgentState.NotReady, reason: "break", stateSince: Start.AddMinutes(-31)),
            Snapshots.Agent("4", "Dee", state: AgentState.NotReady, reason: "break", stateSince: Start.AddSeconds(-899)),
        ]);

    [Fact]
    public void Render_AgentsPastAnAlertLevel_TheirWholeRowStandsOutAndSaysByHowMuch()
    {
        SetFloorWithTrouble();

        var cut = RenderFloor();

        var rows = cut.FindAll("tr.agent-row").ToDictionary(r => r.QuerySelector("[data-testid=agent-name]")!.TextContent);
        Assert.Contains("agent-row--warning", rows["Bob"].ClassName);
        Assert.Contains("agent-row--critical", rows["Cid"].ClassName);
        Assert.DoesNotContain("agent-row--", rows["Ann"].ClassName);
        Assert.DoesNotContain("agent-row--", rows["Dee"].ClassName);
        Assert.Equal("+8:00", rows["Bob"].QuerySelector("[data-testid=agent-attention]")!.TextContent.Trim());
        Assert.Equal("+16:00", rows["Cid"].QuerySelector("[data-testid=agent-attention]")!.TextContent.Trim());
        Assert.Equal("", rows["Dee"].QuerySelector("[data-testid=agent-attention]")!.TextContent.Trim());
        Assert.Contains("2", cut.FindByTestId("filter-over-limit").TextContent);
    }

    [Fact]
    public void Render_SortQueryAttention_PutsTheFurthestPastTheirLevelFirst()
    {
        SetFloorWithTrouble();

        var cut = RenderFloor("?sort=attention");

        var order = cut.FindAllByTestId("agent-name").Select(n => n.TextContent).ToList();
        Assert.Equal(["Cid", "Bob"], order.Take(2));
    }

    [Fact]
    public void OverLimitChip_Clicked_ShowsOnlyThoseAgents_AndTimeAloneBringsAnotherIn()
    {
        SetFloorWithTrouble();
        var cut = RenderFloor();

        cut.FindByTestId("filter-over-limit").Click();
        Assert.Equal(["Bob", "Cid"], Names(cut));

        // No event: Dee's break simply reaches 15 minutes.
        Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal(["Bob", "Cid", "Dee"], Names(cut)));
    }

    [Fact]
    public void Matches_NameSearch_IgnoresCase() =>
        Assert.True(Floor.Matches(Snapshots.Agent(name: "Li Wei"), "", "", null, "wei"));
}
