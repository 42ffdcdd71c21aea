using Bunit;
using Dashboard.Tests.Components;
using Dashboard.Web.Components.Layout;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Localization;

/// <summary>Key components rendered with the Chinese UI culture read in Chinese; the data (names, ids) stays as it is.</summary>
public sealed class ChineseComponentTests : ComponentTestBase
{
    [Fact]
    public void QueueTile_InChinese_LabelsAndTargetInChinese()
    {
        using var _ = TestText.Culture("zh-CN");

        var cut = Render<QueueTile>(p => p.Add(t => t.Queue, Snapshots.Queue("sales", name: "Sales")).Add(t => t.Now, Now));

        Assert.Equal("排队", cut.Find("[data-testid=waiting] .kpi-label").TextContent.Trim());
        Assert.Equal("服务水平", cut.Find("[data-testid=service-level] .kpi-label").TextContent.Trim());
        Assert.Equal("30分钟 · 目标 20秒内 80%", cut.Find(".tile-kpi__target").TextContent);
        Assert.Equal(["空闲", "通话中", "话后处理", "示忙"], cut.FindAll(".agent-count__label").Select(l => l.TextContent));
        Assert.Equal("Sales", cut.FindByTestId("queue-name").TextContent);
    }

    [Fact]
    public void Wallboard_InChinese_SummaryStatesAndAlertLineInChinese()
    {
        using var _ = TestText.Culture("zh-CN");
        Feed.Set(
            queues: [Snapshots.Queue("sales", name: "Sales")],
            agents: [Snapshots.Agent("a1", state: AgentState.NotReady, reason: "lunch")],
            alerts: [new Alert("agent:a1:not-ready-too-long", AlertScope.Agent, "a1", "Agent a1", Dashboard.Grains.Alerts.AlertEngine.NotReadyRule,
                AlertSeverity.Warning, 720, 600, Start, null)]);
        Services.GetRequiredService<NavigationManager>().NavigateTo("wallboard");

        var cut = Render<Wallboard>();

        Assert.Contains("排队", cut.FindByTestId("floor-summary").TextContent);
        Assert.Contains("示忙", cut.FindByTestId("floor-summary").TextContent);
        Assert.Contains("话后处理", cut.FindByTestId("floor-summary").TextContent);
        Assert.Equal("示忙（午餐）已 12:00，超过 10:00", cut.Find(".alert-line__message").TextContent);
        Assert.StartsWith("更新于", cut.FindByTestId("last-update").TextContent.Trim());
    }

    [Fact]
    public void Floor_InChinese_FiltersHeadersAndPagerInChinese()
    {
        using var _ = TestText.Culture("zh-CN");
        Feed.Set(queues: [Snapshots.Queue("sales", name: "Sales")], agents: [Snapshots.Agent("a1", name: "Wang Fang", state: AgentState.WrapUp)]);
        Services.GetRequiredService<NavigationManager>().NavigateTo("floor");

        var cut = Render<Floor>();

        var headers = cut.FindAll("th").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0).ToList();
        Assert.Equal(["超时", "坐席", "班组", "状态", "状态时长", "通话", "技能队列", "接听量", "平均处理时长", "投诉"], headers);
        Assert.Equal("1 / 1 名坐席", cut.FindByTestId("floor-count").TextContent);
        Assert.Equal("话后处理", cut.FindByTestId("state-chip").TextContent);
        Assert.Contains("每页行数：", cut.Markup);
        Assert.DoesNotContain("Rows per page", cut.Markup);
    }

    [Fact]
    public void AgentDetail_InChinese_TodayTableInChinese()
    {
        using var _ = TestText.Culture("zh-CN");
        Feed.Set(agents: [Snapshots.Agent("a1", name: "Wang Fang", team: "Sales", state: AgentState.NotReady, reason: "break")]);

        var cut = Render<AgentDetail>(p => p.Add(a => a.Id, "a1"));

        Assert.Equal(["回电", "未结投诉", "今日数据"], cut.FindAll("h6").Select(h => h.TextContent));
        Assert.Equal("Sales班组平均（1 人）", cut.FindAll("[data-testid=agent-today] thead th")[2].TextContent.Trim());
        Assert.Equal("占用率", cut.Find("[data-testid=figure-occupancy] td .kpi-label").TextContent.Trim());
        Assert.Equal("占在线时长", cut.FindByTestId("figure-occupancy-kind").TextContent);
        Assert.Equal("小休", cut.FindByTestId("agent-reason").TextContent);
        Assert.Equal("示忙", cut.FindByTestId("state-chip").TextContent);
    }

    [Fact]
    public void MainLayout_InChinese_NavigationInChinese_SwitchOffersEnglish()
    {
        using var _ = TestText.Culture("zh-CN");
        SignInAs(Roles.Manager);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Equal("坐席监控", cut.FindByTestId("nav-floor").TextContent.Trim());
        Assert.Equal("退出登录", cut.FindByTestId("sign-out").TextContent.Trim());
        Assert.Equal("true", cut.FindByTestId("language-zh-CN").GetAttribute("aria-current"));
        Assert.StartsWith("culture/set?culture=en&returnUrl=", cut.FindByTestId("language-en").GetAttribute("href"));
    }

    [Fact]
    public void AlertBanner_CenterInShanghai_AcknowledgementTimeInTheCentersZone()
    {
        using var _ = TestText.Culture("zh-CN");
        Services.AddSingleton(new CenterClock(Time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(0, 0)));
        var alert = Snapshots.Alert("c", AlertSeverity.Critical, Now.AddMinutes(-3)) with
        {
            AcknowledgedBy = "Li Na", AcknowledgedAt = new DateTimeOffset(2025, 3, 10, 8, 58, 30, TimeSpan.Zero),
        };

        var cut = Render<AlertBanner>(p => p.Add(b => b.Alerts, [alert]).Add(b => b.Now, Now));

        Assert.Equal("✓ Li Na 16:58", cut.FindByTestId("alert-ack").TextContent.Trim());
        Assert.Equal("已确认", cut.FindByTestId("alert-ack").GetAttribute("title"));
    }

    [Fact]
    public void MainLayout_InEnglish_NavigationInEnglish()
    {
        SignInAs(Roles.Manager);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, b => b.AddMarkupContent(0, "<p>page</p>")));

        Assert.Equal("Floor", cut.FindByTestId("nav-floor").TextContent.Trim());
        Assert.Equal("true", cut.FindByTestId("language-en").GetAttribute("aria-current"));
    }
}
