using Dashboard.Grains.Alerts;
using Dashboard.Grains.Queues;

namespace Dashboard.Tests.Queues;

// Defaults: threshold 20 s, short abandon 5 s, at least 5 contacts for rates.
public class KpiJudgementTests
{
    private static readonly QueueSettings Settings = QueueSettings.Default;

    [Theory]
    [InlineData(0, true)]
    [InlineData(20, true)] // at the threshold is within it
    [InlineData(20.0000001, false)]
    public void WithinThreshold_Wait_AtOrUnderThreshold(double seconds, bool expected) =>
        Assert.Equal(expected, KpiJudgement.WithinThreshold((long)(seconds * TimeSpan.TicksPerSecond), Settings));

    [Theory]
    [InlineData(0, true)]
    [InlineData(4.999, true)]
    [InlineData(5, false)] // "less than" the short-abandon time
    public void ShortAbandon_Wait_UnderShortAbandonTime(double seconds, bool expected) =>
        Assert.Equal(expected, KpiJudgement.ShortAbandon((long)(seconds * TimeSpan.TicksPerSecond), Settings));

    private static WindowFigures Window(int answered, int abandoned = 0, int shortAbandoned = 0, int flowedOut = 0) =>
        WindowFigures.Empty with
        {
            Answered = answered, Abandoned = abandoned, ShortAbandoned = shortAbandoned, FlowedOut = flowedOut,
        };

    [Theory]
    // 4 answered + 1 short abandon: abandons-against leaves the short abandon out → 4, answered-only → 4,
    // abandons-within-threshold-met counts it → 5.
    [InlineData(ServiceLevelFormula.AbandonsAgainst, false, 4, 1, 1, 0, false)]
    [InlineData(ServiceLevelFormula.AnsweredOnly, false, 4, 1, 1, 0, false)]
    [InlineData(ServiceLevelFormula.AbandonsWithinThresholdMet, false, 4, 1, 1, 0, true)]
    // 3 answered + 2 flowed out: the flow-outs count only when the queue includes them.
    [InlineData(ServiceLevelFormula.AbandonsAgainst, false, 3, 0, 0, 2, false)]
    [InlineData(ServiceLevelFormula.AbandonsAgainst, true, 3, 0, 0, 2, true)]
    public void EnoughContactsForServiceLevel_CountsTheFormulasDenominator(
        ServiceLevelFormula formula, bool includeFlowOuts, int answered, int abandoned, int shortAbandoned, int flowedOut,
        bool expected)
    {
        var settings = Settings with { ServiceLevelFormula = formula, IncludeFlowOuts = includeFlowOuts };

        Assert.Equal(expected, KpiJudgement.EnoughContactsForServiceLevel(
            Window(answered, abandoned, shortAbandoned, flowedOut), settings, minimum: 5));
    }

    [Theory]
    [InlineData(2, 1, 0, 2, true)] // 2 + 1 + 2 flowed out = 5
    [InlineData(4, 1, 1, 0, false)] // 4 + 1 − 1 short = 4
    public void EnoughContactsForAbandonRate_CountsFlowOutsNotShortAbandons(
        int answered, int abandoned, int shortAbandoned, int flowedOut, bool expected) =>
        Assert.Equal(expected, KpiJudgement.EnoughContactsForAbandonRate(
            Window(answered, abandoned, shortAbandoned, flowedOut), minimum: 5));

    [Theory]
    [InlineData(0, 2, KpiVerdict.Ok)] // no one waits
    [InlineData(3, 1, KpiVerdict.Ok)] // an agent is available
    [InlineData(1, 0, KpiVerdict.Warning)]
    [InlineData(5, 0, KpiVerdict.Critical)]
    public void WaitingWithNoAgent_ByCondition_ThenLevels(int waiting, int available, KpiVerdict expected) =>
        Assert.Equal(expected, KpiJudgement.WaitingWithNoAgent(waiting, available, new AlertLevels()));

    [Fact]
    public void WaitingWithNoAgent_WarningAtZeroAndAnAgentAvailable_Ok() =>
        Assert.Equal(KpiVerdict.Ok, KpiJudgement.WaitingWithNoAgent(0, 1,
            new AlertLevels { WaitingWithNoAgent = new() { Warning = 0, Critical = 5 } }));

    [Theory]
    [InlineData(0.079, KpiVerdict.Ok)]
    [InlineData(0.08, KpiVerdict.Warning)] // at the level is past it
    [InlineData(0.15, KpiVerdict.Critical)]
    public void AbandonRate_ByLevels(double rate, KpiVerdict expected) =>
        Assert.Equal(expected, KpiJudgement.AbandonRate(rate, new AlertLevels().AbandonRate));

    [Theory]
    [InlineData(0.80, KpiVerdict.Ok)]
    [InlineData(0.70, KpiVerdict.Warning)] // exactly target − margin is not below it
    [InlineData(0.69, KpiVerdict.Critical)]
    public void ServiceLevel_AgainstTargetAndMargin(double serviceLevel, KpiVerdict expected) =>
        Assert.Equal(expected, KpiJudgement.ServiceLevel(serviceLevel, 0.80, new AlertLevels().ServiceLevel));
}
