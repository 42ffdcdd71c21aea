using Dashboard.Grains.Queues;

namespace Dashboard.Grains.Alerts;

/// <summary>
/// Evaluates the SLA alert rules over the floor's snapshots, with debounce (a condition must hold for a while
/// before it raises) and hysteresis (it clears only once clearly back), so alerts do not flap.
/// </summary>
/// <remarks>
/// Per subject and rule: a condition that has held for <see cref="AlertLevels.RaiseAfter"/> raises; a raised
/// alert escalates to critical once the critical condition has held for RaiseAfter, steps back to warning once
/// the value has been past the critical level by the hysteresis for <see cref="AlertLevels.ClearAfter"/>, and
/// clears once it has been past the warning level by the hysteresis for ClearAfter. A queue rate with too few
/// contacts counts as back to normal. A subject missing from the input, a disabled rule, or an agent no longer
/// in the state a rule watches clears at once. Not thread-safe: one owner (the floor grain) calls it.
/// </remarks>
public sealed class AlertEngine
{
    public const string ServiceLevelRule = "service-level";
    public const string LongestWaitRule = "longest-wait";
    public const string NoAgentAvailableRule = "no-agent-available";
    public const string AbandonRateRule = "abandon-rate";
    public const string WrapUpRule = "wrap-up-too-long";
    public const string NotReadyRule = "not-ready-too-long";
    public const string CallDurationRule = "call-too-long";

    // Whether a figure is past a level is KpiJudgement's (as for the tiles); only the hysteresis is the engine's.
    private const double Epsilon = KpiJudgement.Tolerance;

    private AlertThresholds _thresholds;
    private readonly Dictionary<(AlertScope Scope, string SubjectId, string Rule), RuleState> _states = [];
    private readonly List<Alert> _cleared = [];
    private ImmutableArray<Alert> _active = [];
    private long _generation;

    public AlertEngine(AlertLevels levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        _thresholds = AlertThresholds.CenterOnly(levels);
    }

    /// <summary>The levels in force; a manager's change applies from the next evaluation. A raised alert keeps its
    /// debounce and hysteresis state, so it is judged by the new levels from then on rather than raised afresh.</summary>
    public AlertThresholds Thresholds
    {
        get => _thresholds;
        set => _thresholds = value ?? throw new ArgumentNullException(nameof(value));
    }

    private AlertLevels Center => _thresholds.Center;

    /// <returns>The active alerts, plus each alert that cleared in this evaluation once, with ClearedAt set.</returns>
    public ImmutableArray<Alert> Evaluate(
        IReadOnlyCollection<QueueSnapshot> queues, IReadOnlyCollection<AgentSnapshot> agents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(agents);
        _generation++;
        _cleared.Clear();

        foreach (var queue in queues)
        {
            EvaluateQueue(queue, now);
        }
        foreach (var agent in agents)
        {
            EvaluateAgent(agent, now);
        }

        var active = ImmutableArray.CreateBuilder<Alert>();
        foreach (var (key, state) in _states)
        {
            if (state.Seen != _generation)
            {
                if (state.Alert is { } gone)
                {
                    _cleared.Add(gone with { ClearedAt = now });
                }
                _states.Remove(key);
            }
            else if (state.Alert is { } alert)
            {
                active.Add(alert);
            }
        }
        active.Sort(Precedence);
        _active = active.DrainToImmutable();
        return _cleared.Count == 0 ? _active : _active.AddRange(_cleared);
    }

    /// <summary>The alerts active after the last evaluation: critical first, then oldest first.</summary>
    public ImmutableArray<Alert> Active => _active;

    /// <summary>Every raised alert with the clocks behind it, to be kept (<see cref="AlertMemory"/>).</summary>
    public List<RaisedAlert> Export() =>
        [.. _states.Values.Where(s => s.Alert is not null)
            .Select(s => new RaisedAlert(s.Alert!, s.BadSince, s.CriticalSince, s.NormalSince, s.CalmSince))];

    /// <summary>Takes up alerts kept before a restart as if they had never stopped being evaluated: they keep their
    /// raise time and go on from their clocks; they clear by the rules, or at once if their subject is gone.</summary>
    public void Restore(IEnumerable<RaisedAlert> raised)
    {
        foreach (var r in raised)
        {
            _states[(r.Alert.Scope, r.Alert.SubjectId, r.Alert.Rule)] = new RuleState
            {
                Seen = _generation, BadSince = r.BadSince, CriticalSince = r.CriticalSince, NormalSince = r.NormalSince,
                CalmSince = r.CalmSince, Alert = r.Alert,
            };
        }
        var active = _states.Values.Where(s => s.Alert is not null).Select(s => s.Alert!).ToList();
        active.Sort(Precedence);
        _active = [.. active];
    }

