using Bunit;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public class WallboardTests : ComponentTestBase
{
    private static readonly string[] SixQueues = ["pre-sales", "after-sales", "complaints", "membership", "tech", "email"];

    private IRenderedComponent<Wallboard> RenderWallboard(string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("wallboard" + query);
        return Render<Wallboard>();
    }

    [Fact]
    public async Task Render_FeedPublishesChange_ShowsNewFigures()
    {
        Feed.Set(queues: [Snapshots.Queue("sales", waiting: 1)]);
        var cut = RenderWallboard();

        await Feed.PublishAsync(queues: [Snapshots.Queue("sales", waiting: 7)]);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("7", cut.FindByTestId("total-waiting").TextContent);
            Assert.Equal("7", cut.FindByTestId("waiting").QuerySelector(".tile-kpi__value")!.TextContent);
        });
    }

    [Fact]
    public void Render_OverdueComplaints_TheirQueuesTileTurnsRedAndSaysHowMany_ReadAgainEveryFewSeconds()
    {
        Feed.Set(queues: [Snapshots.Queue("a"), Snapshots.Queue("b")]);
        Complaints.Overdue = Dashboard.Web.Complaints.OverdueComplaints.None with { ByQueue = ImmutableDictionary<string, int>.Empty.Add("b", 2) };

        var cut = RenderWallboard();

        var tiles = cut.FindAllByTestId("queue-tile");
        Assert.Empty(tiles[0].QuerySelectorAll("[data-testid=complaints-overdue]"));
        Assert.DoesNotContain("kpi--critical", tiles[0].QuerySelector("[data-testid=complaints]")!.ClassList);
        Assert.Equal("2 overdue", tiles[1].QuerySelector("[data-testid=complaints-overdue]")!.TextContent);
        Assert.Contains("kpi--critical", tiles[1].QuerySelector("[data-testid=complaints]")!.ClassList);

        Complaints.Overdue = Dashboard.Web.Complaints.OverdueComplaints.None with { ByQueue = ImmutableDictionary<string, int>.Empty.Add("a", 1) };
        Time.Advance(TimeSpan.FromSeconds(6));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("1 overdue", cut.FindAllByTestId("queue-tile")[0].QuerySelector("[data-testid=complaints-overdue]")!.TextContent);
            Assert.Empty(cut.FindAllByTestId("queue-tile")[1].QuerySelectorAll("[data-testid=complaints-overdue]"));
        });
    }

    [Fact]
    public void Render_SixQueues_OneTileEachInThreeByTwoGrid()
    {
        Feed.Set(queues: SixQueues.Select(id => Snapshots.Queue(id)));

        var cut = RenderWallboard();

        Assert.Equal(6, cut.FindAllByTestId("queue-tile").Count);
        Assert.Contains("--cols:3;--rows:2", cut.FindByTestId("wallboard").GetAttribute("style"));
    }

    [Fact]
    public void Render_QueuesQuery_ShowsThoseQueuesInThatOrder()
    {
        Feed.Set(queues: SixQueues.Select(id => Snapshots.Queue(id)));

        var cut = RenderWallboard("?queues=tech,pre-sales");

        Assert.Equal(["tech", "pre-sales"], cut.FindAllByTestId("queue-tile").Select(t => t.GetAttribute("data-queue")));
    }

    [Fact]
    public void Render_Agents_SummarisesTheFloorByState()
    {
        Feed.Set(
            queues: [Snapshots.Queue("a", waiting: 2), Snapshots.Queue("b", waiting: 3)],
            agents:
            [
                Snapshots.Agent("1", state: AgentState.Available), Snapshots.Agent("2", state: AgentState.OnCall),
                Snapshots.Agent("3", state: AgentState.OnCall), Snapshots.Agent("4", state: AgentState.NotReady),
            ]);

        var cut = RenderWallboard();

        Assert.Equal("5", cut.FindByTestId("total-waiting").TextContent);
        Assert.Equal("1", cut.FindByTestId("floor-available").TextContent);
        Assert.Equal("2", cut.FindByTestId("floor-on_call").TextContent);
        Assert.Equal("1", cut.FindByTestId("floor-not_ready").TextContent);
        Assert.Equal("0", cut.FindByTestId("floor-wrap_up").TextContent);
    }

    [Theory]
    [InlineData(Roles.Display, false)]
    [InlineData(Roles.Supervisor, true)]
    public void Render_WayBackToTheFloor_ForPeopleNeverOnADisplayLink(string role, bool shown)
    {
        SignInAs(role); // a display link showing every queue: it carries no queue list
        Feed.Set(queues: [Snapshots.Queue("sales")]);

        var cut = RenderWallboard();

        Assert.Equal(shown ? 1 : 0, cut.FindAllByTestId("wallboard-back").Count);
    }

    [Theory]
    [InlineData(Roles.Display, false)]
    [InlineData(Roles.Supervisor, true)]
    public void Render_AgentAlertsOnADisplayLink_ACountPerTeamNeverAName(string role, bool names)
    {
        SignInAs(role);
        Feed.Set(
            queues: [Snapshots.Queue("sales")],
            agents: [Snapshots.Agent("a1", "Ann Lee", team: "Sales"), Snapshots.Agent("a2", "Bob Wu", team: "Sales")],
            alerts:
            [
                Snapshots.Alert("agent:a1:not-ready-too-long", AlertSeverity.Warning, Now.AddMinutes(-8), subject: "Ann Lee", scope: AlertScope.Agent) with { SubjectId = "a1", Rule = "not-ready-too-long" },
                Snapshots.Alert("agent:a2:not-ready-too-long", AlertSeverity.Critical, Now.AddMinutes(-3), subject: "Bob Wu", scope: AlertScope.Agent) with { SubjectId = "a2", Rule = "not-ready-too-long" },
            ]);

        var cut = RenderWallboard();

        var banner = cut.FindByTestId("alert-banner").TextContent;
        Assert.Equal(names, banner.Contains("Ann Lee", StringComparison.Ordinal) || banner.Contains("Bob Wu", StringComparison.Ordinal));
        if (!names)
        {
            var line = Assert.Single(cut.FindAllByTestId("alert-line"));
            Assert.Equal("critical", line.GetAttribute("data-severity"));
            Assert.Contains("Sales", line.TextContent);
            Assert.Contains("2 agent(s) · Long not ready", line.TextContent);
        }
    }

    [Fact]
    public void Render_Header_ClockDateAndTodaysTotalsOfTheQueuesShown()
    {
        Feed.Set(queues:
        [
            Snapshots.Queue("a") with { Today = WindowFigures.Empty with { Offered = 1200, Answered = 1150, Abandoned = 50 } },
            Snapshots.Queue("b") with { Today = WindowFigures.Empty with { Offered = 34, Answered = 30, Abandoned = 4 } },
        ]);

        var cut = RenderWallboard();

        // Start is 09:00 UTC on Monday 10 March 2025; the tests' center keeps UTC.
        Assert.Equal("09:00", cut.Find("[data-testid=clock] b").TextContent);
        Assert.Equal("Mon 10 Mar", cut.FindByTestId("date").TextContent);
        Assert.Equal(("1,234", "1,180", "54"),
            (cut.FindByTestId("today-offered").TextContent, cut.FindByTestId("today-answered").TextContent, cut.FindByTestId("today-abandoned").TextContent));
    }

    [Theory]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Manager, true)]
    [InlineData(Roles.Analyst, false)]
    [InlineData(Roles.Display, false)]
    public void Render_Alert_AcknowledgeButtonForSupervisorsAndManagersOnly(string role, bool button)
    {
        SignInAs(role);
        Feed.Set(queues: [Snapshots.Queue("sales")], alerts: [Snapshots.Alert("queue:sales:longest-wait", AlertSeverity.Critical, Now)]);

        var cut = RenderWallboard();

        cut.WaitForAssertion(() => Assert.Equal(button ? 1 : 0, cut.FindAllByTestId("alert-acknowledge").Count));
        if (button)
        {
            cut.FindByTestId("alert-acknowledge").Click();
            var (alertId, by) = Assert.Single(Acknowledgements.Acknowledged);
            Assert.Equal(("queue:sales:longest-wait", true), (alertId, by.IsInRole(role)));
        }
    }

    [Fact]
    public void Tick_FiveSecondsWithoutUpdate_StampNotYetStale()
    {
        Feed.Set(queues: [Snapshots.Queue()]);
        var cut = RenderWallboard();

        Time.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.DoesNotContain("last-update--stale", cut.FindByTestId("last-update").ClassList));
    }

    [Fact]
    public void Tick_MoreThanFiveSecondsWithoutUpdate_StampTurnsRed()
    {
        Feed.Set(queues: [Snapshots.Queue()]);
        var cut = RenderWallboard();

        Time.Advance(TimeSpan.FromSeconds(6));

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("last-update--stale", cut.FindByTestId("last-update").ClassList);
            Assert.Equal("· 0:06 ago", cut.FindByTestId("last-update-age").TextContent.Trim());
        });
    }

    [Fact]
    public void Render_NothingHeardYet_SaysSoInRed()
    {
        var cut = RenderWallboard();

        var stamp = cut.FindByTestId("last-update");
        Assert.Equal("No data yet", stamp.TextContent.Trim());
        Assert.Contains("last-update--stale", stamp.ClassList);
        Assert.Equal("Waiting for queues…", cut.FindByTestId("no-queues").TextContent);
    }

    [Fact]
    public async Task Render_UpdateAfterStale_StampTurnsNormal()
    {
        Feed.Set(queues: [Snapshots.Queue()]);
        var cut = RenderWallboard();
        Time.Advance(TimeSpan.FromSeconds(6));

        await Feed.PublishAsync(queues: [Snapshots.Queue()]);

        cut.WaitForAssertion(() =>
        {
            var stamp = cut.FindByTestId("last-update");
            Assert.DoesNotContain("last-update--stale", stamp.ClassList);
            Assert.Equal("Updated 09:00:06", stamp.TextContent.Trim());
        });
    }

    [Fact]
    public void Tick_OneSecond_LongestWaitTicks()
    {
        Feed.Set(queues: [Snapshots.Queue(waiting: 1, oldestWaitingSince: Start.AddSeconds(-30))]);
        var cut = RenderWallboard();

        Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() =>
            Assert.Equal("0:31", cut.FindByTestId("longest-wait").QuerySelector(".tile-kpi__value")!.TextContent));
    }

    [Fact]
    public void Render_CriticalAlertInFeed_ShowsFlashingBanner()
    {
        Feed.Set(queues: [Snapshots.Queue()], alerts: [Snapshots.Alert("q:sl", AlertSeverity.Critical, Start)]);

        var cut = RenderWallboard();

        Assert.Contains("alert-banner--flash", cut.FindByTestId("alert-banner").ClassList);
    }

    [Fact]
    public async Task Render_NewCriticalAlertWithSoundOn_Beeps()
    {
        Feed.Set(queues: [Snapshots.Queue()]);
        var cut = RenderWallboard("?sound=on");

        await Feed.PublishAsync(alerts: [Snapshots.Alert("q:sl", AlertSeverity.Critical, Start)]);

        cut.WaitForAssertion(() => JSInterop.VerifyInvoke("dashboard.beep"));
    }

    [Fact]
    public async Task Render_NewCriticalAlertWithSoundOff_DoesNotBeep()
    {
        Feed.Set(queues: [Snapshots.Queue()]);
        var cut = RenderWallboard();

        await Feed.PublishAsync(alerts: [Snapshots.Alert("q:sl", AlertSeverity.Critical, Start)]);

        cut.WaitForAssertion(() => cut.FindByTestId("alert-banner"));
        JSInterop.VerifyNotInvoke("dashboard.beep");
    }

    [Fact]
    public async Task Render_SameCriticalAlertAgain_BeepsOnce()
    {
        Feed.Set(queues: [Snapshots.Queue()]);
        var cut = RenderWallboard("?sound=on");
        var alert = Snapshots.Alert("q:sl", AlertSeverity.Critical, Start);

        await Feed.PublishAsync(alerts: [alert]);
        await Feed.PublishAsync(alerts: [alert]);

        cut.WaitForAssertion(() => JSInterop.VerifyInvoke("dashboard.beep", calledTimes: 1));
    }

    [Fact]
    public async Task Dispose_Page_UnsubscribesFromFeed()
    {
        var cut = RenderWallboard();
        Assert.Equal(1, Feed.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Feed.SubscriberCount);
    }
}
