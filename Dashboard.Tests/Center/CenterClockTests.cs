using Dashboard.Grains.Queues;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Center;

/// <summary>Issue 14 §5: a date at the calendar's end (a queue_log line of 9999) made a queue's day arithmetic throw
/// in the third phase of a batch, after the call shards had applied it.</summary>
public sealed class CenterClockTests
{
    private static readonly DateTimeOffset LastSecond = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    [Fact]
    public void NextDayStart_OnTheCalendarsLastDay_IsTheEndOfTime()
    {
        var clock = new CenterClock(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));

        Assert.Equal(DateTimeOffset.MaxValue, clock.NextDayStart(LastSecond));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), clock.DayStart(LastSecond));
    }

    [Fact]
    public void QueueLedger_VisitOnTheCalendarsLastDay_CountedWithoutThrowing()
    {
        var ledger = new QueueLedger(QueueSettings.Default,
            new CenterClock(new FakeTimeProvider(LastSecond), TimeZoneInfo.Utc, new TimeOnly(0, 0)));
        var visit = new QueueVisit("q1", "c1", Channel.Voice, 0, LastSecond.AddSeconds(-30), LastSecond, QueueExit.Answered, "a1");

        ledger.Apply(new QueueVisitUpdate("q1", "c1", 1, [visit]));

        Assert.Equal(1, ledger.Today(LastSecond).Answered);
    }
}