    private void EvaluateQueue(QueueSnapshot queue, DateTimeOffset now)
    {
        var levels = _thresholds.For(queue.QueueId);
        var window = queue.Last30m;

        var serviceLevel = levels.ServiceLevel;
        if (serviceLevel.Enabled)
        {
            var target = queue.ServiceLevelTarget;
            var verdict = KpiJudgement.ServiceLevel(queue, levels);
            var reading = verdict != KpiVerdict.NotJudged && window.ServiceLevel is { } value
                ? Reading.Low(verdict, value, target, target - serviceLevel.CriticalMargin, serviceLevel.Hysteresis)
                : Reading.NoData(target, target - serviceLevel.CriticalMargin);
            Step(AlertScope.Queue, queue.QueueId, queue.Name, ServiceLevelRule, reading, now);
        }

        if (levels.LongestWait.Enabled)
        {
            var longestWait = queue.LongestWaitAt(now);
            Step(AlertScope.Queue, queue.QueueId, queue.Name, LongestWaitRule,
                Reading.High(KpiJudgement.LongestWait(longestWait, levels), longestWait, levels.LongestWait), now);
        }

        if (levels.WaitingWithNoAgent.Enabled)
        {
            var rule = levels.WaitingWithNoAgent;
            var verdict = KpiJudgement.WaitingWithNoAgent(queue.Waiting, queue.Agents.Available, levels);
            // No one waiting or an agent available: the condition is over, whatever the levels.
            var reading = queue.Waiting > 0 && queue.Agents.Available == 0
                ? Reading.High(verdict, queue.Waiting, rule)
                : Reading.NoData(rule.Warning, rule.Critical);
            Step(AlertScope.Queue, queue.QueueId, queue.Name, NoAgentAvailableRule, reading, now);
        }

        if (levels.AbandonRate.Enabled)
        {
            var verdict = KpiJudgement.AbandonRate(queue, levels);
            var reading = verdict != KpiVerdict.NotJudged && window.AbandonRate is { } value
                ? Reading.High(verdict, value, levels.AbandonRate)
                : Reading.NoData(levels.AbandonRate.Warning, levels.AbandonRate.Critical);
            Step(AlertScope.Queue, queue.QueueId, queue.Name, AbandonRateRule, reading, now);
        }
    }

    private void EvaluateAgent(AgentSnapshot agent, DateTimeOffset now)
    {
        // Each agent rule watches one state; out of it, the rule is not evaluated and its alert clears at once
        // (the span it measured has ended; nothing can oscillate).
        var inState = KpiJudgement.SecondsInState(agent, now);
        switch (agent.State)
        {
            case AgentState.WrapUp when Center.WrapUp.Enabled:
                Step(AlertScope.Agent, agent.AgentId, agent.Name, WrapUpRule,
                    Reading.High(KpiJudgement.TimeInState(agent.State, inState, Center), inState, Center.WrapUp), now);
                break;
            case AgentState.NotReady when Center.NotReady.Enabled:
                Step(AlertScope.Agent, agent.AgentId, agent.Name, NotReadyRule,
                    Reading.High(KpiJudgement.TimeInState(agent.State, inState, Center), inState, Center.NotReady), now,
                    agent.Reason);
                break;
            case AgentState.OnCall when Center.CallDuration.Enabled:
                Step(AlertScope.Agent, agent.AgentId, agent.Name, CallDurationRule,
                    Reading.High(KpiJudgement.TimeInState(agent.State, inState, Center), inState, Center.CallDuration), now);
                break;
        }
    }

