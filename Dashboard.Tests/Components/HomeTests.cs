using Bunit;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Components;

public class HomeTests : ComponentTestBase
{
    [Fact]
    public void Render_Manager_LinksToWallboardFloorAndReports()
    {
        SignInAs(Roles.Manager);

        var cut = Render<Home>();

        Assert.Equal("wallboard", cut.FindByTestId("link-wallboard").GetAttribute("href"));
        Assert.Equal("floor", cut.FindByTestId("link-floor").GetAttribute("href"));
        Assert.Equal("reports", cut.FindByTestId("link-reports").GetAttribute("href"));
    }

    [Fact]
    public void Render_Manager_TheCenterAtAGlance_WhatNeedsSomeoneNowAndWhereToHandleIt()
    {
        SignInAs(Roles.Manager);
        Feed.Set(
            queues:
            [
                Snapshots.Queue("sales", "Pre-sales", waiting: 4, last30m: Snapshots.Window(serviceLevel: 0.40)),
                Snapshots.Queue("care", "Care", waiting: 1, last30m: Snapshots.Window(serviceLevel: 0.95)),
            ],
            agents:
            [
                Snapshots.Agent("a1", "Ann", state: AgentState.NotReady, reason: "break", stateSince: Start.AddMinutes(-40)),
                Snapshots.Agent("a2", "Bob", state: AgentState.Available),
                Snapshots.Agent("a3", "Cid", state: AgentState.NotReady, reason: "break", stateSince: Start.AddMinutes(-1)),
            ],
            alerts:
            [
                Snapshots.Alert("raised", AlertSeverity.Critical, Start.AddMinutes(-3)),
                Snapshots.Alert("over", AlertSeverity.Warning, Start.AddMinutes(-9), clearedAt: Start.AddMinutes(-2)),
            ]);

        var cut = Render<Home>();

        string Figure(string testId) => cut.FindByTestId(testId).QuerySelector("b")!.TextContent;
        Assert.Equal("5", Figure("glance-waiting"));
        Assert.Equal("1", Figure("glance-alerts"));
        Assert.Equal("1", Figure("glance-over-limit"));
        Assert.Equal("floor?sort=attention", cut.FindByTestId("glance-over-limit").GetAttribute("href"));
        Assert.Equal("1", Figure("glance-available"));
        Assert.Equal(["Pre-sales"], cut.FindAllByTestId("glance-queue").Select(q => q.TextContent));
        Assert.Contains("kpi--critical", cut.FindByTestId("glance-queue").ClassList);
    }

    [Fact]
    public async Task Render_Manager_BeforeTheLiveModelAnswers_ALoadingBar_ThenEveryQueueWellSaysSo()
    {
        SignInAs(Roles.Manager);
        var cut = Render<Home>();
        Assert.NotNull(cut.FindByTestId("glance-loading"));

        await cut.InvokeAsync(() => Feed.PublishAsync(queues: [Snapshots.Queue("care", "Care", last30m: Snapshots.Window(serviceLevel: 0.95))]));

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("glance-all-well")));
    }

    [Fact]
    public void Render_InChinese_HeadingIsTheProductNameOfTheAppBar()
    {
        using var _ = Dashboard.Tests.Localization.TestText.Culture("zh-CN");
        SignInAs(Roles.Manager);

        var cut = Render<Home>();

        Assert.Equal("客服运营看板", cut.FindByTestId("home-heading").TextContent.Trim());
    }

    [Fact]
    public void Render_Admin_NoReportsLink()
    {
        SignInAs(Roles.Admin);

        var cut = Render<Home>();

        Assert.Single(cut.FindAll("[data-testid=link-floor]"));
        Assert.Empty(cut.FindAll("[data-testid=link-reports]"));
    }

    [Fact]
    public void Render_Agent_GoesToOwnDesk()
    {
        SignInAs(Roles.Agent);
        var navigation = Services.GetRequiredService<NavigationManager>();

        var cut = Render<Home>();

        Assert.EndsWith("/me", navigation.Uri);
        Assert.Empty(cut.FindAll("[data-testid=link-floor]"));
    }
}
