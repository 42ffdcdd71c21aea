using Bunit;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class QueueTileTests : ComponentTestBase
{
    private IRenderedComponent<QueueTile> RenderTile(QueueSnapshot queue) =>
        Render<QueueTile>(p => p.Add(t => t.Queue, queue).Add(t => t.Now, Now));

    [Fact]
    public void Render_ServiceLevelBelowTargetMinusMargin_IsRed()
    {
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.65)));

        Assert.Contains("kpi--critical", cut.FindByTestId("service-level").ClassList);
        Assert.Contains("kpi--critical", cut.FindByTestId("queue-tile").ClassList);
        Assert.Contains("65%", cut.FindByTestId("service-level").TextContent);
    }

    [Fact]
    public void Render_ServiceLevelBelowTarget_IsAmber()
    {
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.75)));

        Assert.Contains("kpi--warning", cut.FindByTestId("service-level").ClassList);
        Assert.Contains("kpi--warning", cut.FindByTestId("queue-tile").ClassList);
    }

    [Fact]
    public void Render_ServiceLevelAtTarget_IsGreen()
    {
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.80)));

        Assert.Contains("kpi--good", cut.FindByTestId("service-level").ClassList);
        Assert.Contains("80%", cut.FindByTestId("service-level").TextContent);
    }

    [Fact]
    public void Render_ServiceLevelJustBelowTarget_AmberAndNeverReadsAsTheTarget()
    {
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.796)));

        var serviceLevel = cut.FindByTestId("service-level");
        Assert.Contains("kpi--warning", serviceLevel.ClassList);
        Assert.Equal("79.6%", serviceLevel.QuerySelector(".tile-kpi__value")!.TextContent);
    }

    [Fact]
    public void Render_ServiceLevelJustBelowTheCriticalLevel_RedAndNeverReadsAsTheLevel()
    {
        // Target 80 %, critical margin 10 points: 69.6 % is red, and "70%" would read as just at the critical level.
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.696)));

        var serviceLevel = cut.FindByTestId("service-level");
        Assert.Contains("kpi--critical", serviceLevel.ClassList);
        Assert.Equal("69.6%", serviceLevel.QuerySelector(".tile-kpi__value")!.TextContent);
    }

    [Fact]
    public void Render_ServiceLevelNull_IsGreyDash()
    {
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: null, answered: 0)));

        var serviceLevel = cut.FindByTestId("service-level");
        Assert.Contains("kpi--neutral", serviceLevel.ClassList);
        Assert.Equal("—", serviceLevel.QuerySelector(".tile-kpi__value")!.TextContent);
        Assert.DoesNotContain("0%", serviceLevel.QuerySelector(".tile-kpi__value")!.TextContent);
    }

    [Fact]
    public void Render_OldestWaiting75sAgo_ShowsAmberLongestWait()
    {
        var cut = RenderTile(Snapshots.Queue(waiting: 3, oldestWaitingSince: Now.AddSeconds(-75)));

        var longestWait = cut.FindByTestId("longest-wait");
        Assert.Equal("1:15", longestWait.QuerySelector(".tile-kpi__value")!.TextContent);
        Assert.Contains("kpi--warning", longestWait.ClassList);
    }

    [Fact]
    public void Render_OldestWaitingPastCritical_ShowsRedLongestWait()
    {
        var cut = RenderTile(Snapshots.Queue(waiting: 3, oldestWaitingSince: Now.AddSeconds(-121)));

        Assert.Contains("kpi--critical", cut.FindByTestId("longest-wait").ClassList);
    }

    [Fact]
    public void Render_NowMovesOn_LongestWaitTicks()
    {
        var queue = Snapshots.Queue(waiting: 1, oldestWaitingSince: Now.AddSeconds(-10));
        var cut = RenderTile(queue);

        cut.Render(p => p.Add(t => t.Queue, queue).Add(t => t.Now, Now.AddSeconds(5)));

        Assert.Equal("0:15", cut.FindByTestId("longest-wait").QuerySelector(".tile-kpi__value")!.TextContent);
    }

    [Fact]
    public void Render_AbandonRateOverCritical_IsRed()
    {
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.9, abandonRate: 0.2)));

        Assert.Contains("kpi--critical", cut.FindByTestId("abandon-rate").ClassList);
        Assert.Contains("20%", cut.FindByTestId("abandon-rate").TextContent);
    }

    [Fact]
    public void Render_Queue_ShowsAgentsByStateAndComplaints()
    {
        var cut = RenderTile(Snapshots.Queue(name: "Pre-sales", complaints: 2,
            agents: new AgentCounts(Staffed: 12, Available: 3, OnCall: 5, WrapUp: 1, NotReady: 2, Ringing: 1)));

        Assert.Equal("Pre-sales", cut.FindByTestId("queue-name").TextContent);
        Assert.Equal("3", cut.FindByTestId("agents-available").TextContent);
        Assert.Equal("6", cut.FindByTestId("agents-on-call").TextContent);
        Assert.Equal("1", cut.FindByTestId("agents-wrap-up").TextContent);
        Assert.Equal("2", cut.FindByTestId("agents-not-ready").TextContent);
        Assert.Contains("2", cut.FindByTestId("complaints").TextContent);
    }

    [Fact]
    public void Render_ServiceLevelOverTooFewContacts_NotColouredAndSaysWhy()
    {
        // 100 % over 3 contacts (fewer than the 5 needed to judge): grey, where 100 % over 20 is green beside it.
        var few = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 1.0, answered: 3)));
        var many = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 1.0, answered: 20)));

        Assert.Contains("kpi--neutral", few.FindByTestId("service-level").ClassList);
        Assert.Equal("3 contacts: too few to judge", few.FindByTestId("service-level-too-few").TextContent);
        Assert.Contains("kpi--good", many.FindByTestId("service-level").ClassList);
        Assert.Empty(many.FindAll("[data-testid=service-level-too-few]"));
    }

    [Theory]
    [InlineData(20, "30 min · target 80% in 20 s")]
    [InlineData(90, "30 min · target 80% in 90 s")]
    [InlineData(180, "30 min · target 80% in 3 min")]
    [InlineData(3600, "30 min · target 80% in 1 h")]
    public void Render_TargetThreshold_InTheFewestWords(int seconds, string target)
    {
        // An e-mail queue's "answered within an hour" read "90%/3…" cut off as 3600s.
        var cut = RenderTile(Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.9)) with { ServiceLevelThresholdSeconds = seconds });

        Assert.Equal(target, cut.Find(".tile-kpi__target").TextContent);
    }

    [Fact]
    public void Render_AgentCounts_EachNamesItsState()
    {
        var cut = RenderTile(Snapshots.Queue(agents: new AgentCounts(Staffed: 9, Available: 2, OnCall: 3, WrapUp: 1, NotReady: 2, Ringing: 1)));

        var chips = cut.FindAll(".agent-count").Select(c => (c.QuerySelector(".agent-count__label")!.TextContent, c.QuerySelector("b")!.TextContent));
        Assert.Equal([("Available", "2"), ("On call", "4"), ("Wrap-up", "1"), ("Not ready", "2")], chips);
    }
}
