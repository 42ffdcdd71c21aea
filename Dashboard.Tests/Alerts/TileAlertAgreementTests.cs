using CsCheck;
using Dashboard.Grains.Alerts;
using Dashboard.Grains.Queues;
using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Alerts;

/// <summary>
/// kpis.md promises that a red tile and a red alert always mean the same thing. For generated figures and levels,
/// each rule's tile colour is the severity its alert has once raised: with no debounce the engine raises at once, so
/// one evaluation shows it.
/// </summary>
public class TileAlertAgreementTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One queue's last 30 minutes, its settings and the levels that judge it.</summary>
    public sealed record QueueCase(
        int Answered, int Abandoned, int ShortAbandoned, int FlowedOut, int AnsweredWithin, int AbandonedWithin,
        ServiceLevelFormula Formula, bool IncludeFlowOuts, int TargetPercent, int MinimumContacts, int MarginPercent,
        int AbandonWarningPercent, int AbandonCriticalPercent, int Waiting, int Available, int WaitingWarning,
        int WaitingCritical, int LongestWait, int LongestWaitWarning, int LongestWaitCritical)
    {
        public QueueSettings ToSettings() => QueueSettings.Default with
        {
            ServiceLevelTarget = TargetPercent / 100.0, ServiceLevelFormula = Formula, IncludeFlowOuts = IncludeFlowOuts,
        };

        public AlertLevels ToOptions() => new()
        {
            RaiseAfter = TimeSpan.Zero,
            MinimumContactsForRates = MinimumContacts,
            ServiceLevel = new() { CriticalMargin = MarginPercent / 100.0, Hysteresis = 0.02 },
            AbandonRate = new() { Warning = AbandonWarningPercent / 100.0, Critical = AbandonCriticalPercent / 100.0, Hysteresis = 0.02 },
            WaitingWithNoAgent = new() { Warning = WaitingWarning, Critical = WaitingCritical },
            LongestWait = new() { Warning = LongestWaitWarning, Critical = LongestWaitCritical, Hysteresis = 10 },
        };

        public QueueSnapshot Snapshot()
        {
            var counters = new QueueCounters
            {
                Offered = Answered + Abandoned + FlowedOut, Answered = Answered, Abandoned = Abandoned,
                ShortAbandoned = ShortAbandoned, FlowedOut = FlowedOut,
                AnsweredWithinThreshold = AnsweredWithin, AbandonedWithinThreshold = AbandonedWithin,
            };
            var settings = ToSettings();
            var window = KpiMath.Figures(counters, settings);
            return new QueueSnapshot("q", "Q", Channel.Voice, Waiting, LongestWait,
                Waiting > 0 ? Now.AddSeconds(-LongestWait) : null,
                new AgentCounts(Available + 1, Available, 1, 0, 0, 0), window, window, 0,
                settings.ServiceLevelTarget, settings.ServiceLevelThresholdSeconds, settings, 1, Now);
        }
    }

    // Small counts, so that "enough contacts", zero levels and exact boundaries come up often.
    private static readonly Gen<QueueCase> QueueCases =
        from answered in Gen.Int[0, 10]
        from abandoned in Gen.Int[0, 6]
        from shortAbandoned in Gen.Int[0, abandoned]
        from flowedOut in Gen.Int[0, 6]
        from answeredWithin in Gen.Int[0, answered]
        from abandonedWithin in Gen.Int[shortAbandoned, abandoned]
        from formula in Gen.Enum<ServiceLevelFormula>()
        from includeFlowOuts in Gen.Bool
        from target in Gen.Int[50, 95]
        from minimum in Gen.Int[0, 8]
        from margin in Gen.Int[0, 30]
        from abandonWarning in Gen.Int[0, 30]
        from abandonCritical in Gen.Int[abandonWarning, 60]
        from waiting in Gen.Int[0, 8]
        from available in Gen.Int[0, 2]
        from waitingWarning in Gen.Int[0, 4]
        from waitingCritical in Gen.Int[waitingWarning, 8]
        from longestWait in Gen.Int[0, 200]
        from longestWarning in Gen.Int[0, 150]
        from longestCritical in Gen.Int[longestWarning, 200]
        select new QueueCase(answered, abandoned, shortAbandoned, flowedOut, answeredWithin, abandonedWithin, formula,
            includeFlowOuts, target, minimum, margin, abandonWarning, abandonCritical, waiting, available,
            waitingWarning, waitingCritical, waiting > 0 ? longestWait : 0, longestWarning, longestCritical);

    [Theory]
    [InlineData(AlertEngine.ServiceLevelRule)]
    [InlineData(AlertEngine.AbandonRateRule)]
    [InlineData(AlertEngine.NoAgentAvailableRule)]
    [InlineData(AlertEngine.LongestWaitRule)]
    public void TileAndAlert_AnyQueueFigures_AgreeOnTheLevel(string rule) =>
        QueueCases.Sample(c =>
        {
            var queue = c.Snapshot();
            var status = new KpiStatus(c.ToOptions());
            var tile = rule switch
            {
                AlertEngine.ServiceLevelRule => status.ServiceLevel(queue),
                AlertEngine.AbandonRateRule => status.AbandonRate(queue),
                AlertEngine.NoAgentAvailableRule => status.Waiting(queue.Waiting, queue.Agents.Available),
                _ => status.LongestWait(queue.LongestWaitAt(Now)),
            };
            var alert = new AlertEngine(c.ToOptions()).Evaluate([queue], [], Now).SingleOrDefault(a => a.Rule == rule);

            Assert.Equal(Expected(tile), alert?.Severity);
        }, iter: 10_000);

    /// <summary>An agent in a state for <see cref="Seconds"/>, on a call for <see cref="CallSeconds"/> when there is one.</summary>
    public sealed record AgentCase(AgentState State, int Seconds, int? CallSeconds, int Warning, int Critical);

    private static readonly Gen<AgentCase> AgentCases =
        from state in Gen.Enum<AgentState>()
        from seconds in Gen.Int[0, 2000]
        from call in Gen.Nullable(Gen.Int[0, 2000], 0.3)
        from warning in Gen.Int[0, 1500]
        from critical in Gen.Int[warning, 2000]
        select new AgentCase(state, seconds, call, warning, critical);

    [Fact]
    public void TileAndAlert_AnyTimeInState_AgreeOnTheLevel() =>
        AgentCases.Sample(c =>
        {
            LevelRule Rule() => new() { Warning = c.Warning, Critical = c.Critical };
            var options = new AlertLevels { RaiseAfter = TimeSpan.Zero, WrapUp = Rule(), NotReady = Rule(), CallDuration = Rule() };
            var agent = new AgentSnapshot("a1", "Ann", "T", c.State, null, Now.AddSeconds(-c.Seconds),
                c.CallSeconds is null ? null : "c1", c.CallSeconds is { } call ? Now.AddSeconds(-call) : null,
                false, ["q"], AgentToday.Empty, 1, Now, SkillLevels.For(["q"], null, null));

            var tile = new KpiStatus(options).TimeInState(agent, Now);
            var alert = new AlertEngine(options).Evaluate([], [agent], Now).SingleOrDefault();

            Assert.Equal(Expected(tile), alert?.Severity);
        }, iter: 10_000);

    /// <summary>Red is a critical alert, amber a warning, green or no colour no alert.</summary>
    private static AlertSeverity? Expected(KpiLevel tile) => tile switch
    {
        KpiLevel.Critical => AlertSeverity.Critical,
        KpiLevel.Warning => AlertSeverity.Warning,
        _ => null,
    };
}
