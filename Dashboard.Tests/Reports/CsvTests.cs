using System.Globalization;
using CsCheck;
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
    [InlineData(";=1+1", "';=1+1")]
    [InlineData(" =1+1", "' =1+1")]
    [InlineData("  \t@SUM(A1)", "'  \t@SUM(A1)")]
    [InlineData(",-2", "\"',-2\"")]
    [InlineData("\u3000+1", "'\u3000+1")]
    [InlineData(" plain", " plain")]
    [InlineData("; a=b", "; a=b")]
    public void Text_Value_QuotedAndDefusedAsRfc4180AndOwaspSay(string value, string expected)
    {
        Assert.Equal(expected + "\r\n", new Csv().Text(value).EndRow().ToString());
    }

    // Formula triggers behind what a spreadsheet skips or splits on (spaces, tabs, line breaks, separators), among
    // ordinary characters, quotes and apostrophes.
    private static readonly Gen<string> AnyText =
        Gen.OneOf(Gen.Char[" \t\r\n;,=+-@'\"a1\u00a0\u3000"], Gen.Char).Array[0, 10].Select(chars => new string(chars));

    [Fact]
    public void Text_AnyText_ReadsBackAsItselfOrDefused_AndNeverStartsAFormula()
    {
        AnyText.Sample(value =>
        {
            var cell = ReadOneField(new Csv().Text(value).EndRow().ToString());
            var start = value.AsSpan().IndexOfAnyExcept(Skipped);
            // OWASP: a cell starting with = + - @ tab or CR runs as a formula; so does one whose first character
            // past spaces and separators is one of the four.
            var trigger = value is ['\t' or '\r', ..] || (start >= 0 && value[start] is '=' or '+' or '-' or '@');

            Assert.Equal(trigger ? "'" + value : value, cell);
        }, iter: 10_000, print: v => string.Concat(v.Select(c => c is >= (char)0x21 and <= (char)0x7e ? c.ToString() : $"\\u{(int)c:x4}")));
    }

    private static readonly System.Buffers.SearchValues<char> Skipped = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ';' or ',')]);

    // One RFC 4180 field and the row's end: quoted (quotes doubled) or as it is.
    private static string ReadOneField(string row)
    {
        Assert.EndsWith("\r\n", row);
        var field = row[..^2];
        if (field is ['"', .., '"'])
            return field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        Assert.DoesNotContain('"', field);
        Assert.DoesNotContain(',', field);
        return field;
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
