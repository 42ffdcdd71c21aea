using Dashboard.Grains.Alerts;

namespace Dashboard.Tests.Alerts;

/// <summary>Alert levels a manager changes: per queue in place of the center's, and taking effect at the next evaluation.</summary>
public sealed class AlertThresholdsTests
{
    [Fact]
    public void Thresholds_QueueOwnLongestWait_RaisesAtItsLevelWhileOtherQueuesKeepTheCenters()
    {
        var options = new AlertLevels { RaiseAfter = TimeSpan.Zero };
        var engine = new AlertEngine(options);
        var now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        QueueSnapshot Waiting(string id) => new(
            id, id, Channel.Voice, 1, 45, now.AddSeconds(-45), new AgentCounts(1, 1, 0, 0, 0, 0), WindowFigures.Empty, WindowFigures.Empty,
            0, 0.8, 20, QueueSettings.Default, 1, now);

        // 45 s is under the center's 60 s warning; the queue's own level is 30 s.
        engine.Thresholds = new AlertThresholds(options, ImmutableDictionary<string, QueueAlertRules>.Empty
            .Add("strict", QueueAlertRules.None with { LongestWait = new LevelRule { Warning = 30, Critical = 90, Hysteresis = 5 } }));
        var alerts = engine.Evaluate([Waiting("strict"), Waiting("relaxed")], [], now);

        // One agent available: only the waits are judged.
        var alert = Assert.Single(alerts);
        Assert.Equal("queue:strict:longest-wait", alert.Id);
        Assert.Equal(30, alert.Threshold);
    }

    [Fact]
    public void Thresholds_ChangedBetweenEvaluations_TheNextEvaluationUsesThem()
    {
        var options = new AlertLevels { RaiseAfter = TimeSpan.Zero };
        var engine = new AlertEngine(options);
        var now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var queue = new QueueSnapshot(
            "q", "q", Channel.Voice, 1, 45, now.AddSeconds(-45), AgentCounts.None, WindowFigures.Empty, WindowFigures.Empty,
            0, 0.8, 20, QueueSettings.Default, 1, now);
        var first = engine.Evaluate([queue], [], now);

        engine.Thresholds = AlertThresholds.CenterOnly(new AlertLevels
        {
            RaiseAfter = TimeSpan.Zero, LongestWait = new LevelRule { Warning = 40, Critical = 44, Hysteresis = 0 },
        });
        var second = engine.Evaluate([queue], [], now.AddSeconds(1));

        Assert.DoesNotContain(first, a => a.Rule == AlertEngine.LongestWaitRule);
        Assert.Equal(AlertSeverity.Critical, Assert.Single(second, a => a.Rule == AlertEngine.LongestWaitRule).Severity);
    }
}
