using Dashboard.Grains.Alerts;
using Dashboard.Tests.Components;
using Dashboard.Tests.Localization;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dashboard.Tests.Alerts;

/// <summary>The banner's line for an alert says what the tile says: the same figures, written the same way.</summary>
public sealed class AlertLineTests
{
    private static readonly IStringLocalizer L = TestText.Localizer;
    private static readonly DateTimeOffset T0 = ComponentTestBase.Start;

    [Fact]
    public void AlertLine_ServiceLevel_WritesThePercentAsTheTileDoes()
    {
        using var _ = TestText.Culture("en");
        var engine = new AlertEngine(new AlertLevels());
        var queue = Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.625));
        engine.Evaluate([queue], [], T0);

        var alert = Assert.Single(engine.Evaluate([queue], [], T0.AddSeconds(10)));

        Assert.Contains(Format.Percent(0.625), L.AlertLine(alert)); // "63%", as on the tile
    }

    [Fact]
    public void AlertLine_NoAgentAlertAfterAnAgentFreedUp_DoesNotStateTheOldCountAsNow()
    {
        // Issue 17: the banner said "5 contacts waiting and no agent available" while the tile showed 1 waiting,
        // 2 available — the alert waits 30 s before it clears, and kept its last bad figure as if current.
        using var _ = TestText.Culture("en");
        var engine = new AlertEngine(new AlertLevels());
        var unserved = Snapshots.Queue(waiting: 5, oldestWaitingSince: T0, agents: new AgentCounts(3, 0, 3, 0, 0, 0));
        engine.Evaluate([unserved], [], T0);
        engine.Evaluate([unserved], [], T0.AddSeconds(10));
        var served = Snapshots.Queue(waiting: 1, oldestWaitingSince: T0, agents: new AgentCounts(3, 2, 1, 0, 0, 0));

        var alert = Assert.Single(engine.Evaluate([served], [], T0.AddSeconds(11)));
        var line = L.AlertLine(alert);

        Assert.DoesNotContain("5 contacts waiting", line);
        Assert.Contains("since 09:00, peak 5", line);
    }
}
