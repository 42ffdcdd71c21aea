using Dashboard.Grains.Agents;

namespace Dashboard.Tests.Agents;

public class AgentTimelineTests
{
    private const string Me = "a1";
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    /// <summary>The center's day start: 2026-03-02 00:00 at +08:00.</summary>
    private static readonly DateTimeOffset DayStart = new(2026, 3, 2, 0, 0, 0, Offset);

    /// <summary>A time of day on 2026-03-02 (+08:00); negative hours reach back into the day before.</summary>
    private static DateTimeOffset H(int hour, int minute, int second = 0) =>
        DayStart.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    private static int nextId;

    private static CenterEvent Login(DateTimeOffset at) => Own(EventType.AgentLogin, at);

    private static CenterEvent Logout(DateTimeOffset at) => Own(EventType.AgentLogout, at);

    private static CenterEvent State(DateTimeOffset at, AgentState state, string? reason = null) =>
        Own(EventType.AgentState, at) with { State = state, Reason = reason };

    private static CenterEvent Survey(DateTimeOffset at, int score) => Own(EventType.SurveyCompleted, at) with { Score = score };

    private static CenterEvent Own(EventType type, DateTimeOffset at) => new()
    {
        Id = "ev" + Interlocked.Increment(ref nextId),
        Type = type,
        At = at,
        AgentId = Me,
    };

    private static AgentCallFact CallFact(
        string callId, string? queue = "sales", DateTimeOffset? offered = null, DateTimeOffset? ringEnded = null,
        DateTimeOffset? answered = null, DateTimeOffset? ended = null, long version = 1, HoldSpan[]? holds = null,
        bool removed = false) =>
        new(Me, callId, version, queue, Channel.Voice, offered, ringEnded, answered, [.. holds ?? []], ended, removed);

    private static ComplaintFact Complaint(string id, long version, string? agent, ComplaintStatus status) =>
        new(id, version, "sales", agent, ComplaintSeverity.Normal, status, H(8, 0), null);

    private static AgentTimeline WithWrapUp() => new(_ => true);

    private static AgentTimeline WithoutWrapUp() => new(_ => false);

    /// <summary>AgentToday holds an ImmutableDictionary, which records compare by reference: flatten it.</summary>
    private static string Describe(AgentToday today) =>
        (today with { NotReadyByReason = ImmutableDictionary<string, double>.Empty }) + " reasons="
        + string.Join(",", today.NotReadyByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"));

    [Fact]
    public void Current_NoEvents_Offline()
    {
        var timeline = WithWrapUp();

        Assert.Equal(AgentNow.Offline, timeline.Current);
    }

    [Fact]
    public void Current_LoggedIn_AvailableSinceLogin()
    {
        var timeline = WithWrapUp();

        timeline.Apply(Login(H(9, 0)));

        Assert.Equal(new AgentNow(AgentState.Available, null, H(9, 0), null, null, false), timeline.Current);
    }

    [Fact]
    public void Current_Offered_RingingWithCallSinceOffer()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", offered: H(9, 10)));

        Assert.Equal(new AgentNow(AgentState.Ringing, null, H(9, 10), "c1", H(9, 10), false), timeline.Current);
    }

