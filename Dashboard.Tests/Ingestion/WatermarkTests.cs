using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Ingestion;

public sealed class WatermarkTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(8);

    /// <summary>A batch of input that raises the watermark to <paramref name="at"/>.</summary>
    private static void Batch(Watermark watermark, FakeTimeProvider clock, DateTimeOffset at)
    {
        watermark.NextBatch();
        watermark.Advance(at, clock.GetUtcNow());
    }

    [Fact]
    public void Advance_EventTimeRacesAheadWithinTheSettleTime_NothingSettled()
    {
        var clock = new FakeTimeProvider(Noon.AddDays(1));
        var watermark = new Watermark(Settle, clock);

        Batch(watermark, clock, Noon);
        clock.Advance(TimeSpan.FromSeconds(7.9));
        Batch(watermark, clock, Noon.AddHours(1)); // an hour of event time in 7.9 s

        Assert.Equal(Noon.AddHours(1), watermark.Latest);
        Assert.Equal(DateTimeOffset.MinValue, watermark.Settled);
        Assert.Equal(DateTimeOffset.MinValue, watermark.SettledBehind(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Settled_AfterTheSettleTimeAndItsBucket_NewestTimeThatStoodThatLong()
    {
        var clock = new FakeTimeProvider(Noon.AddDays(1));
        var watermark = new Watermark(Settle, clock);

        Batch(watermark, clock, Noon);
        clock.Advance(TimeSpan.FromSeconds(4));
        Batch(watermark, clock, Noon.AddMinutes(30));
        watermark.NextBatch(); // two batches after 12:30's, three after noon's: events no longer arriving
        watermark.NextBatch();
        clock.Advance(TimeSpan.FromSeconds(5)); // 9 s after noon was reached (≥ 8 s + a bucket of 1 s), 5 s after 12:30
        var first = watermark.Settled;
        clock.Advance(TimeSpan.FromSeconds(4)); // 9 s after 12:30
        var second = watermark.Settled;

        Assert.Equal(Noon, first);
        Assert.Equal(Noon.AddMinutes(30), second);
        Assert.Equal(Noon.AddMinutes(20), watermark.SettledBehind(TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void Advance_ManyTimesWithinABucket_SettlesNoSoonerThanTheSettleTime()
    {
        var clock = new FakeTimeProvider(Noon.AddDays(1));
        var watermark = new Watermark(Settle, clock);

        // 12:00 first seen at 0 s; 12:01 … 12:09 within the same 1 s bucket; 12:09 was first seen at 0.9 s.
        for (var minute = 0; minute < 10; minute++)
        {
            Batch(watermark, clock, Noon.AddMinutes(minute));
            clock.Advance(TimeSpan.FromSeconds(0.1));
        }
        watermark.NextBatch();
        watermark.NextBatch();
        clock.Advance(TimeSpan.FromSeconds(7.95)); // 8.95 s after 12:00, 8.05 s after 12:09: not yet a bucket past
        var early = watermark.Settled;
        clock.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(DateTimeOffset.MinValue, early);
        Assert.Equal(Noon.AddMinutes(9), watermark.Settled);
    }

    [Fact]
    public void Settled_LongAfterButOnlyOneBatchSince_NotYet()
    {
        // A source sending slowly: its next batch, a minute later, may still hold events held back from this one.
        var clock = new FakeTimeProvider(Noon.AddDays(1));
        var watermark = new Watermark(Settle, clock);

        Batch(watermark, clock, Noon);
        clock.Advance(TimeSpan.FromMinutes(1));
        watermark.NextBatch();
        var oneBatchLater = watermark.Settled;
        watermark.NextBatch();

        Assert.Equal(DateTimeOffset.MinValue, oneBatchLater);
        Assert.Equal(Noon, watermark.Settled);
    }

    [Fact]
    public void Restore_ValueThatHadStoodAWhile_SettlesAtTheSameTickAsInTheWatermarkCaptured()
    {
        var clock = new FakeTimeProvider(Noon.AddDays(1));
        var captured = new Watermark(Settle, clock);
        Batch(captured, clock, Noon);
        captured.NextBatch();
        captured.NextBatch();
        clock.Advance(TimeSpan.FromMilliseconds(1_001)); // 1.001 s, as seconds in a double, is a hair under 10,010,000 ticks

        var restored = new Watermark(Settle, clock);
        restored.Restore(captured.Capture());
        clock.Advance(Settle + Settle / 8 - TimeSpan.FromMilliseconds(1_001)); // exactly the settle time and its bucket

        Assert.Equal(Noon, captured.Settled);
        Assert.Equal(Noon, restored.Settled);
    }

    [Fact]
    public void Advance_EventAheadOfTheClock_HeldAtTheClock()
    {
        var clock = new FakeTimeProvider(Noon);
        var watermark = new Watermark(Settle, clock);

        Batch(watermark, clock, Noon.AddHours(3)); // a source whose clock runs fast

        Assert.Equal(Noon, watermark.Latest);
    }
}
