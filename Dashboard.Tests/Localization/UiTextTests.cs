using System.Reflection;
using Dashboard.Grains.Alerts;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dashboard.Tests.Localization;

/// <summary>Texts built from data: alert lines from the alert's fields, validation messages, states, reasons, formulas.</summary>
public sealed class UiTextTests
{
    private static readonly IStringLocalizer L = TestText.Localizer;

    private static Alert AlertOf(string rule, AlertSeverity severity, double value, double threshold) =>
        new("queue:sales:" + rule, AlertScope.Queue, "sales", "Sales", rule, severity, value, threshold,
            DateTimeOffset.UnixEpoch, null);

    [Theory]
    [InlineData("en", "Longest wait 2:05, over 2:00")]
    [InlineData("zh-CN", "最长等待 2:05，超过 2:00")]
    public void AlertLine_LongestWait_FromValueAndThreshold(string culture, string expected)
    {
        using var _ = TestText.Culture(culture);

        Assert.Equal(expected, L.AlertLine(AlertOf(AlertEngine.LongestWaitRule, AlertSeverity.Critical, 125, 120)));
    }

    [Fact]
    public void AlertLine_EveryRuleOfTheEngine_IsWrittenInChinese()
    {
        using var _ = TestText.Culture("zh-CN");
        var rules = typeof(AlertEngine).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Rule", StringComparison.Ordinal)).Select(f => (string)f.GetValue(null)!).ToList();

        var lines = rules.Select(rule => L.AlertLine(AlertOf(rule, AlertSeverity.Warning, 0.5, 0.8))).ToList();

        Assert.Equal(7, rules.Count);
        Assert.All(lines, line => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", line));
    }

    [Fact]
    public void AlertLine_NotReadyWithReason_NamesTheReason()
    {
        using var _ = TestText.Culture("zh-CN");

        Assert.Equal("示忙（午餐）已 12:00，超过 10:00",
            L.AlertLine(AlertOf(AlertEngine.NotReadyRule, AlertSeverity.Warning, 720, 600), L.Reason("lunch", "Lunch")));
    }

    [Fact]
    public void AlertLine_UnknownRule_ShowsTheRuleAndValue()
    {
        using var _ = TestText.Culture("zh-CN");

        Assert.Equal("some-new-rule: 1", L.AlertLine(AlertOf("some-new-rule", AlertSeverity.Warning, 1, 1)));
    }

    [Theory]
    [InlineData("must be a whole number of seconds from 1 to 3600", "须为 1 到 3600 之间的整数秒")]
    [InlineData("Name: another active key is called 'acd'.", "名称：已有名为 'acd' 的有效密钥。")]
    [InlineData("a message nobody translated", "a message nobody translated")]
    public void Validation_InChinese_TranslatesWithItsNumbersAndNames(string message, string expected)
    {
        using var _ = TestText.Culture("zh-CN");

        Assert.Equal(expected, L.Validation(message));
    }

    [Theory]
    [InlineData("shifts[1].start", "班次 2 · 开始")]
    [InlineData("target", "目标")]
    [InlineData("something.else", "something.else")]
    public void Field_InChinese_NamesTheFieldAndItsPosition(string field, string expected)
    {
        using var _ = TestText.Culture("zh-CN");

        Assert.Equal(expected, L.Field(field));
    }

    [Fact]
    public void State_EveryAgentState_HasANameInBothLanguages()
    {
        foreach (var culture in Languages.Cultures)
        {
            using var _ = TestText.Culture(culture);
            Assert.All(Enum.GetValues<AgentState>(), state => Assert.False(L["State." + AgentStateNames.WireName(state)].ResourceNotFound));
        }
    }

    [Fact]
    public void Reason_KnownCodeInChinese_Translated_UnknownCodeByItsLabel()
    {
        using var _ = TestText.Culture("zh-CN");

        Assert.Equal("午餐", L.Reason("lunch", "Lunch"));
        Assert.Equal("Quality review", L.Reason("qa", "Quality review"));
        Assert.Equal("qa", L.Reason("qa", null));
    }

    [Fact]
    public void KpiFormulas_EveryConstant_IsAKeyOfTheResource()
    {
        var keys = typeof(KpiFormulas).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.False(L[key].ResourceNotFound, key));
    }

    [Fact]
    public void ServiceLevelFormula_InChinese_ReadsInChinese()
    {
        using var _ = TestText.Culture("zh-CN");

        Assert.Equal("服务水平（近 30 分钟）：20 秒内接通 ÷（接通 + 放弃 − 短时放弃）；目标 80%。无来电时显示 —。",
            KpiFormulas.ServiceLevel(L, QueueSettings.Default));
    }

    [Theory]
    [InlineData("en", "Thu 26 Nov 2026")]
    [InlineData("zh-CN", "2026年11月26日 周四")]
    public void Day_InEachLanguage_WrittenAsItsReadersWriteIt(string culture, string expected)
    {
        using var _ = TestText.Culture(culture);

        Assert.Equal(expected, Format.Day(new DateOnly(2026, 11, 26)));
    }
}
