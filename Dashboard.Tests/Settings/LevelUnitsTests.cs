using Dashboard.Tests.Localization;
using Dashboard.Web.Settings;

namespace Dashboard.Tests.Settings;

/// <summary>Alert levels are kept as fractions and seconds and read and typed as managers think of them: percent,
/// percentage points, seconds or minutes; converted in one place, both ways, with nothing lost.</summary>
public sealed class LevelUnitsTests
{
    [Theory]
    [InlineData("abandonRate", 0.08, 8)]
    [InlineData("abandonRate", 0.07, 7)]          // 0.07 × 100 is 7.000000000000001 in binary
    [InlineData("serviceLevel", 0.10, 10)]
    [InlineData("notReady", 900, 15)]
    [InlineData("callDuration", 1200, 20)]
    [InlineData("wrapUp", 120, 120)]
    [InlineData("longestWait", 60, 60)]
    [InlineData("waitingWithNoAgent", 5, 5)]
    public void Level_ShownInTheManagersUnit_AndKeptAsBefore(string rule, double kept, double shown)
    {
        var unit = LevelUnits.Of(rule);

        Assert.Equal(shown, LevelUnits.Shown(kept, unit));
        Assert.Equal(kept, LevelUnits.Kept(shown, unit));
    }

    [Fact]
    public void EveryAlertLevelsRule_HasAUnit() =>
        Assert.All(["longestWait", "waitingWithNoAgent", "abandonRate", "wrapUp", "notReady", "callDuration", "serviceLevel"],
            rule => LevelUnits.Of(rule));

    [Theory]
    [InlineData("en", 0.08, LevelUnit.Percent, "8%")]
    [InlineData("en", 900, LevelUnit.Minutes, "15 minutes")]
    [InlineData("en", 0.02, LevelUnit.Points, "2 percentage points")]
    [InlineData("zh-CN", 900, LevelUnit.Minutes, "15 分钟")]
    [InlineData("zh-CN", 0.1, LevelUnit.Points, "10 个百分点")]
    public void Write_ALevelWithItsUnit_InTheReadersLanguage(string culture, double kept, LevelUnit unit, string expected)
    {
        using var _ = TestText.Culture(culture);

        Assert.Equal(expected, LevelUnits.Write(TestText.Localizer, kept, unit));
    }

    [Fact]
    public void EveryUnit_HasANameInBothLanguages()
    {
        foreach (var culture in new[] { "en", "zh-CN" })
        {
            using var _ = TestText.Culture(culture);
            Assert.All(Enum.GetValues<LevelUnit>(), unit => Assert.False(TestText.Localizer["Settings.Unit." + unit].ResourceNotFound, $"{culture}: {unit}"));
        }
    }

    [Theory]
    [InlineData("abandonRate.warning", 0.08, "8%")]
    [InlineData("serviceLevel.criticalMargin", 0.1, "10 percentage points")]
    [InlineData("notReady.critical", 1800, "30 minutes")]
    [InlineData("longestWait.hysteresis", 10, "10 seconds")]
    [InlineData("serviceLevelTarget", 0.8, "80%")]
    [InlineData("minimumContactsForRates", 5, null)]
    [InlineData("skillLevel", 3, null)]
    public void WriteStored_TheAuditLogsFigures_InTheUnitOfTheSettingsPage(string path, double kept, string? expected) =>
        Assert.Equal(expected, LevelUnits.WriteStored(TestText.Localizer, path, kept));
}
