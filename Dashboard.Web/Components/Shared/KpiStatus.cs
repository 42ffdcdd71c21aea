using Dashboard.Grains.Alerts;
using Dashboard.Grains.Queues;

namespace Dashboard.Web.Components.Shared;

/// <summary>How a figure looks against its thresholds. Ordered by badness so the worst of several is the max.</summary>
public enum KpiLevel { Neutral, Good, Warning, Critical }

/// <summary>
/// Colours figures by the judgements the alert rules use (<see cref="KpiJudgement"/> with the same
/// <see cref="AlertLevels"/>), so a red tile and a red alert always mean the same thing. Rates over too few contacts
/// are shown but not judged (neutral). Only how a verdict looks is decided here.
/// </summary>
public sealed class KpiStatus(AlertLevels levels)
{
    public AlertLevels Levels { get; } = levels;

    /// <summary>Service level against the queue's target: green at or above it, amber below, red below target − margin;
    /// neutral when there is no figure (no calls).</summary>
    public KpiLevel ServiceLevel(double? serviceLevel, double target) =>
        Rated(KpiJudgement.ServiceLevel(serviceLevel, target, Levels.ServiceLevel));

    /// <summary>The last-30-minute service level of a queue, judged only over enough contacts.</summary>
    public KpiLevel ServiceLevel(QueueSnapshot queue) => Rated(KpiJudgement.ServiceLevel(queue, Levels));

    /// <summary>Longest wait in seconds: amber at or over Warning, red at or over Critical, otherwise neutral
    /// (a short wait is not an achievement worth a green).</summary>
    public KpiLevel LongestWait(double seconds) => Flagged(KpiJudgement.LongestWait(seconds, Levels));

    /// <summary>Abandon rate (0–1): amber at or over Warning, red at or over Critical; null is neutral.</summary>
    public KpiLevel AbandonRate(double? rate) => Rated(KpiJudgement.AbandonRate(rate, Levels.AbandonRate));

    public KpiLevel AbandonRate(QueueSnapshot queue) => Rated(KpiJudgement.AbandonRate(queue, Levels));

    /// <summary>Contacts waiting while none of the queue's agents is available: amber from Warning, red from Critical.</summary>
    public KpiLevel Waiting(int waiting, int available) =>
        Flagged(KpiJudgement.WaitingWithNoAgent(waiting, available, Levels));

    /// <summary>The tile's colour: the worst of its judged figures.</summary>
    public KpiLevel Tile(QueueSnapshot queue, DateTimeOffset now) => Worst(
        ServiceLevel(queue), LongestWait(queue.LongestWaitAt(now)), AbandonRate(queue),
        Waiting(queue.Waiting, queue.Agents.Available));

    /// <summary>Time in the current state: long wrap-up, long not-ready and long calls by the agent alert rules.</summary>
    public KpiLevel TimeInState(AgentState state, double seconds) =>
        Flagged(KpiJudgement.TimeInState(state, seconds, Levels));

    /// <summary>An agent's time in state as the agent rules measure it (a call from its own start).</summary>
    public KpiLevel TimeInState(AgentSnapshot agent, DateTimeOffset now) =>
        Flagged(KpiJudgement.TimeInState(agent, now, Levels));

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

    /// <summary>A rate on target is green.</summary>
    private static KpiLevel Rated(KpiVerdict verdict) => verdict switch
    {
        KpiVerdict.Ok => KpiLevel.Good,
        _ => Flagged(verdict),
    };

    /// <summary>A count or a duration within its levels is not an achievement: no colour.</summary>
    private static KpiLevel Flagged(KpiVerdict verdict) => verdict switch
    {
        KpiVerdict.Warning => KpiLevel.Warning,
        KpiVerdict.Critical => KpiLevel.Critical,
        _ => KpiLevel.Neutral,
    };
}
