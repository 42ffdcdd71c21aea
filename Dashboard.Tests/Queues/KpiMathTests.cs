using Dashboard.Grains.Queues;

namespace Dashboard.Tests.Queues;

public class KpiMathTests
{
    // One mix used by the formula tests: 10 answered (9 within threshold), 4 abandoned (2 short, 3 within
    // threshold), 3 flowed out.
    private const int Answered = 10, Abandoned = 4, ShortAbandoned = 2, FlowedOut = 3, AnsweredWithin = 9, AbandonedWithin = 3;

    private static double? ServiceLevel(ServiceLevelFormula formula, bool includeFlowOuts) =>
        KpiMath.ServiceLevel(formula, includeFlowOuts, Answered, Abandoned, ShortAbandoned, FlowedOut, AnsweredWithin, AbandonedWithin);

    [Fact]
    public void ServiceLevel_AbandonsAgainst_ExcludesShortAbandonsFromDenominator()
    {
        // 9 / (10 + 4 − 2) = 9 / 12 = 0.75
        Assert.Equal(0.75, ServiceLevel(ServiceLevelFormula.AbandonsAgainst, false)!.Value, 12);
    }

    [Fact]
    public void ServiceLevel_AnsweredOnly_IgnoresAbandons()
    {
        // 9 / 10 = 0.9
        Assert.Equal(0.9, ServiceLevel(ServiceLevelFormula.AnsweredOnly, false)!.Value, 12);
    }

    [Fact]
    public void ServiceLevel_AbandonsWithinThresholdMet_CountsEarlyAbandonsAsMet()
    {
        // (9 + 3) / (10 + 4) = 12 / 14 = 6 / 7
        Assert.Equal(6.0 / 7.0, ServiceLevel(ServiceLevelFormula.AbandonsWithinThresholdMet, false)!.Value, 12);
    }

    [Theory]
    // abandons-against: 9 / (10 + 4 − 2 + 3) = 9 / 15 = 0.6
    [InlineData(ServiceLevelFormula.AbandonsAgainst, 9.0 / 15.0)]
    // answered-only: 9 / (10 + 3) = 9 / 13
    [InlineData(ServiceLevelFormula.AnsweredOnly, 9.0 / 13.0)]
    // abandons-within-threshold-met: (9 + 3) / (10 + 4 + 3) = 12 / 17
    [InlineData(ServiceLevelFormula.AbandonsWithinThresholdMet, 12.0 / 17.0)]
    public void ServiceLevel_IncludeFlowOuts_AddsFlowOutsToDenominator(ServiceLevelFormula formula, double expected)
    {
        Assert.Equal(expected, ServiceLevel(formula, true)!.Value, 12);
    }

