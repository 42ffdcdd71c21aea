using Dashboard.Grains.Alerts;

namespace Dashboard.Grains.Queues;

/// <summary>A figure against its alert levels. Ordered by badness, so the worst of several is the max.</summary>
public enum KpiVerdict { NotJudged, Ok, Warning, Critical }

/// <summary>
/// Every KPI judgement of KPI.md and kpis.md, written once: answered within threshold, short abandon, enough contacts
/// to judge a rate, and the alert level of a figure. The ledger, the grains' history, the alert engine and the
/// wall-board all ask here, so that a red tile and a red alert mean the same thing.
/// </summary>
public static class KpiJudgement
{
    /// <summary>Levels come from configuration as decimals (0.8 + 0.02): a value exactly at a level counts as at it.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Wait ≤ the queue's service-level threshold.</summary>
    public static bool WithinThreshold(long waitTicks, QueueSettings settings) =>
        waitTicks <= settings.ServiceLevelThresholdSeconds * TimeSpan.TicksPerSecond;

    /// <summary>An abandon after a wait shorter than the queue's short-abandon time.</summary>
    public static bool ShortAbandon(long waitTicks, QueueSettings settings) =>
        waitTicks < settings.ShortAbandonSeconds * TimeSpan.TicksPerSecond;

    /// <summary>
    /// A rate is judged over at least <paramref name="minimum"/> contacts counted as the rate counts them, its
    /// denominator: flow-outs count when the queue includes them in its formula, short abandons do not where the
    /// formula leaves them out.
    /// </summary>
    public static bool EnoughContactsForServiceLevel(WindowFigures window, QueueSettings settings, int minimum) =>
        ServiceLevelContacts(window, settings) >= minimum;

    /// <summary>The contacts a window's service level is over, by the queue's formula.</summary>
    public static int ServiceLevelContacts(WindowFigures window, QueueSettings settings) =>
        KpiMath.ServiceLevelDenominator(settings.ServiceLevelFormula, settings.IncludeFlowOuts,
            window.Answered, window.Abandoned, window.ShortAbandoned, window.FlowedOut);

    /// <summary>As <see cref="EnoughContactsForServiceLevel"/>; the abandon rate always counts flow-outs.</summary>
    public static bool EnoughContactsForAbandonRate(WindowFigures window, int minimum) =>
        KpiMath.AbandonRateDenominator(window.Answered, window.Abandoned, window.ShortAbandoned, window.FlowedOut) >= minimum;

    /// <summary>A queue's last-30-minute service level against its target, over enough contacts.</summary>
    public static KpiVerdict ServiceLevel(QueueSnapshot queue, AlertLevels levels) =>
        EnoughContactsForServiceLevel(queue.Last30m, queue.Settings, levels.MinimumContactsForRates)
            ? ServiceLevel(queue.Last30m.ServiceLevel, queue.ServiceLevelTarget, levels.ServiceLevel)
            : KpiVerdict.NotJudged;

    /// <summary>Ok at or above the target, Warning below it, Critical below target − margin; no figure, no verdict.</summary>
    public static KpiVerdict ServiceLevel(double? serviceLevel, double target, RateRule rule)
    {
        if (serviceLevel is not { } value || !rule.Enabled)
        {
            return KpiVerdict.NotJudged;
        }
        if (value >= target - Tolerance)
        {
            return KpiVerdict.Ok;
        }
        return value < target - rule.CriticalMargin - Tolerance ? KpiVerdict.Critical : KpiVerdict.Warning;
    }

    /// <summary>A queue's last-30-minute abandon rate, over enough contacts.</summary>
    public static KpiVerdict AbandonRate(QueueSnapshot queue, AlertLevels levels) =>
        EnoughContactsForAbandonRate(queue.Last30m, levels.MinimumContactsForRates)
            ? AbandonRate(queue.Last30m.AbandonRate, levels.AbandonRate)
            : KpiVerdict.NotJudged;

    public static KpiVerdict AbandonRate(double? rate, LevelRule rule) =>
        rate is { } value ? High(value, rule) : KpiVerdict.NotJudged;

    public static KpiVerdict LongestWait(double seconds, AlertLevels levels) => High(seconds, levels.LongestWait);

    /// <summary>Contacts waiting while none of the queue's agents is available. With no one waiting or an agent
    /// available the condition does not hold, whatever the levels (a warning level of 0 is allowed).</summary>
    public static KpiVerdict WaitingWithNoAgent(int waiting, int available, AlertLevels levels)
    {
        if (waiting > 0 && available == 0)
        {
            return High(waiting, levels.WaitingWithNoAgent);
        }
        return levels.WaitingWithNoAgent.Enabled ? KpiVerdict.Ok : KpiVerdict.NotJudged;
    }

    /// <summary>Time in the current state by the agent rules: wrap-up, not ready, on a call; other states are not judged.</summary>
    public static KpiVerdict TimeInState(AgentState state, double seconds, AlertLevels levels) =>
        StateRule(state, levels) is { } rule ? High(seconds, rule) : KpiVerdict.NotJudged;

    /// <summary>The rule that judges time in <paramref name="state"/>; null for states not judged.</summary>
    public static LevelRule? StateRule(AgentState state, AlertLevels levels) => state switch
    {
        AgentState.WrapUp => levels.WrapUp,
        AgentState.NotReady => levels.NotReady,
        AgentState.OnCall => levels.CallDuration,
        _ => null,
    };

    /// <summary>How far past its warning level an agent's time in state is, in seconds; null when not past it.</summary>
    public static double? SecondsOverLimit(AgentSnapshot agent, DateTimeOffset now, AlertLevels levels)
    {
        if (StateRule(agent.State, levels) is not { } rule)
            return null;
        var seconds = SecondsInState(agent, now);
        return High(seconds, rule) is KpiVerdict.Warning or KpiVerdict.Critical ? Math.Max(0, seconds - rule.Warning) : null;
    }

    /// <summary>The agent rules' measure: time in the current state, but a call from its own start.</summary>
    public static double SecondsInState(AgentSnapshot agent, DateTimeOffset now)
    {
        var since = agent.State == AgentState.OnCall ? agent.CallSince ?? agent.StateSince : agent.StateSince;
        return Math.Max(0, (now - since).TotalSeconds);
    }

    public static KpiVerdict TimeInState(AgentSnapshot agent, DateTimeOffset now, AlertLevels levels) =>
        TimeInState(agent.State, SecondsInState(agent, now), levels);

    /// <summary>Bad when high: Warning at or over Warning, Critical at or over Critical as well.</summary>
    public static KpiVerdict High(double value, LevelRule rule)
    {
        if (!rule.Enabled)
        {
            return KpiVerdict.NotJudged;
        }
        if (value < rule.Warning - Tolerance)
        {
            return KpiVerdict.Ok;
        }
        return value >= rule.Critical - Tolerance ? KpiVerdict.Critical : KpiVerdict.Warning;
    }
}
