using System.Text;

namespace Dashboard.Grains.Telemetry;

/// <summary>
/// Text a sender chose, made fit for a log line or an error message: control characters (a forged line break, a
/// terminal escape, NUL) shown as <c>\uXXXX</c>, and cut to <see cref="MaxLength"/> characters, so whatever arrives
/// neither forges nor floods a log.
/// </summary>
public static class LogText
{
    public const int MaxLength = 100;

    public static string Safe(string? text)
    {
        if (text is null)
            return "";
        var cut = text.Length > MaxLength;
        var shown = cut ? text[..MaxLength] : text;
        if (!cut && !shown.Any(Unsafe))
            return shown;
        var safe = new StringBuilder(shown.Length + 16);
        foreach (var c in shown)
            safe.Append(Unsafe(c) ? $"\\u{(int)c:x4}" : c);
        return cut ? safe.Append('…').ToString() : safe.ToString();
    }

    private static bool Unsafe(char c) => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029';
}