    [Theory]
    [InlineData(ServiceLevelFormula.AbandonsAgainst)]
    [InlineData(ServiceLevelFormula.AnsweredOnly)]
    [InlineData(ServiceLevelFormula.AbandonsWithinThresholdMet)]
    public void ServiceLevel_NoContacts_IsNull(ServiceLevelFormula formula)
    {
        Assert.Null(KpiMath.ServiceLevel(formula, false, 0, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void ServiceLevel_OnlyShortAbandons_IsNull()
    {
        // abandons-against: 0 / (0 + 2 − 2) → denominator 0
        Assert.Null(KpiMath.ServiceLevel(ServiceLevelFormula.AbandonsAgainst, false, 0, 2, 2, 0, 0, 0));
    }

    [Fact]
    public void ServiceLevel_AnsweredOnlyWithOnlyAbandons_IsNull()
    {
        // answered-only: 0 / 0 although 3 abandoned
        Assert.Null(KpiMath.ServiceLevel(ServiceLevelFormula.AnsweredOnly, false, 0, 3, 0, 0, 0, 2));
    }

    [Fact]
    public void ServiceLevel_OnlyFlowOutsIncluded_IsZero()
    {
        // abandons-against with flow-outs: 0 / (0 + 0 − 0 + 2) = 0
        Assert.Equal(0.0, KpiMath.ServiceLevel(ServiceLevelFormula.AbandonsAgainst, true, 0, 0, 0, 2, 0, 0));
    }

    [Fact]
    public void AverageSpeedOfAnswer_SumOfWaitsOverAnswered_IsMean()
    {
        // waits 5 + 10 + 30 = 45 s over 3 answered = 15 s
        Assert.Equal(15.0, KpiMath.AverageSpeedOfAnswer(45, 3));
    }

    [Fact]
    public void AverageSpeedOfAnswer_NoneAnswered_IsNull()
    {
        Assert.Null(KpiMath.AverageSpeedOfAnswer(0, 0));
    }

    [Fact]
    public void AverageHandleTime_SumOverHandled_IsMean()
    {
        // handle times 120 + 150 + 180 + 150 = 600 s over 4 handled = 150 s
        Assert.Equal(150.0, KpiMath.AverageHandleTime(600, 4));
    }

    [Fact]
    public void AverageHandleTime_NoneHandled_IsNull()
    {
        Assert.Null(KpiMath.AverageHandleTime(0, 0));
    }

    [Fact]
    public void AbandonRate_ShortAbandonsExcluded_FlowOutsInDenominator()
    {
        // (4 − 2) / (10 + 4 − 2 + 3) = 2 / 15
        Assert.Equal(2.0 / 15.0, KpiMath.AbandonRate(Answered, Abandoned, ShortAbandoned, FlowedOut)!.Value, 12);
    }

    [Fact]
    public void AbandonRate_NoContacts_IsNull()
    {
        Assert.Null(KpiMath.AbandonRate(0, 0, 0, 0));
    }

    [Fact]
    public void AbandonRate_OnlyShortAbandons_IsNull()
    {
        // (2 − 2) / (0 + 2 − 2 + 0) → denominator 0
        Assert.Null(KpiMath.AbandonRate(0, 2, 2, 0));
    }

    [Fact]
    public void Figures_Counters_MapsCountsAndRatios()
    {
        var counters = new QueueCounters
        {
            Offered = 12, Answered = 4, Abandoned = 2, ShortAbandoned = 1, FlowedOut = 1,
            AnsweredWithinThreshold = 3, AbandonedWithinThreshold = 1,
            AnsweredWaitTicks = TimeSpan.FromSeconds(40).Ticks,
            Handled = 2, HandleTicks = TimeSpan.FromSeconds(250).Ticks,
        };

        var figures = KpiMath.Figures(counters, QueueSettings.Default);

        Assert.Equal(
            new WindowFigures(
                Offered: 12, Answered: 4, Abandoned: 2, ShortAbandoned: 1, FlowedOut: 1,
                AnsweredWithinThreshold: 3, AbandonedWithinThreshold: 1,
                ServiceLevel: 3.0 / 5.0, // 3 / (4 + 2 − 1)
                AsaSeconds: 10.0, // 40 / 4
                AhtSeconds: 125.0, // 250 / 2
                AbandonRate: 1.0 / 6.0, // (2 − 1) / (4 + 2 − 1 + 1)
                Handled: 2),
            figures);
    }

    [Fact]
    public void Figures_EmptyCounters_EqualsEmpty()
    {
        Assert.Equal(WindowFigures.Empty, KpiMath.Figures(default, QueueSettings.Default));
    }

    [Fact]
    public void Subtract_AfterAdd_RestoresCounters()
    {
        var start = new QueueCounters { Offered = 3, Answered = 2, AnsweredWaitTicks = 7, HandleTicks = 11 };
        var delta = new QueueCounters { Offered = 1, Answered = 1, AnsweredWithinThreshold = 1, AnsweredWaitTicks = 5, Handled = 1, HandleTicks = 9 };
        var counters = start;

        counters.Add(delta);
        counters.Subtract(delta);

        Assert.Equal(start, counters);
    }
}
