using Bunit;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class AlertBannerTests : ComponentTestBase
{
    private IRenderedComponent<AlertBanner> RenderBanner(params Alert[] alerts) =>
        Render<AlertBanner>(p => p.Add(b => b.Alerts, [.. alerts]).Add(b => b.Now, Now));

    [Fact]
    public void Render_NoAlerts_RendersNothing()
    {
        var cut = RenderBanner();

        Assert.Empty(cut.FindAllByTestId("alert-banner"));
    }

    [Fact]
    public void Render_WarningRaisedBeforeCritical_ShowsCriticalFirst()
    {
        var cut = RenderBanner(
            Snapshots.Alert("old-warning", AlertSeverity.Warning, Now.AddMinutes(-10)),
            Snapshots.Alert("new-critical", AlertSeverity.Critical, Now.AddMinutes(-1)));

        var lines = cut.FindAllByTestId("alert-line");
        Assert.Equal(["critical", "warning"], lines.Select(l => l.GetAttribute("data-severity")));
        Assert.Contains("new-critical message", lines[0].TextContent);
    }

    [Fact]
    public void Render_AnyCritical_Flashes()
    {
        var cut = RenderBanner(Snapshots.Alert("c", AlertSeverity.Critical, Now));

        Assert.Contains("alert-banner--flash", cut.FindByTestId("alert-banner").ClassList);
    }

    [Fact]
    public void Render_OnlyWarnings_DoesNotFlash()
    {
        var cut = RenderBanner(Snapshots.Alert("w", AlertSeverity.Warning, Now));

        var banner = cut.FindByTestId("alert-banner");
        Assert.DoesNotContain("alert-banner--flash", banner.ClassList);
        Assert.Contains("alert-banner--warning", banner.ClassList);
    }

    [Fact]
    public void Render_OnlyClearedAlerts_RendersNothing()
    {
        var cut = RenderBanner(Snapshots.Alert("c", AlertSeverity.Critical, Now.AddMinutes(-2), clearedAt: Now));

        Assert.Empty(cut.FindAllByTestId("alert-banner"));
    }

    [Fact]
    public void Render_MoreAlertsThanLines_CountsTheRest()
    {
        var alerts = Enumerable.Range(1, 6).Select(i => Snapshots.Alert($"w{i}", AlertSeverity.Warning, Now)).ToArray();

        var cut = Render<AlertBanner>(p => p.Add(b => b.Alerts, [.. alerts]).Add(b => b.Now, Now).Add(b => b.MaxLines, 4));

        Assert.Equal(4, cut.FindAllByTestId("alert-line").Count);
        Assert.Equal("+ 2 more", cut.FindByTestId("alert-more").TextContent);
    }

    [Fact]
    public void Render_AlertRaised95sAgo_ShowsItsAge()
    {
        var cut = RenderBanner(Snapshots.Alert("w", AlertSeverity.Warning, Now.AddSeconds(-95)));

        Assert.Equal("1:35", cut.Find(".alert-line__age").TextContent);
    }
}