    private void Step(
        AlertScope scope, string subjectId, string subjectName, string rule, in Reading reading, DateTimeOffset now,
        string? reason = null)
    {
        if (!reading.Bad && _states.Count == 0)
        {
            return;
        }
        var key = (scope, subjectId, rule);
        if (!_states.TryGetValue(key, out var state))
        {
            if (!reading.Bad)
            {
                return;
            }
            state = new RuleState();
            _states.Add(key, state);
        }
        state.Seen = _generation;
        state.BadSince = reading.Bad ? state.BadSince ?? now : null;
        state.CriticalSince = reading.Critical ? state.CriticalSince ?? now : null;
        var criticalHeld = state.CriticalSince is { } critical && now - critical >= Center.RaiseAfter;

        if (state.Alert is not { } alert)
        {
            if (state.BadSince is not { } bad)
            {
                _states.Remove(key);
            }
            else if (now - bad >= Center.RaiseAfter)
            {
                var severity = criticalHeld ? AlertSeverity.Critical : AlertSeverity.Warning;
                state.Alert = Build(scope, subjectId, subjectName, rule, severity, reading.Value, reading, now) with
                {
                    Peak = reading.Value,
                    Reason = reason,
                };
            }
            return;
        }

        state.NormalSince = reading.BackToNormal ? state.NormalSince ?? now : null;
        if (state.NormalSince is { } normal && now - normal >= Center.ClearAfter)
        {
            _cleared.Add(alert with { ClearedAt = now });
            _states.Remove(key);
            return;
        }

        var next = alert.Severity;
        if (next == AlertSeverity.Warning)
        {
            if (criticalHeld)
            {
                next = AlertSeverity.Critical;
            }
            state.CalmSince = null;
        }
        else
        {
            state.CalmSince = reading.BackFromCritical ? state.CalmSince ?? now : null;
            if (state.CalmSince is { } calm && now - calm >= Center.ClearAfter)
            {
                next = AlertSeverity.Warning;
                state.CalmSince = null;
            }
        }

        // While the condition holds the alert carries the live value; once back inside the band it keeps the last
        // bad reading and says it no longer holds (issue 17: a stale count read as the count now).
        if (reading.Bad || next != alert.Severity || alert.Holding)
        {
            var value = reading.Bad ? reading.Value : alert.Value;
            var peak = !reading.Bad ? alert.Peak
                : rule == ServiceLevelRule ? Math.Min(alert.Peak, reading.Value) : Math.Max(alert.Peak, reading.Value);
            state.Alert = Build(scope, subjectId, subjectName, rule, next, value, reading, alert.RaisedAt) with
            {
                Peak = peak,
                Holding = reading.Bad,
                Reason = reason,
            };
        }
    }

    private static Alert Build(
        AlertScope scope, string subjectId, string subjectName, string rule, AlertSeverity severity, double value,
        in Reading reading, DateTimeOffset raisedAt)
    {
        var threshold = severity == AlertSeverity.Critical ? reading.CriticalLevel : reading.WarningLevel;
        var scopeName = scope == AlertScope.Queue ? "queue" : "agent";
        return new Alert(
            $"{scopeName}:{subjectId}:{rule}", scope, subjectId, subjectName, rule, severity, value, threshold, raisedAt, null);
    }

    private static int Precedence(Alert a, Alert b)
    {
        var bySeverity = b.Severity.CompareTo(a.Severity);
        if (bySeverity != 0)
        {
            return bySeverity;
        }
        var byTime = a.RaisedAt.CompareTo(b.RaisedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>One rule's verdict on one value (whether it is past a level is <see cref="KpiJudgement"/>'s), whether it
    /// is back past the clear levels, and the levels for the alert.</summary>
    private readonly record struct Reading(
        bool Bad, bool Critical, bool BackToNormal, bool BackFromCritical,
        double Value, double WarningLevel, double CriticalLevel)
    {
        /// <summary>Too few contacts to judge a rate: nothing to raise, and a raised alert may clear.</summary>
        public static Reading NoData(double warningLevel, double criticalLevel) =>
            new(false, false, true, true, double.NaN, warningLevel, criticalLevel);

        /// <summary>Bad when high; back below Warning − Hysteresis / Critical − Hysteresis.</summary>
        public static Reading High(KpiVerdict verdict, double value, LevelRule rule) => new(
            verdict >= KpiVerdict.Warning,
            verdict == KpiVerdict.Critical,
            value < rule.Warning - rule.Hysteresis - Epsilon,
            value < rule.Critical - rule.Hysteresis - Epsilon,
            value, rule.Warning, rule.Critical);

        /// <summary>Bad when low; back at target + hysteresis / critical + hysteresis.</summary>
        public static Reading Low(KpiVerdict verdict, double value, double target, double criticalLevel, double hysteresis) => new(
            verdict >= KpiVerdict.Warning,
            verdict == KpiVerdict.Critical,
            value >= target + hysteresis - Epsilon,
            value >= criticalLevel + hysteresis - Epsilon,
            value, target, criticalLevel);
    }

    private sealed class RuleState
    {
        public long Seen;
        public DateTimeOffset? BadSince;
        public DateTimeOffset? CriticalSince;
        public DateTimeOffset? NormalSince;
        public DateTimeOffset? CalmSince;
        public Alert? Alert;
    }
}
