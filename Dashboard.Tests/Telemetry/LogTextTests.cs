using Dashboard.Grains.Telemetry;

namespace Dashboard.Tests.Telemetry;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("a-1042", "a-1042")]
    [InlineData("a\nINFO forged", "a\\u000aINFO forged")]
    [InlineData("\u001b[31mred\u0000", "\\u001b[31mred\\u0000")]
    [InlineData("Li\u2028Wei", "Li\\u2028Wei")]
    [InlineData("李伟", "李伟")]
    public void Safe_ControlCharacters_ShownAsEscapes(string text, string expected) =>
        Assert.Equal(expected, LogText.Safe(text));

    [Fact]
    public void Safe_LongText_CutToTheLimitWithAnEllipsis()
    {
        var safe = LogText.Safe(new string('x', 1024 * 1024));

        Assert.Equal(new string('x', LogText.MaxLength) + "…", safe);
    }
}
