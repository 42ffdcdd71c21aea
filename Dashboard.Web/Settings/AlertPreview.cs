using Dashboard.Grains.Alerts;
using Dashboard.Grains.History;
using Dashboard.Grains.Queues;
using Dashboard.Web.TimeSeries;

namespace Dashboard.Web.Settings;

/// <summary>One queue as the preview judges it: its name, channel and service-level settings.</summary>
public sealed record PreviewQueue(string QueueId, string Name, Channel Channel, QueueSettings Settings);

/// <summary>What a rule would have raised: alerts in all, how many of them reached critical, and the subjects
/// (queue or agent names) most often alerted, with their counts.</summary>
public sealed record RulePreview(string Rule, int Raised, int Critical, IReadOnlyList<SubjectCount> Subjects);

public sealed record SubjectCount(string Name, int Alerts);

/// <summary>The rules' previews over [From, To); a rule that would have raised nothing is listed with zero.</summary>
public sealed record AlertPreviewResult(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RulePreview> Rules);

/// <summary>
/// What a set of alert levels would have raised over a stretch of recorded history: the floor's alert engine
/// (<see cref="AlertEngine"/>, with its debounce and hysteresis) run again, every <see cref="Step"/>, over the
/// floor rebuilt from history — each queue's last 30 minutes from its contacts (as <see cref="QueueLedger"/>
/// counts them: the 30 one-minute buckets ending with the current minute), its waiting contacts and available
/// agents from the queue samples, and each agent's not-ready, wrap-up and call spans. So a manager sees, before
/// saving, what new levels would have meant today, judged by the same rules the floor uses.
/// </summary>
/// <remarks>Spans still open (an agent not ready right now) are not in history yet and so not in the preview;
/// the live alerts show them.</remarks>
public static class AlertPreview
{
    /// <summary>How often the engine is run over the rebuilt floor: the queue sampler's default interval.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    /// <summary>A queue sample stands for the queue's waiting contacts until this old; older, nobody is known to wait.</summary>
    public static readonly TimeSpan SampleLife = TimeSpan.FromSeconds(30);

    /// <summary>The rules in the order the settings page lists them.</summary>
    public static readonly IReadOnlyList<string> Rules =
    [
        AlertEngine.LongestWaitRule, AlertEngine.NoAgentAvailableRule, AlertEngine.AbandonRateRule,
        AlertEngine.WrapUpRule, AlertEngine.NotReadyRule, AlertEngine.CallDurationRule, AlertEngine.ServiceLevelRule,
    ];

    /// <summary>The engine's rule for a level of the alert levels document (its JSON field, as the settings page keys it).</summary>
    public static string RuleOf(string level) => level switch
    {
        "serviceLevel" => AlertEngine.ServiceLevelRule,
        "longestWait" => AlertEngine.LongestWaitRule,
        "waitingWithNoAgent" => AlertEngine.NoAgentAvailableRule,
        "abandonRate" => AlertEngine.AbandonRateRule,
        "wrapUp" => AlertEngine.WrapUpRule,
        "notReady" => AlertEngine.NotReadyRule,
        "callDuration" => AlertEngine.CallDurationRule,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not an alert level"),
    };

    private const int TopSubjects = 3;

    public static AlertPreviewResult Run(
        AlertThresholds thresholds,
        IReadOnlyCollection<PreviewQueue> queues,
        Func<string, string> agentName,
        IEnumerable<ContactRecord> contacts,
        IEnumerable<QueueSampleRecord> samples,
        IEnumerable<AgentSpanRecord> spans,
        DateTimeOffset from,
        DateTimeOffset to,
        TimeSpan? step = null)
    {
        var every = step ?? Step;
        var engine = new AlertEngine(thresholds.Center) { Thresholds = thresholds };
        var queueTracks = queues.Select(q => new QueueTrack(q)).ToDictionary(t => t.Queue.QueueId, StringComparer.Ordinal);
        foreach (var contact in contacts)
        {
            if (contact.QueueId is { } id && queueTracks.TryGetValue(id, out var track))
                track.Deltas.AddRange(HistoryReports.Counted(contact));
        }
        foreach (var sample in samples)
        {
            if (queueTracks.TryGetValue(sample.QueueId, out var track))
                track.Samples.Add(sample);
        }
        foreach (var track in queueTracks.Values)
        {
            track.Deltas.Sort((a, b) => a.AtTicks.CompareTo(b.AtTicks));
            track.Samples.Sort((a, b) => a.At.CompareTo(b.At));
        }
        var judged = JudgedSpans(spans, agentName);

        var seen = new Dictionary<(string Id, DateTimeOffset RaisedAt), Alert>();
        var active = new List<JudgedSpan>();
        var nextSpan = 0;
        var queueSnapshots = new List<QueueSnapshot>(queueTracks.Count);
        var agentSnapshots = new List<AgentSnapshot>();
        for (var now = from; now < to; now += every)
        {
            queueSnapshots.Clear();
            foreach (var track in queueTracks.Values)
                queueSnapshots.Add(track.At(now));

            while (nextSpan < judged.Count && judged[nextSpan].Since <= now)
                active.Add(judged[nextSpan++]);
            active.RemoveAll(s => s.Until <= now);
            agentSnapshots.Clear();
            foreach (var span in active)
                agentSnapshots.Add(span.At(now));

            foreach (var alert in engine.Evaluate(queueSnapshots, agentSnapshots, now))
            {
                var key = (alert.Id, alert.RaisedAt);
                if (!seen.TryGetValue(key, out var known) || alert.Severity > known.Severity)
                    seen[key] = alert;
            }
        }

        var byRule = seen.Values.ToLookup(a => a.Rule, StringComparer.Ordinal);
        return new AlertPreviewResult(from, to, [.. Rules.Select(rule =>
        {
            var alerts = byRule[rule].ToList();
            var subjects = alerts.GroupBy(a => a.SubjectName, StringComparer.Ordinal)
                .Select(g => new SubjectCount(g.Key, g.Count()))
                .OrderByDescending(s => s.Alerts).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
                .Take(TopSubjects).ToList();
            return new RulePreview(rule, alerts.Count, alerts.Count(a => a.Severity == AlertSeverity.Critical), subjects);
        })]);
    }

