using Dashboard.Web.Components.Shared;

namespace Dashboard.Tests.Components;

public class FormatTests
{
    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.9, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(754, "12:34")]
    [InlineData(3600, "1:00:00")]
    [InlineData(3725, "1:02:05")]
    [InlineData(-3, "0:00")]
    public void Duration_Seconds_WritesMinutesOrHours(double seconds, string expected) =>
        Assert.Equal(expected, Format.Duration(seconds));

    [Fact]
    public void Duration_Null_IsDash() => Assert.Equal("—", Format.Duration((double?)null));

    [Theory]
    [InlineData(0.0, "0%")]
    [InlineData(0.805, "81%")]
    [InlineData(1.0, "100%")]
    public void Percent_Ratio_WritesWholePercent(double ratio, string expected) =>
        Assert.Equal(expected, Format.Percent(ratio));

    [Fact]
    public void Percent_Null_IsDashNotZero() => Assert.Equal("—", Format.Percent(null));

    [Fact]
    public void ClockTime_CenterZone_WritesLocalTime()
    {
        var shanghai = new CenterClock(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), default);

        Assert.Equal("17:00:05", Format.ClockTime(new DateTimeOffset(2025, 3, 10, 9, 0, 5, TimeSpan.Zero), shanghai));
    }
}
