using Dashboard.Grains.Alerts;
using Dashboard.Tests.Localization;
using Dashboard.Web.Localization;

namespace Dashboard.Tests.Alerts;

/// <summary>Alert text is written by the web host only, from the alert's figures (also the API's English message).</summary>
public class AlertTextTests
{
    private static Alert AlertOf(string rule, AlertSeverity severity, double value, double threshold) =>
        new("queue:sales:" + rule, AlertScope.Queue, "sales", "Sales", rule, severity, value, threshold,
            DateTimeOffset.UnixEpoch, null);

    private static string English(Alert alert)
    {
        using var _ = TestText.Culture("en");
        return TestText.Localizer.AlertLine(alert);
    }

    [Fact]
    public void AlertLine_CriticalServiceLevel_NamesTheCriticalLevel() =>
        Assert.Equal("Service level 62% over the last 30 minutes, below 70%",
            English(AlertOf(AlertEngine.ServiceLevelRule, AlertSeverity.Critical, 0.62, 0.70)));

    [Fact]
    public void AlertLine_OneContactWaitingWithNoAgent_Singular() =>
        Assert.Equal("1 contact waiting and no agent available",
            English(AlertOf(AlertEngine.NoAgentAvailableRule, AlertSeverity.Warning, 1, 1)));

    [Fact]
    public void AlertLine_NoLongerHolding_SaysSinceAndThePeak() =>
        Assert.Equal("Long wait since 00:00, peak 2:05; back within limits",
            English(AlertOf(AlertEngine.LongestWaitRule, AlertSeverity.Critical, 125, 120) with { Peak = 125, Holding = false }));

    [Fact]
    public void AlertLine_ServiceLevelNoLongerHolding_SaysTheLowest() =>
        Assert.Equal("Service level below target since 00:00, lowest 62%; back within limits",
            English(AlertOf(AlertEngine.ServiceLevelRule, AlertSeverity.Warning, 0.62, 0.80) with { Peak = 0.62, Holding = false }));
}
