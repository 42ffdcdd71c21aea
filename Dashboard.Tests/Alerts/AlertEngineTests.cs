using Dashboard.Grains.Alerts;
using Dashboard.Web.Localization;

namespace Dashboard.Tests.Alerts;

// Default options throughout unless a test says otherwise: RaiseAfter 10 s, ClearAfter 30 s, at least 5 contacts
// for rates; service level target 80 %, critical 10 points below (70 %), hysteresis 2 points (clears at 82 %,
// steps down from critical at 72 %).
public class AlertEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static QueueSnapshot Queue(
        double? serviceLevel = null, int contacts = 20, double? abandonRate = null,
        int waiting = 0, DateTimeOffset? oldestWaitingSince = null, int available = 1, string id = "sales") =>
        new(id, "Sales", Channel.Voice, waiting, 0, oldestWaitingSince,
            new AgentCounts(available + 1, available, 1, 0, 0, 0),
            WindowFigures.Empty,
            WindowFigures.Empty with
            {
                Answered = contacts, ServiceLevel = serviceLevel, AbandonRate = abandonRate,
            },
            0, 0.80, 20, QueueSettings.Default, 1, T0);

    private static AgentSnapshot Agent(
        AgentState state, DateTimeOffset stateSince, DateTimeOffset? callSince = null, string? reason = null, string id = "a1") =>
        new(id, "Ann Lee", "Team 1", state, reason, stateSince, state == AgentState.OnCall ? "c1" : null, callSince,
            false, ["sales"], AgentToday.Empty, 1, T0, SkillLevels.For(["sales"], null, null));

    private static ImmutableArray<Alert> Evaluate(AlertEngine engine, QueueSnapshot queue, DateTimeOffset at) =>
        engine.Evaluate([queue], [], at);

    private static ImmutableArray<Alert> Evaluate(AlertEngine engine, AgentSnapshot agent, DateTimeOffset at) =>
        engine.Evaluate([], [agent], at);

    /// <summary>Evaluates the same service level every second from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    private static ImmutableArray<Alert> HoldServiceLevel(AlertEngine engine, double serviceLevel, DateTimeOffset from, DateTimeOffset to)
    {
        var result = ImmutableArray<Alert>.Empty;
        for (var at = from; at <= to; at = at.AddSeconds(1))
        {
            result = Evaluate(engine, Queue(serviceLevel), at);
        }
        return result;
    }

    /// <summary>The alert's line as the web host writes it in English (the banner, the API's message).</summary>
    private static string Line(Alert alert)
    {
        using var _ = Localization.TestText.Culture("en");
        return Localization.TestText.Localizer.AlertLine(alert);
    }

    private static AlertEngine RaisedServiceLevelWarning()
    {
        var engine = new AlertEngine(new AlertLevels());
        HoldServiceLevel(engine, 0.75, T0, T0.AddSeconds(10));
        return engine;
    }

    [Fact]
    public void Evaluate_ConditionHeldShorterThanRaiseAfter_NotRaised()
    {
        var engine = new AlertEngine(new AlertLevels());

        var alerts = HoldServiceLevel(engine, 0.75, T0, T0.AddSeconds(9));

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_ConditionHeldForRaiseAfter_RaisesWarning()
    {
        var engine = new AlertEngine(new AlertLevels());

        var alerts = HoldServiceLevel(engine, 0.75, T0, T0.AddSeconds(10));

        var alert = Assert.Single(alerts);
        Assert.Equal(
            new Alert("queue:sales:service-level", AlertScope.Queue, "sales", "Sales", "service-level",
                AlertSeverity.Warning, 0.75, 0.80, T0.AddSeconds(10), null) { Peak = 0.75 },
            alert);
    }

    [Fact]
    public void Evaluate_ConditionInterrupted_RestartsDebounce()
    {
        var engine = new AlertEngine(new AlertLevels());
        Evaluate(engine, Queue(0.75), T0);
        Evaluate(engine, Queue(0.85), T0.AddSeconds(5));

        // bad again from T0+6: 10 s held only at T0+16
        var alerts = HoldServiceLevel(engine, 0.75, T0.AddSeconds(6), T0.AddSeconds(15));

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_CriticalFromTheStart_RaisesCritical()
    {
        var engine = new AlertEngine(new AlertLevels());

        var alerts = HoldServiceLevel(engine, 0.65, T0, T0.AddSeconds(10)); // 65 % < 70 %

        var alert = Assert.Single(alerts);
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(0.70, alert.Threshold, 12); // 0.80 − 0.10
    }

    [Fact]
    public void Evaluate_CriticalHeldForRaiseAfter_Escalates()
    {
        var engine = RaisedServiceLevelWarning(); // warning raised at T0+10

        var alerts = HoldServiceLevel(engine, 0.65, T0.AddSeconds(11), T0.AddSeconds(21)); // critical held 10 s

        var alert = Assert.Single(alerts);
        Assert.Equal((AlertSeverity.Critical, T0.AddSeconds(10)), (alert.Severity, alert.RaisedAt));
    }

    [Fact]
    public void Evaluate_CriticalHeldShorterThanRaiseAfter_StaysWarning()
    {
        var engine = RaisedServiceLevelWarning();

        var alerts = HoldServiceLevel(engine, 0.65, T0.AddSeconds(11), T0.AddSeconds(20)); // critical held 9 s

        Assert.Equal(AlertSeverity.Warning, Assert.Single(alerts).Severity);
    }

    [Fact]
    public void Evaluate_OscillatingAroundTargetWithinHysteresis_NeverClears()
    {
        var engine = RaisedServiceLevelWarning();
        var results = new List<ImmutableArray<Alert>>();

        // 81 % and 79 % alternating every 5 s for 3 minutes: 81 % is not ≥ 82 %, so it never counts as clear.
        for (var i = 0; i < 36; i++)
        {
            results.Add(Evaluate(engine, Queue(i % 2 == 0 ? 0.81 : 0.79), T0.AddSeconds(15 + 5 * i)));
        }

        Assert.All(results, alerts => Assert.Null(Assert.Single(alerts).ClearedAt));
    }

    [Fact]
    public void Evaluate_OscillatingAroundCriticalLevel_NoSeverityFlapping()
    {
        var engine = new AlertEngine(new AlertLevels());
        HoldServiceLevel(engine, 0.65, T0, T0.AddSeconds(10)); // critical
        var severities = new List<AlertSeverity>();

        // 71 % and 69 % alternating every 5 s: 71 % is not ≥ 72 %, so it never steps down.
        for (var i = 0; i < 36; i++)
        {
            severities.Add(Assert.Single(Evaluate(engine, Queue(i % 2 == 0 ? 0.71 : 0.69), T0.AddSeconds(15 + 5 * i))).Severity);
        }

        Assert.All(severities, severity => Assert.Equal(AlertSeverity.Critical, severity));
    }

    [Fact]
    public void Evaluate_WarningWithDipsBelowCriticalShorterThanRaiseAfter_NeverEscalates()
    {
        var engine = RaisedServiceLevelWarning();
        var severities = new List<AlertSeverity>();

        // 69 % and 75 % alternating every 5 s: never 10 s below 70 % in a row.
        for (var i = 0; i < 36; i++)
        {
            severities.Add(Assert.Single(Evaluate(engine, Queue(i % 2 == 0 ? 0.69 : 0.75), T0.AddSeconds(15 + 5 * i))).Severity);
        }

        Assert.All(severities, severity => Assert.Equal(AlertSeverity.Warning, severity));
    }

    [Fact]
    public void Evaluate_CalmBelowCriticalForClearAfter_StepsDownToWarning()
    {
        var engine = new AlertEngine(new AlertLevels());
        HoldServiceLevel(engine, 0.65, T0, T0.AddSeconds(10)); // critical

        var alerts = HoldServiceLevel(engine, 0.75, T0.AddSeconds(11), T0.AddSeconds(41)); // ≥ 72 % for 30 s

        Assert.Equal(AlertSeverity.Warning, Assert.Single(alerts).Severity);
    }

    [Fact]
    public void Evaluate_BackToNormalShorterThanClearAfter_StaysActive()
    {
        var engine = RaisedServiceLevelWarning();

        var alerts = HoldServiceLevel(engine, 0.85, T0.AddSeconds(11), T0.AddSeconds(40)); // 29 s

        Assert.Null(Assert.Single(alerts).ClearedAt);
    }

    [Fact]
    public void Evaluate_BackToNormalForClearAfter_ReportsClearedOnce()
    {
        var engine = RaisedServiceLevelWarning();

        var clearing = HoldServiceLevel(engine, 0.85, T0.AddSeconds(11), T0.AddSeconds(41)); // 30 s at ≥ 82 %
        var after = Evaluate(engine, Queue(0.85), T0.AddSeconds(42));

        var cleared = Assert.Single(clearing);
        Assert.Equal((T0.AddSeconds(41), T0.AddSeconds(10)), (cleared.ClearedAt, cleared.RaisedAt));
        Assert.Empty(after);
        Assert.Empty(engine.Active);
    }

    [Fact]
    public void Active_AfterClearingEvaluation_ExcludesClearedAlert()
    {
        var engine = RaisedServiceLevelWarning();

        HoldServiceLevel(engine, 0.85, T0.AddSeconds(11), T0.AddSeconds(41));

        Assert.Empty(engine.Active);
    }

    [Fact]
    public void Evaluate_TooFewContacts_NotRaised()
    {
        var engine = new AlertEngine(new AlertLevels());

        // 4 answered + 0 abandoned < 5
        for (var at = T0; at <= T0.AddSeconds(20); at = at.AddSeconds(1))
        {
            Evaluate(engine, Queue(serviceLevel: 0.25, contacts: 4), at);
        }

        Assert.Empty(engine.Active);
    }

    [Fact]
    public void Evaluate_NullServiceLevel_NotRaised()
    {
        var engine = new AlertEngine(new AlertLevels());

        for (var at = T0; at <= T0.AddSeconds(20); at = at.AddSeconds(1))
        {
            Evaluate(engine, Queue(serviceLevel: null), at);
        }

        Assert.Empty(engine.Active);
    }

    [Fact]
    public void Evaluate_DisabledRule_NeverRaises()
    {
        var options = new AlertLevels();
        options.ServiceLevel.Enabled = false;
        var engine = new AlertEngine(options);

        var alerts = HoldServiceLevel(engine, 0.10, T0, T0.AddMinutes(2));

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_QueueDisappears_ClearsAtOnce()
    {
        var engine = RaisedServiceLevelWarning();

        var alerts = engine.Evaluate([], [], T0.AddSeconds(11));

        Assert.Equal(T0.AddSeconds(11), Assert.Single(alerts).ClearedAt);
        Assert.Empty(engine.Active);
    }

    [Fact]
    public void Evaluate_LongestWaitOverCritical_RaisesWithDurationMessage()
    {
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(waiting: 1, oldestWaitingSince: T0.AddSeconds(-125)); // waited 125 s ≥ 120 s at T0

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10)); // 135 s

        var alert = Assert.Single(alerts);
        Assert.Equal(
            ("queue:sales:longest-wait", AlertSeverity.Critical, 135.0, 120.0, "Longest wait 2:15, over 2:00"),
            (alert.Id, alert.Severity, alert.Value, alert.Threshold, Line(alert)));
    }

    [Fact]
    public void Evaluate_NoAgentAvailableWithContactsWaiting_RaisesWarning()
    {
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(waiting: 2, oldestWaitingSince: T0, available: 0);

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        var alert = Assert.Single(alerts);
        Assert.Equal(
            ("queue:sales:no-agent-available", AlertSeverity.Warning, 2.0, "2 contacts waiting and no agent available"),
            (alert.Id, alert.Severity, alert.Value, Line(alert)));
    }

    [Fact]
    public void Evaluate_FiveWaitingAndNoAgent_RaisesCritical()
    {
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(waiting: 5, oldestWaitingSince: T0, available: 0);

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        Assert.Equal(AlertSeverity.Critical, Assert.Single(alerts).Severity);
    }

    [Fact]
    public void Evaluate_ContactsWaitingWithAgentAvailable_NoAlert()
    {
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(waiting: 3, oldestWaitingSince: T0, available: 1);

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_AbandonRateOverWarning_RaisesWarning()
    {
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(abandonRate: 0.10); // 10 % ≥ 8 %, < 15 %

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        var alert = Assert.Single(alerts);
        Assert.Equal(
            ("queue:sales:abandon-rate", AlertSeverity.Warning, 0.08, "Abandon rate 10% over the last 30 minutes, over 8%"),
            (alert.Id, alert.Severity, alert.Threshold, Line(alert)));
    }

    [Fact]
    public void Evaluate_AbandonRateOverFiveContactsCountingFlowOuts_RaisesCritical()
    {
        // 2 answered, 1 abandoned, 2 flowed out: 1 ÷ 5 = 20 % over five contacts, all five in the rate's
        // denominator (KPI.md), so enough to judge — as the tile judges it.
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(abandonRate: 0.20, contacts: 2);
        queue = queue with { Last30m = queue.Last30m with { Abandoned = 1, FlowedOut = 2 } };

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        var alert = Assert.Single(alerts);
        Assert.Equal(("queue:sales:abandon-rate", AlertSeverity.Critical), (alert.Id, alert.Severity));
    }

    [Fact]
    public void Evaluate_NoAgentWarningAtZeroWithAgentAvailable_NotRaised()
    {
        // A warning level of 0 is allowed; the rule still only watches contacts waiting while no agent is available.
        var engine = new AlertEngine(new AlertLevels { WaitingWithNoAgent = new() { Warning = 0, Critical = 5 } });
        var queue = Queue(waiting: 0, available: 2);

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_AbandonRateWithTooFewContacts_NotRaised()
    {
        var engine = new AlertEngine(new AlertLevels());
        var queue = Queue(abandonRate: 0.5, contacts: 4);

        Evaluate(engine, queue, T0);
        var alerts = Evaluate(engine, queue, T0.AddSeconds(10));

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_WrapUpTooLong_RaisesAgentWarning()
    {
        var engine = new AlertEngine(new AlertLevels());
        var agent = Agent(AgentState.WrapUp, T0.AddSeconds(-120)); // 120 s ≥ 120 s at T0

        Evaluate(engine, agent, T0);
        var alerts = Evaluate(engine, agent, T0.AddSeconds(10)); // 130 s

        var alert = Assert.Single(alerts);
        Assert.Equal(
            ("agent:a1:wrap-up-too-long", AlertScope.Agent, "Ann Lee", AlertSeverity.Warning, "In wrap-up for 2:10, over 2:00"),
            (alert.Id, alert.Scope, alert.SubjectName, alert.Severity, Line(alert)));
    }

    [Fact]
    public void Evaluate_WrapUpUnderWarning_NoAlert()
    {
        var engine = new AlertEngine(new AlertLevels());
        var agent = Agent(AgentState.WrapUp, T0.AddSeconds(-100));

        Evaluate(engine, agent, T0);
        var alerts = Evaluate(engine, agent, T0.AddSeconds(10)); // 110 s < 120 s

        Assert.Empty(alerts);
    }

    [Fact]
    public void Evaluate_NotReadyTooLong_RaisesWithReason()
    {
        var engine = new AlertEngine(new AlertLevels());
        var agent = Agent(AgentState.NotReady, T0.AddSeconds(-900), reason: "lunch"); // 15:00 at T0

        Evaluate(engine, agent, T0);
        var alerts = Evaluate(engine, agent, T0.AddSeconds(10)); // 910 s = 15:10

        var alert = Assert.Single(alerts);
        Assert.Equal(
            ("agent:a1:not-ready-too-long", 910.0, 900.0, "Not ready (lunch) for 15:10, over 15:00"),
            (alert.Id, alert.Value, alert.Threshold, Line(alert)));
    }

    [Fact]
    public void Evaluate_CallTooLong_MeasuredFromCallStart()
    {
        var engine = new AlertEngine(new AlertLevels());
        // On hold/resume changes do not restart the call: state since 1 minute ago, call since 10 minutes ago.
        var agent = Agent(AgentState.OnCall, T0.AddSeconds(-60), callSince: T0.AddSeconds(-600));

        Evaluate(engine, agent, T0);
        var alerts = Evaluate(engine, agent, T0.AddSeconds(10)); // 610 s = 10:10

        var alert = Assert.Single(alerts);
        Assert.Equal(
            ("agent:a1:call-too-long", 610.0, "On one call for 10:10, over 10:00"),
            (alert.Id, alert.Value, Line(alert)));
    }

    [Fact]
    public void Evaluate_AgentLeavesWatchedState_ClearsAtOnce()
    {
        var engine = new AlertEngine(new AlertLevels());
        var wrapUp = Agent(AgentState.WrapUp, T0.AddSeconds(-130));
        Evaluate(engine, wrapUp, T0);
        Evaluate(engine, wrapUp, T0.AddSeconds(10));

        var alerts = Evaluate(engine, Agent(AgentState.Available, T0.AddSeconds(11)), T0.AddSeconds(11));

        Assert.Equal(T0.AddSeconds(11), Assert.Single(alerts).ClearedAt);
    }

    [Fact]
    public void Evaluate_SeveralAlerts_CriticalFirstThenOldestFirst()
    {
        var engine = new AlertEngine(new AlertLevels());
        var early = Agent(AgentState.WrapUp, T0.AddSeconds(-200), id: "early"); // warning (≥ 120 s)
        var worst = Agent(AgentState.WrapUp, T0.AddSeconds(-400), id: "worst"); // critical (≥ 300 s)
        engine.Evaluate([], [early], T0);
        engine.Evaluate([], [early], T0.AddSeconds(10)); // "early" raised at T0+10
        engine.Evaluate([], [early, worst], T0.AddSeconds(11));
        var late = Agent(AgentState.WrapUp, T0.AddSeconds(-200), id: "late");
        engine.Evaluate([], [early, worst, late], T0.AddSeconds(12));

        var alerts = engine.Evaluate([], [early, worst, late], T0.AddSeconds(22)); // "worst" and "late" raised at T0+22

        Assert.Equal(["agent:worst:wrap-up-too-long", "agent:early:wrap-up-too-long", "agent:late:wrap-up-too-long"],
            alerts.Select(alert => alert.Id));
    }
}
