using Dashboard.Grains.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Queues;

public class QueueLedgerTests
{
    // Tuesday 10 March 2026, noon UTC; the default clock's day starts at 00:00 UTC.
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static QueueLedger NewLedger(QueueSettings? settings = null, CenterClock? clock = null) =>
        new(settings ?? QueueSettings.Default,
            clock ?? new CenterClock(new FakeTimeProvider(Noon), TimeZoneInfo.Utc, new TimeOnly(0, 0)));

    private static QueueVisit Waiting(string callId, DateTimeOffset enqueuedAt) =>
        new("q1", callId, Channel.Voice, 0, enqueuedAt, null, null, null);

    private static QueueVisit Left(string callId, DateTimeOffset enqueuedAt, double waitSeconds, QueueExit exit) =>
        new("q1", callId, Channel.Voice, 0, enqueuedAt, enqueuedAt.AddSeconds(waitSeconds), exit,
            exit == QueueExit.Answered ? "a1" : null);

    private static QueueVisitUpdate Update(string callId, long version, params QueueVisit[] visits) =>
        new("q1", callId, version, [.. visits]);

    private static HandledContact Handled(
        string callId, long version, double talk, double hold, double wrapUp, DateTimeOffset completedAt, bool removed = false) =>
        new("q1", callId, "a1", version, talk, hold, wrapUp, completedAt, removed);

    private static ComplaintFact Complaint(string id, long version, ComplaintStatus status) =>
        new(id, version, "q1", "a1", ComplaintSeverity.Normal, status, Noon, null);

