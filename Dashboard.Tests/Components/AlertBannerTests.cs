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
        Assert.Contains("new-critical", lines[0].TextContent); // an unknown rule shows its name
    }

    [Fact]
    public void Render_AnyCritical_Flashes()
    {
        var cut = RenderBanner(Snapshots.Alert("c", AlertSeverity.Critical, Now));

        Assert.Contains("alert-banner--flash", cut.FindByTestId("alert-banner").ClassList);
    }

    [Fact]
    public void Render_CriticalAcknowledged_ShowsWhoAndWhen_AndStopsFlashing()
    {
        var cut = RenderBanner(Snapshots.Alert("c", AlertSeverity.Critical, Now.AddMinutes(-3)) with
        {
            AcknowledgedBy = "Li Na", AcknowledgedAt = new DateTimeOffset(2025, 3, 10, 8, 58, 30, TimeSpan.Zero),
        });

        Assert.Equal("✓ Li Na 08:58", cut.FindByTestId("alert-ack").TextContent.Trim());
        Assert.DoesNotContain("alert-banner--flash", cut.FindByTestId("alert-banner").ClassList);
        Assert.Contains("alert-banner--critical", cut.FindByTestId("alert-banner").ClassList);
    }

    [Fact]
    public void Render_WithAcknowledgeCallback_ButtonOnUnacknowledgedLinesOnly_ClickNamesTheAlert()
    {
        Alert? clicked = null;
        var cut = Render<AlertBanner>(p => p
            .Add(b => b.Alerts, [
                Snapshots.Alert("open", AlertSeverity.Critical, Now),
                Snapshots.Alert("seen", AlertSeverity.Critical, Now) with { AcknowledgedBy = "Li Na", AcknowledgedAt = Now },
            ])
            .Add(b => b.Now, Now)
            .Add(b => b.OnAcknowledge, (Alert a) => clicked = a));

        var button = Assert.Single(cut.FindAllByTestId("alert-acknowledge"));
        button.Click();

        Assert.Equal("open", clicked?.Id);
    }

    [Fact]
    public void Render_NoCallback_NoButton()
    {
        var cut = RenderBanner(Snapshots.Alert("open", AlertSeverity.Critical, Now));

        Assert.Empty(cut.FindAllByTestId("alert-acknowledge"));
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
