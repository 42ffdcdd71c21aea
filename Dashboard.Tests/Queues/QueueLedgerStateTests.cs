using CsCheck;
using Dashboard.Grains.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;

namespace Dashboard.Tests.Queues;

/// <summary>
/// A ledger captured, sent through Orleans' serializer and restored answers every later fact as the ledger it was
/// taken from: the same figures now and after the same facts, settings changes and forgetting that follow — across
/// minutes leaving the rolling window, midnight, and a day leaving the days held.
/// </summary>
public sealed class QueueLedgerStateTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(QueueLedger).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    // Wednesday 11 March 2026 starts here; the clock's day starts at 00:00 UTC.
    private static readonly DateTimeOffset Midnight = new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TwoDaysBefore = Midnight.AddDays(-2);

    private static readonly CenterClock Clock = new(new FakeTimeProvider(Midnight), TimeZoneInfo.Utc, new TimeOnly(0, 0));

    /// <summary>Today's and the rolling window's figures seen at these times: each day held, both sides of midnight.</summary>
    private static readonly DateTimeOffset[] ScriptedTimes =
    [
        TwoDaysBefore.AddHours(12), Midnight.AddMinutes(-1).AddSeconds(30), Midnight.AddSeconds(90),
        Midnight.AddMinutes(31), Midnight.AddDays(1).AddMinutes(15),
    ];

    [Fact]
    public void Restore_ScriptedDay_AnswersEveryLaterFactAsTheCapturedLedger()
    {
        var original = new QueueLedger(QueueSettings.Default, Clock);
        foreach (var (_, apply) in BeforeTheCut())
        {
            apply(original);
        }

        var restored = RoundTrip(original);

        Assert.Equal(Observe(original, ScriptedTimes, "at the cut"), Observe(restored, ScriptedTimes, "at the cut"));
        foreach (var (step, apply) in AfterTheCut())
        {
            apply(original);
            apply(restored);
            Assert.Equal(Observe(original, ScriptedTimes, step), Observe(restored, ScriptedTimes, step));
        }
    }

    [Fact]
    public void Restore_AnyFactsAnyCut_AnswersTheRestAsTheCapturedLedger()
    {
        Plans.Sample(plan =>
        {
            var original = new QueueLedger(QueueSettings.Default, Clock);
            foreach (var step in plan.Steps.Take(plan.Cut))
            {
                step.Apply(original);
            }
            var restored = RoundTrip(original);
            Assert.Equal(Observe(original, RandomTimes, "at the cut"), Observe(restored, RandomTimes, "at the cut"));
            foreach (var step in plan.Steps.Skip(plan.Cut))
            {
                step.Apply(original);
                step.Apply(restored);
            }
            Assert.Equal(Observe(original, RandomTimes, "at the end"), Observe(restored, RandomTimes, "at the end"));
        }, iter: 300);
    }

    [Fact]
    public void Capture_EmptyLedger_RestoresAnEmptyLedger()
    {
        var restored = RoundTrip(new QueueLedger(QueueSettings.Default with { ServiceLevelThresholdSeconds = 7 }, Clock));

        Assert.Equal((0, null, 0), (restored.Waiting, restored.OldestWaitingSince, restored.ComplaintsOpen));
        Assert.Equal(7, restored.Settings.ServiceLevelThresholdSeconds);
        Assert.Equal(0, restored.Today(Midnight).Offered);
    }

    private static QueueLedger RoundTrip(QueueLedger ledger) =>
        QueueLedger.Restore(Serializer.Deserialize<QueueLedgerState>(Serializer.SerializeToArray(ledger.Capture()))!, Clock);

    /// <summary>Everything a reader can ask of a ledger, as text so a difference reads as one.</summary>
    private static List<string> Observe(QueueLedger ledger, IEnumerable<DateTimeOffset> times, string when) =>
    [
        $"{when}: waiting {ledger.Waiting} since {ledger.OldestWaitingSince:O}, complaints open {ledger.ComplaintsOpen}, {ledger.Settings}",
        .. times.Select(t => $"{when}, {t:O}: today {ledger.Today(t)}; last 30 minutes {ledger.Last30Minutes(t)}"),
    ];

    private static IEnumerable<(string Step, Action<QueueLedger> Apply)> BeforeTheCut()
    {
        // Two days before: an answered call and its handling.
        yield return ("c1 answered", l => l.Apply(Update("c1", 1, Left(TwoDaysBefore.AddHours(10), 15, QueueExit.Answered))));
        yield return ("c1 handled", l => l.Apply(Handled("c1", "a1", 1, TwoDaysBefore.AddHours(10).AddMinutes(5))));
        // The evening before midnight: two wait, one hangs up at once.
        yield return ("c2 waits", l => l.Apply(Update("c2", 1, Waiting(Midnight.AddMinutes(-10)))));
        yield return ("c3 waits", l => l.Apply(Update("c3", 1, Waiting(Midnight.AddMinutes(-5)))));
        yield return ("c4 short abandon", l => l.Apply(Update("c4", 1, Left(Midnight.AddMinutes(-4), 3, QueueExit.Abandoned))));
        yield return ("k1 opened", l => l.Apply(Complaint("k1", 1, ComplaintStatus.Open)));
        yield return ("k2 opened", l => l.Apply(Complaint("k2", 1, ComplaintStatus.Open)));
        yield return ("k2 resolved", l => l.Apply(Complaint("k2", 2, ComplaintStatus.Resolved)));
        yield return ("k4 opened at 00:10", l => l.Apply(Complaint("k4", 1, ComplaintStatus.Open, Midnight.AddMinutes(10))));
        yield return ("k4 closed", l => l.Apply(Complaint("k4", 2, ComplaintStatus.Closed, Midnight.AddMinutes(10))));
        // A manager tightens the threshold: c5 is judged by it, and must be taken away as judged then.
        yield return ("settings 10 s", l => l.Settings = QueueSettings.Default with { ServiceLevelThresholdSeconds = 10, ShortAbandonSeconds = 2, IncludeFlowOuts = true });
        yield return ("c5 answered in 12 s", l => l.Apply(Update("c5", 1, Left(Midnight.AddMinutes(-3), 12, QueueExit.Answered))));
        yield return ("c5 handled by a1", l => l.Apply(Handled("c5", "a1", 1, Midnight.AddSeconds(-90))));
        yield return ("c5 not a2's after all", l => l.Apply(Handled("c5", "a2", 3, Midnight.AddSeconds(-80), removed: true)));
        // Handling heard of before the call's visit.
        yield return ("c6 handled, visit unknown", l => l.Apply(Handled("c6", "a2", 2, Midnight.AddMinutes(-1))));
    }

    private static IEnumerable<(string Step, Action<QueueLedger> Apply)> AfterTheCut()
    {
        yield return ("settings back to default", l => l.Settings = QueueSettings.Default);
        yield return ("c5 flowed out after all", l => l.Apply(Update("c5", 2, Left(Midnight.AddMinutes(-3), 12, QueueExit.FlowedOut))));
        yield return ("c2 answered after midnight", l => l.Apply(Update("c2", 2, Left(Midnight.AddMinutes(-10), 660, QueueExit.Answered))));
        yield return ("c3 stale abandon", l => l.Apply(Update("c3", 0, Left(Midnight.AddMinutes(-5), 30, QueueExit.Abandoned))));
        yield return ("c1 stale handling", l => l.Apply(Handled("c1", "a1", 0, TwoDaysBefore.AddHours(11))));
        yield return ("c5 a2 older than its retraction", l => l.Apply(Handled("c5", "a2", 2, Midnight.AddSeconds(-80))));
        yield return ("c5 given back to a2", l => l.Apply(Handled("c5", "a2", 4, Midnight.AddSeconds(-70))));
        yield return ("c5 a1 retracted", l => l.Apply(Handled("c5", "a1", 2, Midnight.AddSeconds(-90), removed: true)));
        yield return ("c6 visit arrives", l => l.Apply(Update("c6", 1, Left(Midnight.AddMinutes(-2), 30, QueueExit.Answered))));
        yield return ("c3 abandons after midnight", l => l.Apply(Update("c3", 2, Left(Midnight.AddMinutes(-5), 400, QueueExit.Abandoned))));
        yield return ("k1 resolved", l => l.Apply(Complaint("k1", 2, ComplaintStatus.Resolved)));
        yield return ("k2 stale open", l => l.Apply(Complaint("k2", 1, ComplaintStatus.Open)));
        yield return ("k3 opened", l => l.Apply(Complaint("k3", 1, ComplaintStatus.Escalated)));
        yield return ("c8 a minute later", l => l.Apply(Update("c8", 1, Left(Midnight.AddMinutes(30), 8, QueueExit.Answered))));
        // A fourth day: the oldest held day gives way, and a late change to it no longer counts anywhere.
        yield return ("c7 the next day", l => l.Apply(Update("c7", 1, Left(Midnight.AddDays(1).AddMinutes(10), 5, QueueExit.Answered))));
        yield return ("c1 changed, its day gone", l => l.Apply(Update("c1", 2, Left(TwoDaysBefore.AddHours(10), 25, QueueExit.Answered))));
        yield return ("forget before 00:05", l => l.Forget(Midnight.AddMinutes(5)));
        // Facts about forgotten contacts count as new: both must have let go of the same ones.
        yield return ("c4 sent again", l => l.Apply(Update("c4", 2, Left(Midnight.AddMinutes(-4), 3, QueueExit.Abandoned))));
        yield return ("k2 sent again", l => l.Apply(Complaint("k2", 1, ComplaintStatus.Open)));
        // k4 was opened after the horizon, so it is still held: its stale copy changes nothing.
        yield return ("k4 stale open", l => l.Apply(Complaint("k4", 1, ComplaintStatus.Open, Midnight.AddMinutes(10))));
        yield return ("c2 sent again", l => l.Apply(Update("c2", 3, Left(Midnight.AddMinutes(-10), 660, QueueExit.Answered))));
    }

    private static QueueVisit Waiting(DateTimeOffset enqueuedAt) =>
        new("q1", "c", Channel.Voice, 0, enqueuedAt, null, null, null);

    private static QueueVisit Left(DateTimeOffset enqueuedAt, double waitSeconds, QueueExit exit) =>
        new("q1", "c", Channel.Voice, 0, enqueuedAt, enqueuedAt.AddSeconds(waitSeconds), exit, null);

    private static QueueVisitUpdate Update(string callId, long version, params QueueVisit[] visits) =>
        new("q1", callId, version, [.. visits]);

    private static HandledContact Handled(string callId, string agentId, long version, DateTimeOffset completedAt, bool removed = false) =>
        new("q1", callId, agentId, version, 120 + version, 10, 30, completedAt, removed);

    private static ComplaintFact Complaint(string id, long version, ComplaintStatus status, DateTimeOffset? openedAt = null) =>
        new(id, version, "q1", "a1", ComplaintSeverity.Normal, status, openedAt ?? Midnight.AddHours(-12), null);

    // Random facts over four days from 23:30 the day before Midnight: half within the first two hours, so
    // contacts share minutes and the window, the rest far enough apart to push minutes out of the ring and a
    // day out of the days held.
    private static readonly DateTimeOffset RandomStart = Midnight.AddMinutes(-30);

    private static readonly DateTimeOffset[] RandomTimes =
        [.. Enumerable.Range(0, 4 * 24 * 2).Select(half => RandomStart.AddMinutes(30 * half + 7))];

    private sealed record Step(string Text, Action<QueueLedger> Apply)
    {
        public override string ToString() => Text;
    }

    private sealed record Plan(IReadOnlyList<Step> Steps, int Cut)
    {
        public override string ToString() => $"cut after {Cut}: " + string.Join("; ", Steps);
    }

    private static readonly Gen<DateTimeOffset> Times =
        Gen.OneOf(Gen.Int[0, 2 * 3600], Gen.Int[0, 4 * 86400]).Select(seconds => RandomStart.AddSeconds(seconds));

    private static readonly Gen<QueueVisit> Visits =
        from enqueuedAt in Times
        from wait in Gen.OneOf(Gen.Const(-1), Gen.Int[0, 900])
        from exit in Gen.Enum<QueueExit>()
        select wait < 0 ? Waiting(enqueuedAt) : Left(enqueuedAt, wait, exit);

    private static readonly Gen<Step> VisitSteps =
        from call in Gen.Int[1, 8]
        from version in Gen.Int[0, 6]
        from visits in Visits.Array[0, 2]
        select new Step(
            $"c{call} v{version} [{string.Join(", ", visits.Select(v => $"{v.EnqueuedAt:dd HH:mm:ss}→{v.LeftAt:dd HH:mm:ss} {v.Exit}"))}]",
            l => l.Apply(Update($"c{call}", version, visits)));

    private static readonly Gen<Step> HandledSteps =
        from call in Gen.Int[1, 8]
        from agent in Gen.Int[1, 3]
        from version in Gen.Int[0, 6]
        from completedAt in Times
        from removed in Gen.Bool
        select new Step(
            $"c{call} a{agent} v{version} handled {completedAt:dd HH:mm:ss}{(removed ? " removed" : "")}",
            l => l.Apply(Handled($"c{call}", $"a{agent}", version, completedAt, removed)));

    private static readonly Gen<Step> ComplaintSteps =
        from id in Gen.Int[1, 4]
        from version in Gen.Int[0, 6]
        from status in Gen.Enum<ComplaintStatus>()
        from openedAt in Times
        select new Step(
            $"k{id} v{version} {status} opened {openedAt:dd HH:mm:ss}",
            l => l.Apply(new ComplaintFact($"k{id}", version, "q1", null, ComplaintSeverity.Normal, status, openedAt, null)));

    private static readonly Gen<Step> SettingsSteps =
        from threshold in Gen.Int[0, 40]
        from shortAbandon in Gen.Int[0, 10]
        from formula in Gen.Enum<ServiceLevelFormula>()
        from includeFlowOuts in Gen.Bool
        select new Step(
            $"settings {threshold} s, short {shortAbandon} s, {formula}{(includeFlowOuts ? " with flow-outs" : "")}",
            l => l.Settings = new QueueSettings(0.8, threshold, shortAbandon, formula, includeFlowOuts, true));

    private static readonly Gen<Step> ForgetSteps =
        Times.Select(before => new Step($"forget before {before:dd HH:mm:ss}", l => l.Forget(before)));

    private static readonly Gen<Plan> Plans =
        from steps in Gen.Frequency((5, VisitSteps), (3, HandledSteps), (2, ComplaintSteps), (1, SettingsSteps), (1, ForgetSteps)).List[0, 60]
        from cut in Gen.Int[0, 60]
        select new Plan(steps, Math.Min(cut, steps.Count));
}