    [Fact]
    public void Apply_AnsweredVisit_CountsOfferedAnsweredAndWait()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 12, QueueExit.Answered)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 1, 1), (today.Offered, today.Answered, today.AnsweredWithinThreshold));
        Assert.Equal(12.0, today.AsaSeconds); // one wait of 12 s / 1 answered
    }

    [Fact]
    public void Apply_AnsweredAtExactlyThreshold_CountsWithinThreshold()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 20, QueueExit.Answered)));

        // wait 20 s ≤ threshold 20 s
        Assert.Equal(1, ledger.Today(Noon.AddMinutes(1)).AnsweredWithinThreshold);
    }

    [Fact]
    public void Apply_AnsweredJustOverThreshold_NotWithinThreshold()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 20.5, QueueExit.Answered)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 0), (today.Answered, today.AnsweredWithinThreshold));
        Assert.Equal(0.0, today.ServiceLevel); // 0 within / (1 answered + 0 − 0)
    }

    [Fact]
    public void Apply_AbandonedAtExactlyShortAbandonSeconds_NotShortAbandon()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 5, QueueExit.Abandoned)));

        // wait 5 s is not < 5 s; it is ≤ 20 s, so abandoned within threshold
        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 0, 1), (today.Abandoned, today.ShortAbandoned, today.AbandonedWithinThreshold));
    }

    [Fact]
    public void Apply_AbandonedBeforeShortAbandonSeconds_IsShortAbandonAndLeavesRatiosNull()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 4.9, QueueExit.Abandoned)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 1), (today.Abandoned, today.ShortAbandoned));
        // service level 0 / (0 + 1 − 1), abandon rate (1 − 1) / (0 + 1 − 1 + 0): both denominators 0
        Assert.Null(today.ServiceLevel);
        Assert.Null(today.AbandonRate);
    }

    [Fact]
    public void Apply_AbandonedAfterThreshold_CountsInAbandonRate()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 10, QueueExit.Answered)));
        ledger.Apply(Update("c2", 1, Left("c2", Noon, 10, QueueExit.Answered)));
        ledger.Apply(Update("c3", 1, Left("c3", Noon, 10, QueueExit.Answered)));

        ledger.Apply(Update("c4", 1, Left("c4", Noon, 45, QueueExit.Abandoned)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 0, 0), (today.Abandoned, today.ShortAbandoned, today.AbandonedWithinThreshold));
        Assert.Equal(0.25, today.AbandonRate); // (1 − 0) / (3 + 1 − 0 + 0)
        Assert.Equal(0.75, today.ServiceLevel); // 3 / (3 + 1 − 0)
    }

    [Fact]
    public void Apply_FlowedOutVisit_CountsFlowOutNotAnswered()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 30, QueueExit.FlowedOut)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 0, 0, 1), (today.Offered, today.Answered, today.Abandoned, today.FlowedOut));
    }

    [Fact]
    public void Today_IncludeFlowOutsSetting_AddsFlowOutsToServiceLevel()
    {
        var ledger = NewLedger(QueueSettings.Default with { IncludeFlowOuts = true });
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 10, QueueExit.Answered)));

        ledger.Apply(Update("c2", 1, Left("c2", Noon, 30, QueueExit.FlowedOut)));

        Assert.Equal(0.5, ledger.Today(Noon.AddMinutes(1)).ServiceLevel); // 1 / (1 + 0 − 0 + 1)
    }

    [Fact]
    public void Today_AnsweredOnlySetting_IgnoresAbandons()
    {
        var ledger = NewLedger(QueueSettings.Default with { ServiceLevelFormula = ServiceLevelFormula.AnsweredOnly });
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 10, QueueExit.Answered)));

        ledger.Apply(Update("c2", 1, Left("c2", Noon, 60, QueueExit.Abandoned)));

        Assert.Equal(1.0, ledger.Today(Noon.AddMinutes(1)).ServiceLevel); // 1 within / 1 answered
    }

    [Fact]
    public void Apply_TwoVisitsOfOneCall_CountsEach()
    {
        var ledger = NewLedger();

        // Transferred out, then back into the same queue and answered.
        ledger.Apply(Update("c1", 1,
            Left("c1", Noon, 30, QueueExit.FlowedOut),
            Left("c1", Noon.AddMinutes(2), 8, QueueExit.Answered)));

        var today = ledger.Today(Noon.AddMinutes(5));
        Assert.Equal((2, 1, 1), (today.Offered, today.Answered, today.FlowedOut));
    }

    [Fact]
    public void Waiting_VisitNotLeft_CountsWaitingAndOffered()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Waiting("c1", Noon)));

        Assert.Equal(1, ledger.Waiting);
        Assert.Equal(Noon, ledger.OldestWaitingSince);
        Assert.Equal(1, ledger.Today(Noon.AddMinutes(1)).Offered);
    }

    [Fact]
    public void OldestWaitingSince_NobodyWaiting_IsNull()
    {
        var ledger = NewLedger();

        ledger.Apply(Update("c1", 1, Left("c1", Noon, 10, QueueExit.Answered)));

        Assert.Equal(0, ledger.Waiting);
        Assert.Null(ledger.OldestWaitingSince);
    }

    [Fact]
    public void OldestWaitingSince_OldestAnswered_MovesToNextOldest()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c2", 1, Waiting("c2", Noon.AddSeconds(10))));
        ledger.Apply(Update("c1", 1, Waiting("c1", Noon)));
        ledger.Apply(Update("c3", 1, Waiting("c3", Noon.AddSeconds(20))));

        ledger.Apply(Update("c1", 2, Left("c1", Noon, 25, QueueExit.Answered)));

        Assert.Equal(2, ledger.Waiting);
        Assert.Equal(Noon.AddSeconds(10), ledger.OldestWaitingSince);
    }

    [Fact]
    public void Apply_NewerVersion_ReplacesVisitsWithoutDoubleCounting()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Waiting("c1", Noon)));

        ledger.Apply(Update("c1", 2, Left("c1", Noon, 30, QueueExit.Answered)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 1, 0), (today.Offered, today.Answered, today.AnsweredWithinThreshold));
        Assert.Equal(0, ledger.Waiting);
    }

    [Fact]
    public void Apply_StaleVersion_Ignored()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 2, Left("c1", Noon, 30, QueueExit.Answered)));

        ledger.Apply(Update("c1", 1, Waiting("c1", Noon)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 1), (today.Offered, today.Answered));
        Assert.Equal(0, ledger.Waiting);
    }

    [Fact]
    public void Apply_NoVisits_RetractsEverythingTheCallCounted()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 3, QueueExit.Abandoned)));

        ledger.Apply(Update("c1", 2));

        Assert.Equal(WindowFigures.Empty, ledger.Today(Noon.AddMinutes(1)));
        Assert.Equal(WindowFigures.Empty, ledger.Last30Minutes(Noon.AddMinutes(1)));
    }

    [Fact]
    public void Apply_ThresholdChangedBetweenVersions_TheSameVisitKeepsItsVerdict()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 15, QueueExit.Answered))); // 15 s ≤ 20 s: within
        ledger.Settings = QueueSettings.Default with { ServiceLevelThresholdSeconds = 10 };

        // A repeat (a source re-sending) comes as a new version of the same facts: counted as judged (docs/kpis.md).
        ledger.Apply(Update("c1", 2, Left("c1", Noon, 15, QueueExit.Answered)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 1), (today.Answered, today.AnsweredWithinThreshold));
    }

    [Fact]
    public void Apply_ThresholdChangedBetweenVersions_AVisitThatChangedIsJudgedByTheNewOne()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 15, QueueExit.Answered))); // 15 s ≤ 20 s: within
        ledger.Settings = QueueSettings.Default with { ServiceLevelThresholdSeconds = 10 };

        // The answer corrected (a late event with the real time): it leaves the queue anew, under the new threshold.
        ledger.Apply(Update("c1", 2, Left("c1", Noon, 16, QueueExit.Answered)));

        // 1 within − 1 retracted + 0 = 0
        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 0), (today.Answered, today.AnsweredWithinThreshold));
    }

    [Fact]
    public void Today_OfferedYesterdayAnsweredToday_AnsweredTodayNotOffered()
    {
        var ledger = NewLedger();
        var midnight = new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);

        // Enqueued 23:59:50 on the 10th, answered 00:00:10 on the 11th (wait 20 s).
        ledger.Apply(Update("c1", 1, Left("c1", midnight.AddSeconds(-10), 20, QueueExit.Answered)));

        var today = ledger.Today(midnight.AddMinutes(1));
        Assert.Equal((0, 1, 1), (today.Offered, today.Answered, today.AnsweredWithinThreshold));
        Assert.Equal(1.0, today.ServiceLevel); // 1 / (1 + 0 − 0)
    }

    [Fact]
    public void Today_BeforeDayStart_ShowsTheDayTheContactWasOffered()
    {
        var ledger = NewLedger();
        var midnight = new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);

        ledger.Apply(Update("c1", 1, Left("c1", midnight.AddSeconds(-10), 20, QueueExit.Answered)));

        var yesterday = ledger.Today(midnight.AddSeconds(-5));
        Assert.Equal((1, 0), (yesterday.Offered, yesterday.Answered));
    }

    [Fact]
    public void Today_ShanghaiDayStartingAtSix_SplitsAtLocalSix()
    {
        // Asia/Shanghai is UTC+8 all year: 06:00 local on 11 March = 22:00 UTC on 10 March.
        var clock = new CenterClock(
            new FakeTimeProvider(Noon), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(6, 0));
        var ledger = NewLedger(clock: clock);
        var dayStart = new DateTimeOffset(2026, 3, 10, 22, 0, 0, TimeSpan.Zero);
        ledger.Apply(Update("before", 1, Left("before", dayStart.AddMinutes(-2), 60, QueueExit.Answered))); // left 21:59 UTC
        ledger.Apply(Update("at", 1, Left("at", dayStart, 5, QueueExit.Answered))); // offered exactly at the day start

        var today = ledger.Today(dayStart.AddMinutes(30));

        Assert.Equal((1, 1), (today.Offered, today.Answered));
    }

    [Fact]
    public void Today_NewYorkSpringForwardDay_StartsAtLocalSixDaylightTime()
    {
        // New York moves to daylight time at 02:00 on Sunday 8 March 2026, so that center day starts at
        // 06:00 EDT = 10:00 UTC (the day before started at 06:00 EST = 11:00 UTC: a 23-hour day).
        var clock = new CenterClock(
            new FakeTimeProvider(Noon), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), new TimeOnly(6, 0));
        var ledger = NewLedger(clock: clock);
        var dayStart = new DateTimeOffset(2026, 3, 8, 10, 0, 0, TimeSpan.Zero);
        ledger.Apply(Update("early", 1, Left("early", dayStart.AddMinutes(-5), 10, QueueExit.Answered))); // 05:55 EDT
        ledger.Apply(Update("c1", 1, Left("c1", dayStart.AddMinutes(20), 10, QueueExit.Answered))); // 06:20 EDT

        var today = ledger.Today(dayStart.AddMinutes(45));

        Assert.Equal((1, 1), (today.Offered, today.Answered));
    }

    [Fact]
    public void Last30Minutes_LeftInFirstMinuteOfWindow_Counted()
    {
        var ledger = NewLedger();
        var now = Noon.AddMinutes(30).AddSeconds(30); // 12:30:30 → buckets 12:01 … 12:30

        ledger.Apply(Update("c1", 1, Left("c1", Noon.AddSeconds(50), 10, QueueExit.Answered))); // left 12:01:00

        var window = ledger.Last30Minutes(now);
        Assert.Equal((0, 1), (window.Offered, window.Answered)); // offered 12:00:50, before the window
    }

    [Fact]
    public void Last30Minutes_LeftInMinuteBeforeWindow_NotCounted()
    {
        var ledger = NewLedger();
        var now = Noon.AddMinutes(30).AddSeconds(30); // 12:30:30 → buckets 12:01 … 12:30

        ledger.Apply(Update("c1", 1, Left("c1", Noon.AddSeconds(49), 10, QueueExit.Answered))); // left 12:00:59

        Assert.Equal(WindowFigures.Empty, ledger.Last30Minutes(now));
    }

    [Fact]
    public void Last30Minutes_CurrentPartialMinute_Counted()
    {
        var ledger = NewLedger();
        var now = Noon.AddMinutes(30).AddSeconds(30);

        ledger.Apply(Update("c1", 1, Left("c1", Noon.AddMinutes(30), 20, QueueExit.Answered))); // 12:30:00 → 12:30:20

        var window = ledger.Last30Minutes(now);
        Assert.Equal((1, 1, 1), (window.Offered, window.Answered, window.AnsweredWithinThreshold));
    }

    [Fact]
    public void Last30Minutes_OlderTraffic_StillCountsToday()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("old", 1, Left("old", Noon, 10, QueueExit.Answered))); // 12:00:10

        ledger.Apply(Update("new", 1, Left("new", Noon.AddMinutes(40), 10, QueueExit.Answered))); // 12:40:10

        var now = Noon.AddMinutes(40).AddSeconds(30);
        Assert.Equal(1, ledger.Last30Minutes(now).Answered);
        Assert.Equal(2, ledger.Today(now).Answered);
    }

    [Fact]
    public void Apply_RetractionOfContactOlderThanBuckets_LeavesNewerBucketIntact()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("old", 1, Left("old", Noon, 10, QueueExit.Answered))); // minute 12:00
        ledger.Apply(Update("new", 1, Left("new", Noon.AddMinutes(40), 10, QueueExit.Answered))); // minute 12:40

        ledger.Apply(Update("old", 2)); // retract the 12:00 contact

        var now = Noon.AddMinutes(40).AddSeconds(30);
        Assert.Equal((1, 1), (ledger.Last30Minutes(now).Offered, ledger.Last30Minutes(now).Answered));
        Assert.Equal((1, 1), (ledger.Today(now).Offered, ledger.Today(now).Answered)); // 2 − 1 retracted
    }

    [Fact]
    public void Apply_HandledContact_CountsInWindowOfCompletion()
    {
        var ledger = NewLedger();
        ledger.Apply(Handled("c1", 1, talk: 100, hold: 20, wrapUp: 30, completedAt: Noon.AddMinutes(10))); // 150 s at 12:10

        ledger.Apply(Handled("c2", 1, talk: 80, hold: 0, wrapUp: 10, completedAt: Noon.AddMinutes(20))); // 90 s at 12:20

        var now = Noon.AddMinutes(40).AddSeconds(30); // window 12:11 … 12:40: only c2
        Assert.Equal((2, 120.0), (ledger.Today(now).Handled, ledger.Today(now).AhtSeconds)); // (150 + 90) / 2
        Assert.Equal((1, 90.0), (ledger.Last30Minutes(now).Handled, ledger.Last30Minutes(now).AhtSeconds));
    }

    [Fact]
    public void Apply_HandlingCompletedAfterDayStart_CountsToday()
    {
        var ledger = NewLedger();
        var midnight = new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);
        ledger.Apply(Update("c1", 1, Left("c1", midnight.AddMinutes(-10), 10, QueueExit.Answered))); // answered 23:50:10

        ledger.Apply(Handled("c1", 1, talk: 600, hold: 0, wrapUp: 60, completedAt: midnight.AddMinutes(1))); // 00:01

        var today = ledger.Today(midnight.AddMinutes(5));
        Assert.Equal((0, 1, 660.0), (today.Answered, today.Handled, today.AhtSeconds)); // 600 + 0 + 60
    }

    [Fact]
    public void Apply_HandledNewerVersion_ReplacesHandleTime()
    {
        var ledger = NewLedger();
        ledger.Apply(Handled("c1", 1, talk: 100, hold: 0, wrapUp: 0, completedAt: Noon));

        ledger.Apply(Handled("c1", 2, talk: 100, hold: 0, wrapUp: 40, completedAt: Noon.AddSeconds(40)));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((1, 140.0), (today.Handled, today.AhtSeconds)); // 100 + 40, counted once
    }

    [Fact]
    public void Apply_HandledStaleVersion_Ignored()
    {
        var ledger = NewLedger();
        ledger.Apply(Handled("c1", 2, talk: 100, hold: 0, wrapUp: 40, completedAt: Noon));

        ledger.Apply(Handled("c1", 1, talk: 100, hold: 0, wrapUp: 0, completedAt: Noon));

        Assert.Equal(140.0, ledger.Today(Noon.AddMinutes(1)).AhtSeconds);
    }

    [Fact]
    public void Apply_HandledRemoved_Retracts()
    {
        var ledger = NewLedger();
        ledger.Apply(Handled("c1", 1, talk: 100, hold: 0, wrapUp: 0, completedAt: Noon));

        ledger.Apply(Handled("c1", 2, talk: 100, hold: 0, wrapUp: 0, completedAt: Noon, removed: true));

        var today = ledger.Today(Noon.AddMinutes(1));
        Assert.Equal((0, (double?)null), (today.Handled, today.AhtSeconds));
    }

    [Fact]
    public void Apply_HandledByTwoAgents_CountsEachAgentsPart()
    {
        var ledger = NewLedger();
        ledger.Apply(Handled("c1", 5, talk: 60, hold: 0, wrapUp: 0, completedAt: Noon));

        // Transferred to a second agent, whose grain numbers its own versions.
        ledger.Apply(Handled("c1", 1, talk: 120, hold: 0, wrapUp: 0, completedAt: Noon.AddMinutes(3)) with { AgentId = "a2" });

        var today = ledger.Today(Noon.AddMinutes(5));
        Assert.Equal((2, 90.0), (today.Handled, today.AhtSeconds)); // (60 + 120) / 2
    }

    [Fact]
    public void Apply_Complaints_CountsOpenOnes()
    {
        var ledger = NewLedger();
        ledger.Apply(Complaint("k1", 1, ComplaintStatus.Open));
        ledger.Apply(Complaint("k2", 1, ComplaintStatus.Escalated));

        ledger.Apply(Complaint("k1", 2, ComplaintStatus.Resolved));

        Assert.Equal(1, ledger.ComplaintsOpen); // k2 only
    }

    [Fact]
    public void Apply_StaleComplaint_Ignored()
    {
        var ledger = NewLedger();
        ledger.Apply(Complaint("k1", 3, ComplaintStatus.Closed));

        ledger.Apply(Complaint("k1", 2, ComplaintStatus.InProgress));

        Assert.Equal(0, ledger.ComplaintsOpen);
    }

    [Fact]
    public void Forget_FinishedContacts_KeepsCounts()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 10, QueueExit.Answered)));
        ledger.Apply(Handled("c1", 1, talk: 120, hold: 0, wrapUp: 30, completedAt: Noon.AddMinutes(3)));

        ledger.Forget(Noon.AddMinutes(10));

        var today = ledger.Today(Noon.AddMinutes(11));
        Assert.Equal((1, 1, 1, 150.0), (today.Offered, today.Answered, today.Handled, today.AhtSeconds));
    }

    [Fact]
    public void Forget_FinishedContact_LaterUpdateCountsAsNew()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 10, QueueExit.Answered)));

        ledger.Forget(Noon.AddMinutes(10));
        ledger.Apply(Update("c1", 2, Left("c1", Noon, 10, QueueExit.Answered)));

        // Its detail is gone, so nothing is retracted: 1 + 1.
        Assert.Equal(2, ledger.Today(Noon.AddMinutes(11)).Answered);
    }

    [Fact]
    public void Forget_WaitingContact_KeepsDetail()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Waiting("c1", Noon)));

        ledger.Forget(Noon.AddMinutes(10));
        ledger.Apply(Update("c1", 2, Left("c1", Noon, 15, QueueExit.Answered)));

        var today = ledger.Today(Noon.AddMinutes(11));
        Assert.Equal((1, 1, 0), (today.Offered, today.Answered, ledger.Waiting));
    }

    [Fact]
    public void Forget_ContactLeftAfterCutoff_KeepsDetail()
    {
        var ledger = NewLedger();
        ledger.Apply(Update("c1", 1, Left("c1", Noon, 15, QueueExit.Answered))); // left 12:00:15

        ledger.Forget(Noon.AddSeconds(10));
        ledger.Apply(Update("c1", 2, Left("c1", Noon, 15, QueueExit.Answered)));

        Assert.Equal(1, ledger.Today(Noon.AddMinutes(1)).Answered);
    }

    [Fact]
    public void Today_NoTraffic_IsEmpty()
    {
        var ledger = NewLedger();

        Assert.Equal(WindowFigures.Empty, ledger.Today(Noon));
    }
}
