using Dashboard.Grains.Alerts;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class KpiStatusTests
{
    private readonly KpiStatus _status = new(new AlertLevels());

    [Theory]
    [InlineData(0.80, KpiLevel.Good)]
    [InlineData(0.95, KpiLevel.Good)]
    [InlineData(0.79, KpiLevel.Warning)]
    [InlineData(0.70, KpiLevel.Warning)]
    [InlineData(0.69, KpiLevel.Critical)]
    [InlineData(0.0, KpiLevel.Critical)]
    public void ServiceLevel_AgainstTargetAndMargin_GivesLevel(double serviceLevel, KpiLevel expected) =>
        Assert.Equal(expected, _status.ServiceLevel(serviceLevel, target: 0.80));

    [Fact]
    public void ServiceLevel_Null_IsNeutral() =>
        Assert.Equal(KpiLevel.Neutral, _status.ServiceLevel(null, target: 0.80));

    [Fact]
    public void ServiceLevel_FewerContactsThanAlertsJudge_IsNeutral()
    {
        var queue = Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 0.25, answered: 3, abandoned: 1));

        Assert.Equal(KpiLevel.Neutral, _status.ServiceLevel(queue));
    }

    [Fact]
    public void ServiceLevel_FlowOutsOutsideTheFormula_DoNotMakeEnoughContacts()
    {
        // abandons-against without flow-outs: 1 of 3 answered in time is judged over 3 contacts; the 2 flow-outs
        // are not in the rate, so do not make it 5 (the alert rule does not judge it either).
        var queue = Snapshots.Queue(last30m: Snapshots.Window(serviceLevel: 1 / 3.0, answered: 3) with { FlowedOut = 2 });

        Assert.Equal(KpiLevel.Neutral, _status.ServiceLevel(queue));
    }

    [Theory]
    [InlineData(0, KpiLevel.Neutral)]
    [InlineData(59.9, KpiLevel.Neutral)]
    [InlineData(60, KpiLevel.Warning)]
    [InlineData(119, KpiLevel.Warning)]
    [InlineData(120, KpiLevel.Critical)]
    public void LongestWait_ByThresholds_GivesLevel(double seconds, KpiLevel expected) =>
        Assert.Equal(expected, _status.LongestWait(seconds));

    [Theory]
    [InlineData(0.0, KpiLevel.Good)]
    [InlineData(0.079, KpiLevel.Good)]
    [InlineData(0.08, KpiLevel.Warning)]
    [InlineData(0.15, KpiLevel.Critical)]
    public void AbandonRate_ByThresholds_GivesLevel(double rate, KpiLevel expected) =>
        Assert.Equal(expected, _status.AbandonRate(rate));

    [Fact]
    public void AbandonRate_Null_IsNeutral() => Assert.Equal(KpiLevel.Neutral, _status.AbandonRate((double?)null));

    [Theory]
    [InlineData(3, 1, KpiLevel.Neutral)]
    [InlineData(1, 0, KpiLevel.Warning)]
    [InlineData(5, 0, KpiLevel.Critical)]
    public void Waiting_WithAndWithoutAvailableAgents_GivesLevel(int waiting, int available, KpiLevel expected) =>
        Assert.Equal(expected, _status.Waiting(waiting, available));

    [Theory]
    [InlineData(AgentState.NotReady, 899, KpiLevel.Neutral)]
    [InlineData(AgentState.NotReady, 900, KpiLevel.Warning)]
    [InlineData(AgentState.WrapUp, 300, KpiLevel.Critical)]
    [InlineData(AgentState.OnCall, 600, KpiLevel.Warning)]
    [InlineData(AgentState.Available, 99999, KpiLevel.Neutral)]
    public void TimeInState_ByAgentRules_GivesLevel(AgentState state, double seconds, KpiLevel expected) =>
        Assert.Equal(expected, _status.TimeInState(state, seconds));

    [Fact]
    public void Tile_SeveralLevels_IsTheWorst()
    {
        var queue = Snapshots.Queue(waiting: 2, oldestWaitingSince: ComponentTestBase.Start.AddSeconds(-130),
            last30m: Snapshots.Window(serviceLevel: 0.85, abandonRate: 0.10));

        Assert.Equal(KpiLevel.Critical, _status.Tile(queue, ComponentTestBase.Start));
    }

    [Fact]
    public void ServiceLevel_RuleDisabled_IsNeutral()
    {
        var status = new KpiStatus(new AlertLevels { ServiceLevel = { Enabled = false } });

        Assert.Equal(KpiLevel.Neutral, status.ServiceLevel(0.10, target: 0.80));
    }
}