    /// <summary>The spans the agent rules watch, one per stretch in one state: talk and hold that follow each other
    /// are one call, as the call rule measures a call from its start.</summary>
    private static List<JudgedSpan> JudgedSpans(IEnumerable<AgentSpanRecord> spans, Func<string, string> agentName)
    {
        var judged = new List<JudgedSpan>();
        foreach (var agent in spans.GroupBy(s => s.AgentId, StringComparer.Ordinal))
        {
            JudgedSpan? open = null;
            foreach (var span in agent.OrderBy(s => s.At))
            {
                AgentState? state = span.State switch
                {
                    SpanState.Talk or SpanState.Hold => AgentState.OnCall,
                    SpanState.WrapUp => AgentState.WrapUp,
                    SpanState.NotReady => AgentState.NotReady,
                    _ => null,
                };
                if (state is not { } s)
                {
                    open = null;
                    continue;
                }
                if (open is { } o && s == AgentState.OnCall && o.State == AgentState.OnCall && span.At <= o.Until + TimeSpan.FromSeconds(1))
                {
                    open = o with { Until = span.End };
                    judged[^1] = open;
                    continue;
                }
                open = new JudgedSpan(agent.Key, agentName(agent.Key), s, span.Reason, span.At, span.End);
                judged.Add(open);
            }
        }
        judged.Sort((a, b) => a.Since.CompareTo(b.Since));
        return judged;
    }

    private sealed record JudgedSpan(
        string AgentId, string Name, AgentState State, string? Reason, DateTimeOffset Since, DateTimeOffset Until)
    {
        public AgentSnapshot At(DateTimeOffset now) => new(
            AgentId, Name, "", State, Reason, Since, null, State == AgentState.OnCall ? Since : null, false, [],
            AgentToday.Empty, 0, now, ImmutableDictionary<string, int>.Empty);
    }

    /// <summary>One queue through the stretch: its counted contacts and its samples, walked forward in time.</summary>
    private sealed class QueueTrack(PreviewQueue queue)
    {
        private int _added, _removed, _sample = -1;
        private QueueCounters _window;

        public PreviewQueue Queue { get; } = queue;
        public List<(long AtTicks, QueueCounters Delta)> Deltas { get; } = [];
        public List<QueueSampleRecord> Samples { get; } = [];

        /// <summary>The queue at <paramref name="now"/>; calls must come in time order.</summary>
        public QueueSnapshot At(DateTimeOffset now)
        {
            // The live window: the 30 one-minute buckets ending with the minute containing now, up to now.
            var firstTick = (now.UtcTicks / TimeSpan.TicksPerMinute - QueueLedger.WindowMinutes + 1) * TimeSpan.TicksPerMinute;
            while (_added < Deltas.Count && Deltas[_added].AtTicks <= now.UtcTicks)
                _window.Add(Deltas[_added++].Delta);
            while (_removed < _added && Deltas[_removed].AtTicks < firstTick)
                _window.Subtract(Deltas[_removed++].Delta);
            while (_sample + 1 < Samples.Count && Samples[_sample + 1].At <= now)
                _sample++;

            var sample = _sample >= 0 && now - Samples[_sample].At <= SampleLife ? Samples[_sample] : null;
            var waiting = sample?.Waiting ?? 0;
            var oldestSince = waiting > 0 ? sample!.At.AddSeconds(-sample.LongestWaitSeconds) : (DateTimeOffset?)null;
            var agents = sample is null ? AgentCounts.None
                : new AgentCounts(sample.Staffed, sample.Available, sample.OnCall, sample.WrapUp, sample.NotReady, 0);
            var settings = Queue.Settings;
            return new QueueSnapshot(
                Queue.QueueId, Queue.Name, Queue.Channel, waiting, oldestSince is { } since ? (now - since).TotalSeconds : 0,
                oldestSince, agents, WindowFigures.Empty, KpiMath.Figures(_window, settings), 0, settings.ServiceLevelTarget,
                settings.ServiceLevelThresholdSeconds, settings, 0, now);
        }
    }
}