    [Fact]
    public void Current_OnHold_SinceIsAnswerTimeUnaffectedByHold()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5), holds: [new HoldSpan(H(9, 12), null)]));

        Assert.Equal(new AgentNow(AgentState.OnCall, null, H(9, 10, 5), "c1", H(9, 10, 5), true), timeline.Current);
    }

    [Fact]
    public void Current_CallEndedWithWrapUp_WrapUpSinceEnd()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20)));

        Assert.Equal(new AgentNow(AgentState.WrapUp, null, H(9, 20), null, null, false), timeline.Current);
    }

    [Fact]
    public void Current_AgentStateAfterCall_EndsWrapUp()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20)));

        timeline.Apply(State(H(9, 25), AgentState.NotReady, "break"));

        Assert.Equal(new AgentNow(AgentState.NotReady, "break", H(9, 25), null, null, false), timeline.Current);
    }

    [Fact]
    public void Handled_WrapUpEndedByAgentState_CompletesAtThatState()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20)));

        timeline.Apply(State(H(9, 25), AgentState.Available));

        // talk 9:10–9:20 = 600 s; wrap-up 9:20–9:25 = 300 s, completed at 9:25.
        Assert.Equal([new HandledContact("sales", "c1", Me, 0, 600, 0, 300, H(9, 25))], timeline.Handled().ToArray());
    }

    [Fact]
    public void Handled_StillInWrapUp_NotYetHandled()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20)));

        Assert.Empty(timeline.Handled());
        Assert.Equal(0, timeline.Today(DayStart, H(9, 24)).Handled);
    }

    [Fact]
    public void Today_CallWithHoldAndWrapUp_SplitsTalkHoldWrapAndAht()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20), holds: [new HoldSpan(H(9, 12), H(9, 13))]));
        timeline.Apply(State(H(9, 22), AgentState.Available));

        var today = timeline.Today(DayStart, H(10, 0));

        // talk: 9:10–9:12 (120) + 9:13–9:20 (420) = 540; hold 9:12–9:13 = 60; wrap 9:20–9:22 = 120
        // available: 9:00–9:10 (600) + 9:22–10:00 (2280) = 2880
        // AHT = 540 + 60 + 120 = 720; occupancy = 720 / (720 + 2880) = 0.2
        Assert.Equal(540, today.TalkSeconds);
        Assert.Equal(60, today.HoldSeconds);
        Assert.Equal(120, today.WrapUpSeconds);
        Assert.Equal(2880, today.AvailableSeconds);
        Assert.Equal(1, today.Handled);
        Assert.Equal(720, today.AhtSeconds);
        Assert.Equal(0.2, today.Occupancy!.Value, 10);
    }

    [Fact]
    public void Today_WrapUpOff_AvailableRightAfterCall()
    {
        var timeline = WithoutWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20)));

        var today = timeline.Today(DayStart, H(9, 30));
        // available 9:00–9:10 (600) + 9:20–9:30 (600) = 1200; talk 600; no wrap-up; handled at 9:20.
        Assert.Equal(new AgentNow(AgentState.Available, null, H(9, 20), null, null, false), timeline.Current);
        Assert.Equal(1200, today.AvailableSeconds);
        Assert.Equal(0, today.WrapUpSeconds);
        Assert.Equal(1, today.Handled);
        Assert.Equal(600, today.AhtSeconds);
    }

    [Fact]
    public void Today_WrapUpPerQueue_FuncDecidesByQueue()
    {
        var timeline = new AgentTimeline(queue => queue == "sales");
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", queue: "sales", answered: H(9, 0), ended: H(9, 5)));
        timeline.Apply(CallFact("c2", queue: "support", answered: H(9, 10), ended: H(9, 15)));

        // c1 (sales) wraps up 9:05 until c2 is answered at 9:10: 300 s; c2 (support) has none, so the agent
        // is available from 9:15.
        Assert.Equal(300, timeline.Today(DayStart, H(9, 20)).WrapUpSeconds);
        Assert.Equal(new AgentNow(AgentState.Available, null, H(9, 15), null, null, false), timeline.Current);
    }

    [Fact]
    public void Today_StateBeganYesterday_SplitAtDayStart()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(-1, 0)));                                    // 23:00 yesterday
        timeline.Apply(State(H(-1, 30), AgentState.NotReady, "break"));      // 23:30 yesterday
        timeline.Apply(State(H(0, 15), AgentState.Available));

        var today = timeline.Today(DayStart, H(1, 0));

        // not ready: only 00:00–00:15 today = 900 (the 30 minutes before midnight are yesterday's)
        // available: 00:15–01:00 = 2700 (23:00–23:30 is yesterday's)
        Assert.Equal(900, today.NotReadySeconds);
        Assert.Equal(2700, today.AvailableSeconds);
    }

    [Fact]
    public void Today_NotReadyReasons_TotalledPerReason()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(State(H(9, 0), AgentState.NotReady, "break"));       // same instant: login first, then state
        timeline.Apply(State(H(9, 15), AgentState.Available));
        timeline.Apply(State(H(12, 0), AgentState.NotReady, "lunch"));
        timeline.Apply(State(H(13, 0), AgentState.NotReady));
        timeline.Apply(State(H(13, 10), AgentState.Available));

        var today = timeline.Today(DayStart, H(14, 0));

        // break 9:00–9:15 = 900; lunch 12:00–13:00 = 3600; no reason 13:00–13:10 = 600; total 5100
        Assert.Equal(5100, today.NotReadySeconds);
        Assert.Equal(
            new Dictionary<string, double> { ["break"] = 900, ["lunch"] = 3600, [""] = 600 }.OrderBy(kv => kv.Key),
            today.NotReadyByReason.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Today_RingingAndNotReady_OutsideOccupancy()
    {
        var timeline = WithoutWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 30), ended: H(9, 20, 30)));
        timeline.Apply(State(H(9, 30), AgentState.NotReady, "break"));

        var today = timeline.Today(DayStart, H(10, 0));

        // available 9:00–9:10 (600) + 9:20:30–9:30 (570) = 1170; ringing 30 s and not-ready 1800 s count in neither
        // occupancy = talk 600 / (600 + 1170)
        Assert.Equal(1170, today.AvailableSeconds);
        Assert.Equal(600.0 / 1770.0, today.Occupancy!.Value, 10);
    }

    [Fact]
    public void Today_OnlyNotReady_OccupancyNull()
    {
        var timeline = WithWrapUp();
        timeline.Apply(State(H(9, 0), AgentState.NotReady, "training"));

        var today = timeline.Today(DayStart, H(10, 0));

        Assert.Null(today.Occupancy);
        Assert.Null(today.AhtSeconds);
    }

    [Fact]
    public void Today_RingNotAnswered_MissedAndBackToAvailable()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", offered: H(9, 10), ringEnded: H(9, 10, 20)));

        Assert.Equal(1, timeline.Today(DayStart, H(9, 30)).Missed);
        Assert.Equal(new AgentNow(AgentState.Available, null, H(9, 10, 20), null, null, false), timeline.Current);
    }

    [Fact]
    public void Current_RingNotAnsweredWhileNotReady_BackToNotReadyWithReason()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(State(H(9, 5), AgentState.NotReady, "callback"));

        timeline.Apply(CallFact("c1", offered: H(9, 10), ringEnded: H(9, 10, 20)));

        Assert.Equal(new AgentNow(AgentState.NotReady, "callback", H(9, 10, 20), null, null, false), timeline.Current);
    }

    [Fact]
    public void Handled_DirectCall_CountedTodayButNotForAnyQueue()
    {
        var timeline = WithoutWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(CallFact("c1", queue: null, answered: H(9, 10), ended: H(9, 12)));

        var today = timeline.Today(DayStart, H(9, 30));
        Assert.Equal(1, today.Handled);
        Assert.Equal(120, today.AhtSeconds);
        Assert.Empty(timeline.Handled());
    }

    [Fact]
    public void Handled_CompletedYesterday_NotHandledToday()
    {
        var timeline = WithoutWrapUp();
        timeline.Apply(Login(H(-2, 0)));

        timeline.Apply(CallFact("c1", answered: H(-1, 0), ended: H(-1, 10)));

        Assert.Equal(0, timeline.Today(DayStart, H(9, 0)).Handled);
        Assert.Single(timeline.Handled());
    }

    [Fact]
    public void Today_Surveys_CsatFromTodaysScoresOnly()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Survey(H(-1, 10), 1));   // yesterday: not counted
        timeline.Apply(Survey(H(9, 0), 5));
        timeline.Apply(Survey(H(10, 0), 4));
        timeline.Apply(Survey(H(11, 0), 2));

        var csat = timeline.Today(DayStart, H(12, 0)).Csat;

        // mean (5 + 4 + 2) / 3 = 11/3; top two box: 2 of 3 are 4–5
        Assert.NotNull(csat);
        Assert.Equal(3, csat.Responses);
        Assert.Equal(11.0 / 3.0, csat.Mean, 10);
        Assert.Equal(2.0 / 3.0, csat.TopTwoBox, 10);
    }

    [Fact]
    public void Today_NoSurveys_CsatNull()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        Assert.Null(timeline.Today(DayStart, H(10, 0)).Csat);
    }

    [Fact]
    public void Today_ComplaintResolvedByLaterFact_NoLongerOpen()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(Complaint("k1", 1, Me, ComplaintStatus.Open));
        timeline.Apply(Complaint("k2", 1, Me, ComplaintStatus.InProgress));
        timeline.Apply(Complaint("k3", 1, "a2", ComplaintStatus.Open));       // moved to another agent

        timeline.Apply(Complaint("k1", 2, Me, ComplaintStatus.Resolved));

        // k1 resolved, k3 not ours: only k2 is open
        Assert.Equal(1, timeline.Today(DayStart, H(10, 0)).ComplaintsOpen);
    }

    [Fact]
    public void Today_OlderComplaintFactAfterNewer_Ignored()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(Complaint("k1", 2, Me, ComplaintStatus.Closed));

        timeline.Apply(Complaint("k1", 1, Me, ComplaintStatus.Open));

        Assert.Equal(0, timeline.Today(DayStart, H(10, 0)).ComplaintsOpen);
    }

    [Fact]
    public void Apply_OlderCallFactVersion_Ignored()
    {
        var timeline = WithoutWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", answered: H(9, 10), ended: H(9, 20), version: 2));

        timeline.Apply(CallFact("c1", answered: H(9, 10), version: 1));

        Assert.Equal(new AgentNow(AgentState.Available, null, H(9, 20), null, null, false), timeline.Current);
    }

    [Fact]
    public void Apply_RemovedCallFact_DeletesTheCall()
    {
        var timeline = WithoutWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", answered: H(9, 10), version: 1));

        timeline.Apply(CallFact("c1", version: 2, removed: true));

        // as if the call never happened: available since login, no talk
        Assert.Equal(new AgentNow(AgentState.Available, null, H(9, 0), null, null, false), timeline.Current);
        Assert.Equal(0, timeline.Today(DayStart, H(9, 30)).TalkSeconds);
    }

    [Fact]
    public void Current_Logout_Offline()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(Logout(H(17, 0)));

        var today = timeline.Today(DayStart, H(18, 0));
        // available 9:00–17:00 = 28800; the offline hour counts nowhere
        Assert.Equal(new AgentNow(AgentState.Offline, null, H(17, 0), null, null, false), timeline.Current);
        Assert.Equal(28800, today.AvailableSeconds);
    }

    [Fact]
    public void Current_AnsweredWithoutLogin_OnCall()
    {
        var timeline = WithWrapUp();

        timeline.Apply(CallFact("c1", answered: H(9, 10)));

        Assert.Equal(new AgentNow(AgentState.OnCall, null, H(9, 10), "c1", H(9, 10), false), timeline.Current);
    }

    /// <summary>A day: yesterday's tail, calls with holds and wrap-up, a miss, breaks, versions, surveys.</summary>
    private static List<object> Day() =>
    [
        Login(H(-1, 0)),
        State(H(-1, 30), AgentState.NotReady, "break"),
        State(H(0, 15), AgentState.Available),
        CallFact("c1", offered: H(8, 0), version: 1),
        CallFact("c1", offered: H(8, 0), answered: H(8, 0, 10), version: 2),
        CallFact("c1", offered: H(8, 0), answered: H(8, 0, 10), ended: H(8, 5), version: 3,
            holds: [new HoldSpan(H(8, 1), H(8, 2))]),
        State(H(8, 7), AgentState.Available),
        CallFact("c2", offered: H(8, 10), ringEnded: H(8, 10, 15)),
        CallFact("c3", queue: null, answered: H(8, 20), ended: H(8, 30)),
        CallFact("c4", offered: H(8, 30), answered: H(8, 30), ended: H(8, 40), holds: [new HoldSpan(H(8, 35), H(8, 35))]),
        State(H(8, 45), AgentState.NotReady, "lunch"),
        Survey(H(8, 50), 4),
        CallFact("c5", offered: H(9, 0), ringEnded: H(9, 0)),
        State(H(9, 30), AgentState.Available),
        CallFact("c6", answered: H(9, 40), holds: [new HoldSpan(H(9, 50), null)]),
    ];

    private static void ApplyAll(AgentTimeline timeline, IEnumerable<object> items)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case CenterEvent e: timeline.Apply(e); break;
                case AgentCallFact f: timeline.Apply(f); break;
                case ComplaintFact c: timeline.Apply(c); break;
            }
        }
    }

    private static string DescribeAll(AgentTimeline timeline, DateTimeOffset now) =>
        timeline.Current + "\n" + Describe(timeline.Today(DayStart, now)) + "\n" + string.Join("\n", timeline.Handled());

    [Fact]
    public void Today_DayInOrder_FiguresAsWorkedOut()
    {
        var timeline = WithWrapUp();
        ApplyAll(timeline, Day());

        var today = timeline.Today(DayStart, H(10, 0));

        // available: 00:15–08:00 (27900) + 08:07–08:10 (180) + 08:10:15–08:20 (585) + 9:30–9:40 (600) = 29265
        //   (c3 direct, ends 8:30 into wrap-up; c4 is offered and answered at 8:30, so that wrap-up lasts 0 s)
        // not ready: break 00:00–00:15 (900) + lunch 08:45–09:30 (2700) = 3600 (c5 rang and missed at 9:00 at once)
        // talk: c1 8:00:10–8:01 (50) + 8:02–8:05 (180); c3 600; c4 600 (a zero hold); c6 9:40–9:50 (600) = 2030
        // hold: c1 60 + c6 9:50–10:00 (600) = 660
        // wrap-up: c1 8:05–8:07 (120), c3 0, c4 8:40–8:45 (300) = 420
        // handled: c1 (230+60+120 = 410), c3 (600), c4 (600+300 = 900): AHT = 1910 / 3
        // missed: c2, c5
        Assert.Equal(29265, today.AvailableSeconds);
        Assert.Equal(3600, today.NotReadySeconds);
        Assert.Equal(2030, today.TalkSeconds);
        Assert.Equal(660, today.HoldSeconds);
        Assert.Equal(420, today.WrapUpSeconds);
        Assert.Equal(3, today.Handled);
        Assert.Equal(1910.0 / 3.0, today.AhtSeconds!.Value, 10);
        Assert.Equal(2, today.Missed);
        Assert.Equal(new AgentNow(AgentState.OnCall, null, H(9, 40), "c6", H(9, 40), true), timeline.Current);
    }

    [Fact]
    public void Apply_ShuffledArrival_EqualsInOrderResult()
    {
        var inOrder = WithWrapUp();
        ApplyAll(inOrder, Day());
        var expected = DescribeAll(inOrder, H(10, 0));
        var random = new Random(20260302);

        for (var round = 0; round < 100; round++)
        {
            var shuffled = WithWrapUp();
            ApplyAll(shuffled, Day().OrderBy(_ => random.Next()));
            Assert.Equal(expected, DescribeAll(shuffled, H(10, 0)));
        }
    }

    [Fact]
    public void Today_AskedRepeatedlyAsTheDayGoesOn_SameAsAskedOnce()
    {
        var asked = WithWrapUp();
        var fresh = WithWrapUp();
        var day = Day();
        ApplyAll(fresh, day);

        // ask between arrivals, with now moving forwards, then backwards, then another day start
        foreach (var item in day)
        {
            ApplyAll(asked, [item]);
            asked.Today(DayStart, H(9, 0));
        }
        asked.Today(DayStart, H(10, 0));
        asked.Today(DayStart.AddHours(-24), H(10, 0));

        Assert.Equal(Describe(fresh.Today(DayStart, H(9, 45))), Describe(asked.Today(DayStart, H(9, 45))));
    }

    [Fact]
    public void Forget_BeforeDayStart_KeepsCurrentAndTodayUnchanged()
    {
        var timeline = WithWrapUp();
        ApplyAll(timeline, Day());
        var expected = DescribeAll(timeline, H(10, 0));

        timeline.Forget(DayStart, DayStart);

        Assert.Equal(expected, DescribeAll(timeline, H(10, 0)));
    }

    [Fact]
    public void Forget_MidCall_LaterFiguresEqualTimelineThatForgotNothing()
    {
        var kept = WithWrapUp();
        var forgetful = WithWrapUp();
        ApplyAll(kept, Day());
        ApplyAll(forgetful, Day());

        // 9:45 is inside c6's talk (answered 9:40, held from 9:50); the call then ends and wrap-up runs.
        forgetful.Forget(H(9, 45), DayStart);
        List<object> later =
        [
            CallFact("c6", answered: H(9, 40), ended: H(10, 0), version: 2, holds: [new HoldSpan(H(9, 50), H(9, 55))]),
            State(H(10, 5), AgentState.Available),
        ];
        ApplyAll(kept, later);
        ApplyAll(forgetful, later);

        // the window from 9:45: talk 9:45–9:50 (300) + 9:55–10:00 (300); hold 300; wrap 10:00–10:05 (300);
        // c6 handled: 20 min talk+hold from the fact (900 + 300) + wrap 300 = 1500
        var window = forgetful.Today(H(9, 45), H(10, 10));
        Assert.Equal(Describe(kept.Today(H(9, 45), H(10, 10))), Describe(window));
        Assert.Equal(600, window.TalkSeconds);
        Assert.Equal(1500, window.AhtSeconds);
        Assert.Equal(kept.Current, forgetful.Current);
    }

    [Fact]
    public void Forget_StepByStepThroughTheDay_TodayAndCurrentEqualTimelineThatForgotNothing()
    {
        var kept = WithWrapUp();
        var folding = WithWrapUp();
        ApplyAll(kept, Day());
        ApplyAll(folding, Day());

        // As the grain does: the cut moves forward through the day, mid-hold, mid-ring, mid-break and mid-call.
        foreach (var cut in new[] { H(0, 0), H(8, 1, 30), H(8, 10, 5), H(8, 25), H(8, 47), H(9, 0), H(9, 10), H(9, 45) })
        {
            folding.Forget(cut, DayStart);
            Assert.Equal(Describe(kept.Today(DayStart, H(10, 0))), Describe(folding.Today(DayStart, H(10, 0))));
            Assert.Equal(kept.Current, folding.Current);
        }
        // the detail really went: c1 (completed 8:07) is no longer held, only folded
        Assert.Contains(kept.Handled(), h => h.CallId == "c1");
        Assert.DoesNotContain(folding.Handled(), h => h.CallId == "c1");

        // Later input walks on from what is held and still agrees.
        List<object> later =
        [
            CallFact("c6", answered: H(9, 40), ended: H(10, 0), version: 2, holds: [new HoldSpan(H(9, 50), H(9, 55))]),
            State(H(10, 5), AgentState.Available),
            Survey(H(10, 6), 2),
        ];
        ApplyAll(kept, later);
        ApplyAll(folding, later);
        Assert.Equal(Describe(kept.Today(DayStart, H(10, 10))), Describe(folding.Today(DayStart, H(10, 10))));
    }

    [Fact]
    public void Forget_InputOlderThanTheCut_IsLateAndChangesNothing()
    {
        var timeline = WithWrapUp();
        ApplyAll(timeline, Day());
        timeline.Forget(H(9, 10), DayStart);
        var before = DescribeAll(timeline, H(10, 0));

        // a repeat of c4's last fact (folded), a new state and a survey from before the cut
        Assert.False(timeline.Apply(CallFact("c4", offered: H(8, 30), answered: H(8, 30), ended: H(8, 40),
            holds: [new HoldSpan(H(8, 35), H(8, 35))])));
        Assert.False(timeline.Apply(State(H(9, 5), AgentState.NotReady, "meeting")));
        Assert.False(timeline.Apply(Survey(H(9, 5), 5)));

        Assert.Equal(H(9, 10), timeline.HeldFrom);
        Assert.Equal(before, DescribeAll(timeline, H(10, 0)));
    }

    [Fact]
    public void Forget_ForOneDay_FoldedFiguresDoNotCountForTheNextDay()
    {
        var timeline = WithWrapUp();
        ApplyAll(timeline, Day());
        timeline.Forget(H(9, 10), DayStart);

        // the next day starts at 9:20 in this test: only what happened from then on counts
        var fresh = WithWrapUp();
        ApplyAll(fresh, Day());
        Assert.Equal(Describe(fresh.Today(H(9, 20), H(10, 0))), Describe(timeline.Today(H(9, 20), H(10, 0))));
    }

    [Theory]
    [InlineData(AgentState.Available, AgentState.NotReady)]
    [InlineData(AgentState.NotReady, AgentState.Available)]
    public void Current_TwoStatesInOneInstant_TheSourcesOrderDecides(AgentState first, AgentState last)
    {
        // queue_log writes whole seconds: an UNPAUSE and a PAUSE (or the other way round) in one second.
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));

        timeline.Apply(State(H(9, 5), last, "lunch") with { Seq = 2 });
        timeline.Apply(State(H(9, 5), first, "lunch") with { Seq = 1 });

        Assert.Equal(last, timeline.Current.State);
    }

    [Theory]
    [InlineData(true)]  // logout then login in the file: a member moved from one queue to another
    [InlineData(false)] // login then logout: the member left
    public void Current_LogoutAndLoginInOneInstant_TheSourcesOrderDecides(bool logoutFirst)
    {
        // queue_log: REMOVEMEMBER of the last queue and ADDMEMBER of another in the same whole second.
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)) with { Seq = 1 });

        timeline.Apply(Logout(H(9, 5)) with { Seq = logoutFirst ? 2 : 3 });
        timeline.Apply(Login(H(9, 5)) with { Seq = logoutFirst ? 3 : 2 });

        Assert.Equal(logoutFirst ? AgentState.Available : AgentState.Offline, timeline.Current.State);
    }

    [Fact]
    public void Handled_LogoutDuringACallWhoseEndNeverCame_HandlingEndsAtTheLogout()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5)));
        timeline.Apply(Logout(H(9, 14, 5))); // the source lost c1's call.ended

        var handled = Assert.Single(timeline.Handled());
        var (_, calls) = timeline.History(DayStart, H(10, 0));
        var today = timeline.Today(DayStart, H(10, 0));

        Assert.Equal(("c1", 240.0, 0.0, H(9, 14, 5)), (handled.CallId, handled.TalkSeconds, handled.WrapUpSeconds, handled.CompletedAt));
        Assert.Equal("c1", Assert.Single(calls).Fact.CallId);
        Assert.Equal((1, 240.0), (today.Handled, today.AhtSeconds));
        Assert.Equal(AgentState.Offline, timeline.Current.State);
    }

    [Fact]
    public void Handled_CallEndedArrivesAfterTheLogout_TheLogoutStaysFinal()
    {
        // The handling may already be in history with the logout's figures: a later call.ended must not move it.
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5)));
        timeline.Apply(Logout(H(9, 14, 5)));
        var (_, before) = timeline.History(DayStart, H(9, 30));
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5), ended: H(9, 20, 5), version: 2));

        var handled = Assert.Single(timeline.Handled());
        var (_, after) = timeline.History(H(9, 30), H(10, 0));

        Assert.Equal((240.0, H(9, 14, 5)), (handled.TalkSeconds, handled.CompletedAt));
        Assert.Single(before);
        Assert.Empty(after); // not handed to history a second time
    }

    [Fact]
    public void Handled_CallEndedArrivesAfterTheLogoutWasFolded_NotCountedAgain()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5)));
        timeline.Apply(Logout(H(9, 14, 5)));
        timeline.Apply(Login(H(9, 20)));
        timeline.Forget(H(9, 18), DayStart);

        var accepted = timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5), ended: H(9, 25), version: 2));

        Assert.True(accepted); // not late: it belongs to a handling already counted
        Assert.Empty(timeline.Handled());
        Assert.Equal((1, 240.0), (timeline.Today(DayStart, H(10, 0)).Handled, timeline.Today(DayStart, H(10, 0)).AhtSeconds));
    }

    [Fact]
    public void EndUnheardCalls_AnsweredCallSilentPastTheWindow_EndsWhereLastHeardOfOnceAndFinally()
    {
        var timeline = WithWrapUp();
        timeline.Apply(Login(H(9, 0)));
        var held = new[] { new HoldSpan(H(9, 12), H(9, 13)) };
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5), holds: held)); // call.ended lost

        var early = timeline.EndUnheardCalls(H(9, 13)); // nothing before the last thing heard: not yet
        var ended = timeline.EndUnheardCalls(H(11, 13, 1));
        var again = timeline.EndUnheardCalls(H(12, 0));
        timeline.Apply(CallFact("c1", offered: H(9, 10), answered: H(9, 10, 5), holds: held, ended: H(11, 30), version: 2));

        Assert.Empty(early);
        var call = Assert.Single(ended);
        Assert.Equal(("c1", 115.0, 60.0, 0.0, H(9, 13)), (call.Fact.CallId, call.Talk, call.Hold, call.WrapUp, call.CompletedAt));
        Assert.Empty(again);
        var handled = Assert.Single(timeline.Handled()); // the late call.ended moved nothing
        Assert.Equal((115.0, H(9, 13)), (handled.TalkSeconds, handled.CompletedAt));
        Assert.NotEqual(AgentState.OnCall, timeline.Current.State);
    }
}
