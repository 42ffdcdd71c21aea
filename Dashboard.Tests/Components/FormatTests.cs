using CsCheck;
using Dashboard.Web.Localization;

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

    [Theory]
    [InlineData("en", 0.5, "0 min")]
    [InlineData("en", 45, "45 min")]
    [InlineData("en", 130, "2 h 10 min")]
    [InlineData("en", 240, "4 h")]
    [InlineData("en", 1440, "1 d")]
    [InlineData("en", 4560, "3 d 4 h")]
    [InlineData("zh-CN", 45, "45分钟")]
    [InlineData("zh-CN", 130, "2小时10分")]
    [InlineData("zh-CN", 4560, "3天4小时")]
    public void Span_Minutes_AsPeopleSayIt_ZeroPartsLeftOut(string culture, double minutes, string expected)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
        try
        {
            Assert.Equal(expected, Format.Span(TimeSpan.FromMinutes(minutes)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30 min", 30)]
    [InlineData("4 h", 240)]
    [InlineData("1h30m", 90)]
    [InlineData(" 3 d 4 h ", 4560)]
    [InlineData("2 hours 5 minutes", 125)]
    [InlineData("3天", 4320)]
    [InlineData("2小时30分", 150)]
    [InlineData("45分钟", 45)]
    [InlineData("1天 2小时", 1560)]
    public void ParseSpan_AsPeopleTypeIt(string text, int minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), Format.ParseSpan(text));

    [Theory]
    [InlineData("")]
    [InlineData("half an hour")]
    [InlineData("4 h x")]
    [InlineData("-5")]
    [InlineData("1.5 h")]
    [InlineData("4 weeks")]
    [InlineData("99999999999 d")]
    public void ParseSpan_NotASpan_IsNull(string text) => Assert.Null(Format.ParseSpan(text));

    [Fact]
    public void SpanExact_ReadsBackAsTheSameMinutes_InBothLanguages()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            Gen.Select(Gen.Int[0, 525_600], Gen.Bool.Select(zh => zh ? "zh-CN" : "en")).Sample((minutes, culture) =>
            {
                System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(culture);
                return Format.ParseSpan(Format.SpanExact(TimeSpan.FromMinutes(minutes))) == TimeSpan.FromMinutes(minutes);
            });
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("  ", true)]
    [InlineData("wang SALES", true)]   // each word in a field of its own, any case
    [InlineData("wang support", false)] // every word must be found
    [InlineData("ng sa", true)]        // parts of words count
    public void TextSearch_EveryWordInSomeField(string? search, bool found) =>
        Assert.Equal(found, TextSearch.EveryWord(search, ["Wang Fang", null, "Sales"]));

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

    [Theory]
    [InlineData(0.796, 0.80, "79.6%")]  // would round onto the target it misses
    [InlineData(0.7999, 0.80, "79.9%")] // cut toward the truth, never up to the level
    [InlineData(0.804, 0.80, "80.4%")]  // above: would round onto the level from above
    [InlineData(0.794, 0.80, "79%")]    // rounding keeps it below: whole percent
    [InlineData(0.80, 0.80, "80%")]     // at the level is at it
    [InlineData(0.90, 0.80, "90%")]
    public void Percent_AgainstALevel_NeverReadsAsOnTheOtherSide(double ratio, double level, string expected) =>
        Assert.Equal(expected, Format.Percent(ratio, level));

    [Fact]
    public void Percent_AgainstALevel_AnyRatioReadsOnTheSideOfTheLevelItIs() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[1, 99]).Sample((r, l) =>
        {
            double ratio = r / 100_000.0, level = l / 100.0;
            var shown = double.Parse(Format.Percent(ratio, level).TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) / 100;
            return Math.Sign(Math.Round(shown - level, 6)) == Math.Sign(Math.Round(ratio - level, 9));
        });

    [Fact]
    public void ClockTime_CenterZone_WritesLocalTime()
    {
        var shanghai = new CenterClock(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), default);

        Assert.Equal("17:00:05", Format.ClockTime(new DateTimeOffset(2025, 3, 10, 9, 0, 5, TimeSpan.Zero), shanghai));
    }
}
