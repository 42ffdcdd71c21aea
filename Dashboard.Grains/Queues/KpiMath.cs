namespace Dashboard.Grains.Queues;

/// <summary>
/// Raw queue counters over one window (a minute bucket, a day, or a sum of buckets). Durations are kept in
/// ticks so that adding and later subtracting one contact's contribution is exact. Serializable as it is, for the
/// queue's snapshots (<see cref="QueueLedgerState"/>).
/// </summary>
[GenerateSerializer, Alias("QueueCounters")]
public struct QueueCounters
{
    [Id(0)] public int Offered;
    [Id(1)] public int Answered;
    [Id(2)] public int Abandoned;
    [Id(3)] public int ShortAbandoned;
    [Id(4)] public int FlowedOut;
    [Id(5)] public int AnsweredWithinThreshold;
    [Id(6)] public int AbandonedWithinThreshold;
    /// <summary>Sum of the waits of the answered contacts, in ticks.</summary>
    [Id(7)] public long AnsweredWaitTicks;
    /// <summary>Contacts whose handling completed in the window.</summary>
    [Id(8)] public int Handled;
    /// <summary>Sum of their handle time (talk + hold + wrap-up), in ticks.</summary>
    [Id(9)] public long HandleTicks;

    public void Add(in QueueCounters other) => Add(other, 1);

    public void Subtract(in QueueCounters other) => Add(other, -1);

    /// <summary>Adds <paramref name="other"/> once (<paramref name="sign"/> 1) or takes it away (−1).</summary>
    public void Add(in QueueCounters other, int sign)
    {
        Offered += sign * other.Offered;
        Answered += sign * other.Answered;
        Abandoned += sign * other.Abandoned;
        ShortAbandoned += sign * other.ShortAbandoned;
        FlowedOut += sign * other.FlowedOut;
        AnsweredWithinThreshold += sign * other.AnsweredWithinThreshold;
        AbandonedWithinThreshold += sign * other.AbandonedWithinThreshold;
        AnsweredWaitTicks += sign * other.AnsweredWaitTicks;
        Handled += sign * other.Handled;
        HandleTicks += sign * other.HandleTicks;
    }

    public readonly double AnsweredWaitSeconds => (double)AnsweredWaitTicks / TimeSpan.TicksPerSecond;

    public readonly double HandleSeconds => (double)HandleTicks / TimeSpan.TicksPerSecond;
}

/// <summary>The queue KPIs of KPI.md as pure functions. Every ratio is null when its denominator is not positive.</summary>
public static class KpiMath
{
    /// <summary>
    /// Service level (0–1) by <paramref name="formula"/>:
    /// abandons-against = answeredWithinThreshold / (answered + abandoned − shortAbandoned);
    /// answered-only = answeredWithinThreshold / answered;
    /// abandons-within-threshold-met = (answeredWithinThreshold + abandonedWithinThreshold) / (answered + abandoned);
    /// <paramref name="includeFlowOuts"/> adds flowedOut to the denominator of any of them.
    /// </summary>
    public static double? ServiceLevel(
        ServiceLevelFormula formula, bool includeFlowOuts,
        int answered, int abandoned, int shortAbandoned, int flowedOut,
        int answeredWithinThreshold, int abandonedWithinThreshold)
    {
        var numerator = formula == ServiceLevelFormula.AbandonsWithinThresholdMet
            ? answeredWithinThreshold + abandonedWithinThreshold
            : answeredWithinThreshold;
        return Ratio(numerator,
            ServiceLevelDenominator(formula, includeFlowOuts, answered, abandoned, shortAbandoned, flowedOut));
    }

    /// <summary>The contacts a service level is judged over: its formula's denominator, with flow-outs when included.</summary>
    public static int ServiceLevelDenominator(
        ServiceLevelFormula formula, bool includeFlowOuts, int answered, int abandoned, int shortAbandoned, int flowedOut)
    {
        var denominator = formula switch
        {
            ServiceLevelFormula.AnsweredOnly => answered,
            ServiceLevelFormula.AbandonsWithinThresholdMet => answered + abandoned,
            _ => answered + abandoned - shortAbandoned,
        };
        return includeFlowOuts ? denominator + flowedOut : denominator;
    }

    /// <summary>Service level of <paramref name="counters"/> under <paramref name="settings"/>.</summary>
    public static double? ServiceLevel(in QueueCounters counters, QueueSettings settings) =>
        ServiceLevel(
            settings.ServiceLevelFormula, settings.IncludeFlowOuts,
            counters.Answered, counters.Abandoned, counters.ShortAbandoned, counters.FlowedOut,
            counters.AnsweredWithinThreshold, counters.AbandonedWithinThreshold);

    /// <summary>Average speed of answer: sum of wait of answered / answered.</summary>
    public static double? AverageSpeedOfAnswer(double answeredWaitSeconds, int answered) =>
        Ratio(answeredWaitSeconds, answered);

    /// <summary>Average handle time: sum of handle time of contacts whose handling ended in the window / their count.</summary>
    public static double? AverageHandleTime(double handleSeconds, int handled) => Ratio(handleSeconds, handled);

    /// <summary>(abandoned − shortAbandoned) / (answered + abandoned − shortAbandoned + flowedOut).</summary>
    public static double? AbandonRate(int answered, int abandoned, int shortAbandoned, int flowedOut) =>
        Ratio(abandoned - shortAbandoned, AbandonRateDenominator(answered, abandoned, shortAbandoned, flowedOut));

    /// <summary>The contacts an abandon rate is judged over: answered + abandoned − shortAbandoned + flowedOut.</summary>
    public static int AbandonRateDenominator(int answered, int abandoned, int shortAbandoned, int flowedOut) =>
        answered + abandoned - shortAbandoned + flowedOut;

    /// <summary>Agent occupancy: busy (talk + hold + wrap-up) / (busy + available); not-ready and offline are outside both.</summary>
    public static double? Occupancy(double busySeconds, double availableSeconds) =>
        Ratio(busySeconds, busySeconds + availableSeconds);

    /// <summary>CSAT: mean score and top-two-box share (4s and 5s); null with no responses.</summary>
    public static Csat? Csat(int responses, int scoreSum, int topTwo) =>
        responses > 0 ? new Csat(scoreSum / (double)responses, topTwo / (double)responses, responses) : null;

    /// <summary>The read-side figures of one window.</summary>
    public static WindowFigures Figures(in QueueCounters c, QueueSettings settings) => new(
        c.Offered, c.Answered, c.Abandoned, c.ShortAbandoned, c.FlowedOut,
        c.AnsweredWithinThreshold, c.AbandonedWithinThreshold,
        ServiceLevel(c, settings),
        AverageSpeedOfAnswer(c.AnsweredWaitSeconds, c.Answered),
        AverageHandleTime(c.HandleSeconds, c.Handled),
        AbandonRate(c.Answered, c.Abandoned, c.ShortAbandoned, c.FlowedOut),
        c.Handled);

    private static double? Ratio(double numerator, double denominator) =>
        denominator > 0 ? numerator / denominator : null;
}
