using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Ingestion;

public sealed class SettledHorizonTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_HorizonYoungerThanTheSettleTime_NotHandedOut()
    {
        var clock = new FakeTimeProvider();
        var horizon = new SettledHorizon(TimeSpan.FromSeconds(10), clock);

        var first = horizon.Next(Noon);
        clock.Advance(TimeSpan.FromSeconds(9.9));
        var second = horizon.Next(Noon.AddHours(1)); // event time raced an hour ahead in 9.9 s

        Assert.Null(first);
        Assert.Null(second);
    }

    [Fact]
    public void Next_AfterTheSettleTime_NewestSettledHorizonNotTheLatest()
    {
        var clock = new FakeTimeProvider();
        var horizon = new SettledHorizon(TimeSpan.FromSeconds(10), clock);

        horizon.Next(Noon);
        clock.Advance(TimeSpan.FromSeconds(4));
        horizon.Next(Noon.AddMinutes(30));
        clock.Advance(TimeSpan.FromSeconds(7)); // 11 s after the first, 7 s after the second
        var settled = horizon.Next(Noon.AddHours(2));
        clock.Advance(TimeSpan.FromSeconds(3)); // now 10 s after the second
        var later = horizon.Next(Noon.AddHours(3));

        Assert.Equal(Noon, settled);
        Assert.Equal(Noon.AddMinutes(30), later);
    }
}
