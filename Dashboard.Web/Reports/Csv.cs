using System.Buffers;
using System.Globalization;
using System.Text;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Reports;

/// <summary>
/// RFC 4180 text: comma-separated, CRLF line ends, a field quoted (quotes doubled) when it holds a comma, a quote
/// or a line break. Numbers in the invariant culture (a dot, never a decimal comma); an undefined figure is an
/// empty field. Text that a spreadsheet would run as a formula gets a leading apostrophe, so a hostile queue or agent
/// name stays text (OWASP, CSV injection): text starting with =, +, -, @, tab or CR, and text whose first character
/// past spaces, control characters and separators (; and ,) is one of the four — spreadsheets skip the former and
/// split on the latter, so " =cmd" or ";=cmd" would run too.
/// </summary>
public sealed class Csv
{
    private readonly StringBuilder _text = new();
    private bool _rowStarted;

    public Csv Text(string? value) => Field(value is not null && RunsAsFormula(value) ? "'" + value : value ?? "");

    private static bool RunsAsFormula(string value)
    {
        if (value is ['\t' or '\r', ..])
            return true;
        var start = value.AsSpan().IndexOfAnyExcept(SkippedBeforeAFormula);
        return start >= 0 && value[start] is '=' or '+' or '-' or '@';
    }

    private static readonly SearchValues<char> SkippedBeforeAFormula = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ';' or ',')]);

    public Csv Texts(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Text(value);
        }
        return this;
    }

    public Csv Number(double? value) =>
        Field(value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");

    public Csv Number(int value) => Field(value.ToString(CultureInfo.InvariantCulture));

    public Csv Time(DateTimeOffset at) => Field(Rfc3339.Format(at));

    public Csv Date(DateOnly day) => Field(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public Csv EndRow()
    {
        _text.Append("\r\n");
        _rowStarted = false;
        return this;
    }

    /// <summary>UTF-8 with a byte-order mark: Excel reads a file without one in the local code page and garbles 中文 names.</summary>
    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    public override string ToString() => _text.ToString();

    private Csv Field(string value)
    {
        if (_rowStarted)
        {
            _text.Append(',');
        }
        _rowStarted = true;
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            _text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            _text.Append(value);
        }
        return this;
    }
}
