using System.Globalization;
using Dashboard.Web.Reports;

namespace Dashboard.Tests.Reports;

public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 21 5555", "'+86 21 5555")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("=cmd|' /C calc'!A0,x", "\"'=cmd|' /C calc'!A0,x\"")]
    [InlineData("a=b", "a=b")]
    public void Text_Value_QuotedAndDefusedAsRfc4180AndOwaspSay(string value, string expected)
    {
        Assert.Equal(expected + "\r\n", new Csv().Text(value).EndRow().ToString());
    }

    [Fact]
    public void Number_DecimalCommaCulture_WrittenWithADot()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var csv = new Csv().Number(0.25).Number(1234567.5).Number(-3).Number((double?)null).Number(double.NaN).EndRow();

            Assert.Equal("0.25,1234567.5,-3,,\r\n", csv.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Time_CenterOffset_Rfc3339WithThatOffset()
    {
        var at = new DateTimeOffset(2025, 3, 14, 9, 15, 0, TimeSpan.FromHours(8));

        Assert.Equal("2025-03-14T09:15:00+08:00,2025-03-14\r\n", new Csv().Time(at).Date(new DateOnly(2025, 3, 14)).EndRow().ToString());
    }

    [Fact]
    public void ToBytes_AnyText_Utf8WithByteOrderMark()
    {
        var bytes = new Csv().Text("客服").EndRow().ToBytes();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("客服\r\n", System.Text.Encoding.UTF8.GetString(bytes[3..]));
    }
}
