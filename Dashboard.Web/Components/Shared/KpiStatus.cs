using Dashboard.Grains.Alerts;

namespace Dashboard.Web.Components.Shared;

/// <summary>How a figure looks against its thresholds. Ordered by badness so the worst of several is the max.</summary>
public enum KpiLevel { Neutral, Good, Warning, Critical }

/// <summary>
/// Colours figures by the same levels the alert rules use (<see cref="AlertOptions"/>), so a red tile and a red
/// alert always mean the same thing. Rates over fewer than <see cref="AlertOptions.MinimumContactsForRates"/>
/// contacts are shown but not judged (neutral), as the alert rules do not judge them either.
/// </summary>
public sealed class KpiStatus(AlertOptions options)
{
    private const double Tolerance = 1e-9;

    public AlertOptions Options { get; } = options;

    /// <summary>Service level against the queue's target: green at or above it, amber below, red below target − margin;
    /// neutral when there is no figure (no calls).</summary>
    public KpiLevel ServiceLevel(double? serviceLevel, double target)
    {
        if (serviceLevel is not { } value || !Options.ServiceLevel.Enabled)
        {
            return KpiLevel.Neutral;
        }
        if (value >= target - Tolerance)
        {
            return KpiLevel.Good;
        }
        // "Below target − margin", compared with a tolerance so 0.70 is not below 0.80 − 0.10 by a rounding error.
        return value < target - Options.ServiceLevel.CriticalMargin - Tolerance ? KpiLevel.Critical : KpiLevel.Warning;
    }

    /// <summary>The last-30-minute service level of a queue, judged only over enough contacts.</summary>
    public KpiLevel ServiceLevel(QueueSnapshot queue) =>
        EnoughContacts(queue.Last30m) ? ServiceLevel(queue.Last30m.ServiceLevel, queue.ServiceLevelTarget) : KpiLevel.Neutral;

    /// <summary>Longest wait in seconds: amber at or over Warning, red at or over Critical, otherwise neutral
    /// (a short wait is not an achievement worth a green).</summary>
    public KpiLevel LongestWait(double seconds) => High(Options.LongestWait, seconds) ?? KpiLevel.Neutral;

    /// <summary>Abandon rate (0–1): amber at or over Warning, red at or over Critical; null is neutral.</summary>
    public KpiLevel AbandonRate(double? rate) =>
        rate is { } value ? High(Options.AbandonRate, value) ?? KpiLevel.Good : KpiLevel.Neutral;

    public KpiLevel AbandonRate(QueueSnapshot queue) =>
        EnoughContacts(queue.Last30m) ? AbandonRate(queue.Last30m.AbandonRate) : KpiLevel.Neutral;

    /// <summary>Contacts waiting while none of the queue's agents is available: amber from 1, red from Critical.</summary>
    public KpiLevel Waiting(int waiting, int available) =>
        waiting == 0 || available > 0 ? KpiLevel.Neutral : High(Options.WaitingWithNoAgent, waiting) ?? KpiLevel.Neutral;

    /// <summary>The tile's colour: the worst of its judged figures.</summary>
    public KpiLevel Tile(QueueSnapshot queue, DateTimeOffset now) => Worst(
        ServiceLevel(queue), LongestWait(queue.LongestWaitAt(now)), AbandonRate(queue),
        Waiting(queue.Waiting, queue.Agents.Available));

    /// <summary>Time in the current state: long wrap-up, long not-ready and long calls by the agent alert rules.</summary>
    public KpiLevel TimeInState(AgentState state, double seconds) => state switch
    {
        AgentState.WrapUp => High(Options.WrapUp, seconds) ?? KpiLevel.Neutral,
        AgentState.NotReady => High(Options.NotReady, seconds) ?? KpiLevel.Neutral,
        AgentState.OnCall => High(Options.CallDuration, seconds) ?? KpiLevel.Neutral,
        _ => KpiLevel.Neutral,
    };

    public static KpiLevel Worst(params ReadOnlySpan<KpiLevel> levels)
    {
        var worst = KpiLevel.Neutral;
        foreach (var level in levels)
        {
            if (level > worst)
            {
                worst = level;
            }
        }
        return worst;
    }

    /// <summary>CSS modifier for a level: kpi--neutral, kpi--good, kpi--warning, kpi--critical.</summary>
    public static string CssClass(KpiLevel level) => level switch
    {
        KpiLevel.Good => "kpi--good",
        KpiLevel.Warning => "kpi--warning",
        KpiLevel.Critical => "kpi--critical",
        _ => "kpi--neutral",
    };

    private bool EnoughContacts(WindowFigures figures) =>
        figures.Answered + figures.Abandoned + figures.FlowedOut >= Options.MinimumContactsForRates;

    private static KpiLevel? High(LevelRule rule, double value)
    {
        if (!rule.Enabled)
        {
            return null;
        }
        if (value >= rule.Critical - Tolerance)
        {
            return KpiLevel.Critical;
        }
        return value >= rule.Warning - Tolerance ? KpiLevel.Warning : null;
    }
}
