using Dashboard.Grains.Alerts;
using Dashboard.Grains.History;
using Dashboard.Web.Settings;

namespace Dashboard.Tests.Settings;

/// <summary>
/// The alert preview on hand-built history: what levels would have raised, worked out by hand from the floor's
/// rules (raise once bad for 10 s, clear once back for 30 s) and the records, one 5-second step at a time.
/// </summary>
public sealed class AlertPreviewTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly PreviewQueue Sales = new("q1", "Sales", Channel.Voice, QueueSettings.Default);

    private static AlertThresholds Levels(Action<AlertLevels>? change = null)
    {
        var levels = new AlertLevels();
        change?.Invoke(levels);
        return AlertThresholds.CenterOnly(levels);
    }

    private static RulePreview Rule(AlertPreviewResult result, string rule) => result.Rules.Single(r => r.Rule == rule);

    private static AlertPreviewResult Run(
        AlertThresholds levels, IEnumerable<ContactRecord>? contacts = null, IEnumerable<QueueSampleRecord>? samples = null,
        IEnumerable<AgentSpanRecord>? spans = null) =>
        AlertPreview.Run(levels, [Sales], id => id == "a1" ? "Ann" : id, contacts ?? [], samples ?? [], spans ?? [],
            Nine, Nine.AddHours(1));

    private static AgentSpanRecord NotReady(int startMinute, double seconds) =>
        new(Nine.AddMinutes(startMinute), "a1", SpanState.NotReady, "lunch", seconds);

    [Theory]
    // Not ready from 09:05:00; the warning level (900 s) is reached at the 09:20:00 step and must hold 10 s.
    [InlineData(905, 0)] // over at 09:20:05: bad for one step only, never raised
    [InlineData(915, 1)] // still not ready at 09:20:10: raised
    [InlineData(1200, 1)]
    public void NotReady_RaisedOnlyOnceTheLevelHeldForTheDebounce(double seconds, int raised)
    {
        var result = Run(Levels(), spans: [NotReady(5, seconds)]);

        var notReady = Rule(result, AlertEngine.NotReadyRule);
        Assert.Equal(raised, notReady.Raised);
        Assert.Equal(0, notReady.Critical);
        if (raised > 0)
            Assert.Equal([new SubjectCount("Ann", 1)], notReady.Subjects);
    }

    [Fact]
    public void NotReady_LowerLevels_RaiseMoreAndReachCritical_HigherLevels_RaiseNothing()
    {
        // Two not-ready spans of 20 and 12 minutes.
        AgentSpanRecord[] spans = [NotReady(0, 1200), NotReady(30, 720)];

        var saved = Rule(Run(Levels(), spans: spans), AlertEngine.NotReadyRule);
        var stricter = Rule(Run(Levels(l => l.NotReady = new LevelRule { Warning = 600, Critical = 1000 }), spans: spans), AlertEngine.NotReadyRule);
        var looser = Rule(Run(Levels(l => l.NotReady = new LevelRule { Warning = 1500, Critical = 3000 }), spans: spans), AlertEngine.NotReadyRule);

        Assert.Equal((1, 0), (saved.Raised, saved.Critical));     // only the 20 minutes pass 15
        Assert.Equal((2, 1), (stricter.Raised, stricter.Critical)); // both pass 10; the 20 minutes pass 16:40
        Assert.Equal(new SubjectCount("Ann", 2), Assert.Single(stricter.Subjects));
        Assert.Equal(0, looser.Raised);
    }

    [Fact]
    public void CallDuration_TalkAndHoldOfOneCall_JudgedAsOneCallFromItsStart()
    {
        // 500 s talk, 200 s hold, 100 s talk: 800 s on one call, over the 600 s warning; no piece of it is.
        AgentSpanRecord[] spans =
        [
            new(Nine.AddMinutes(10), "a1", SpanState.Talk, null, 500),
            new(Nine.AddMinutes(10).AddSeconds(500), "a1", SpanState.Hold, null, 200),
            new(Nine.AddMinutes(10).AddSeconds(700), "a1", SpanState.Talk, null, 100),
        ];

        var call = Rule(Run(Levels(), spans: spans), AlertEngine.CallDurationRule);

        Assert.Equal((1, 0), (call.Raised, call.Critical));
    }

    private static ContactRecord Contact(DateTimeOffset left, ContactOutcome outcome, double wait) =>
        new(left, "q1", outcome == ContactOutcome.Answered ? "a1" : null, Channel.Voice, outcome, $"c-{left:HHmmss}-{outcome}",
            wait, outcome == ContactOutcome.Answered ? 120 : 0, 0, 0, WithinThreshold: wait <= 20, ShortAbandon: false);

    [Fact]
    public void AbandonRate_FromTheContactsOfTheLast30Minutes_JudgedOnlyOverEnoughContacts()
    {
        // 09:10–09:14: eight answered within 10 s, then two abandoned after 40 s: 2 / 10 = 20 %, past the 15 % critical.
        var ten = Enumerable.Range(0, 8).Select(i => Contact(Nine.AddMinutes(10).AddSeconds(i * 30), ContactOutcome.Answered, 10))
            .Append(Contact(Nine.AddMinutes(14), ContactOutcome.Abandoned, 40))
            .Append(Contact(Nine.AddMinutes(14).AddSeconds(20), ContactOutcome.Abandoned, 40)).ToList();
        // The same two abandons beside two answered: 50 %, but over 4 contacts, under the 5 needed to judge a rate.
        var four = ten.Skip(6).ToList();

        var judged = Rule(Run(Levels(), contacts: ten), AlertEngine.AbandonRateRule);
        var tooFew = Rule(Run(Levels(), contacts: four), AlertEngine.AbandonRateRule);
        var fewNeeded = Rule(Run(Levels(l => l.MinimumContactsForRates = 4), contacts: four), AlertEngine.AbandonRateRule);

        Assert.Equal((1, 1), (judged.Raised, judged.Critical));
        Assert.Equal(new SubjectCount("Sales", 1), Assert.Single(judged.Subjects));
        Assert.Equal(0, tooFew.Raised);
        Assert.Equal((1, 1), (fewNeeded.Raised, fewNeeded.Critical));
    }

    [Fact]
    public void AbandonRate_LeavesTheWindowAfter30Minutes_TheAlertClearsAndARepeatIsASecondAlert()
    {
        // Five contacts, two abandoned (40 %), at 09:05 and again at 09:45: the first have left the 30-minute window
        // by 09:36, so the alert cleared in between and the second burst raises a second one.
        List<ContactRecord> Burst(int minute) =>
        [
            .. Enumerable.Range(0, 3).Select(i => Contact(Nine.AddMinutes(minute).AddSeconds(i * 10), ContactOutcome.Answered, 5)),
            Contact(Nine.AddMinutes(minute).AddSeconds(40), ContactOutcome.Abandoned, 30),
            Contact(Nine.AddMinutes(minute).AddSeconds(50), ContactOutcome.Abandoned, 30),
        ];

        var rate = Rule(Run(Levels(), contacts: [.. Burst(5), .. Burst(45)]), AlertEngine.AbandonRateRule);

        Assert.Equal((2, 2), (rate.Raised, rate.Critical));
        Assert.Equal(new SubjectCount("Sales", 2), Assert.Single(rate.Subjects));
    }

    [Fact]
    public void LongestWait_FromTheQueueSamples_WarningThenCritical_OneAlert()
    {
        // One caller waiting since 09:29:00, sampled every 5 s from 09:30:00 to 09:33:00 with an agent available:
        // 60 s (the warning) at 09:30:00, 120 s (critical) at 09:31:00; one alert that became critical.
        var since = Nine.AddMinutes(29);
        var samples = Enumerable.Range(0, 37).Select(i => Nine.AddMinutes(30).AddSeconds(5 * i))
            .Select(at => new QueueSampleRecord(at, "q1", Channel.Voice, 1, (at - since).TotalSeconds, 3, 1, 2, 0, 0, 0, null, null))
            .ToList();

        var result = Run(Levels(), samples: samples);
        var later = Run(Levels(l => l.LongestWait = new LevelRule { Warning = 300, Critical = 600 }), samples: samples);

        var wait = Rule(result, AlertEngine.LongestWaitRule);
        Assert.Equal((1, 1), (wait.Raised, wait.Critical));
        Assert.Equal(0, Rule(result, AlertEngine.NoAgentAvailableRule).Raised); // an agent was available throughout
        Assert.Equal(0, Rule(later, AlertEngine.LongestWaitRule).Raised);       // 4 minutes never reach 5
    }

    [Fact]
    public void EveryRule_Listed_ZeroWhenNothingWouldRaise()
    {
        var result = Run(Levels());

        Assert.Equal(AlertPreview.Rules, result.Rules.Select(r => r.Rule));
        Assert.All(result.Rules, r => Assert.Equal(0, r.Raised));
        Assert.Equal((Nine, Nine.AddHours(1)), (result.From, result.To));
    }
}
