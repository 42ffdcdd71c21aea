using System.Globalization;
using Dashboard.Grains.Telemetry;

namespace Dashboard.Web.Ingestion.Asterisk;

/// <summary>
/// One line of Asterisk's queue_log: <c>epoch|callid|queue|agent|VERB|data1|data2|…</c> (docs/asterisk.md). The time
/// is Unix seconds (a fraction allowed, as some builds write); "NONE" fields are null.
/// </summary>
public sealed record QueueLogLine(DateTimeOffset At, string? CallId, string? Queue, string? Agent, string Verb, IReadOnlyList<string> Data, string Raw)
{
    /// <summary>The n-th data field (1-based, as Asterisk's documentation counts them), or "" when absent.</summary>
    public string this[int n] => n >= 1 && n <= Data.Count ? Data[n - 1] : "";

    public static QueueLogLine? Parse(string raw, out string? problem)
    {
        var fields = raw.TrimEnd('\r').Split('|');
        if (fields.Length < 5 || fields[4].Length == 0)
        {
            problem = "fewer than the five fields epoch|callid|queue|agent|event (a truncated line?)";
            return null;
        }
        if (!decimal.TryParse(fields[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var epoch)
            || epoch is <= 0 or > 253402300799)
        {
            problem = $"'{LogText.Safe(fields[0])}' is not a Unix time in seconds";
            return null;
        }
        problem = null;
        return new QueueLogLine(
            DateTimeOffset.UnixEpoch.AddTicks((long)(epoch * TimeSpan.TicksPerSecond)),
            Value(fields[1]), Value(fields[2]), Value(fields[3]), fields[4].Trim().ToUpperInvariant(), fields[5..], raw);

        static string? Value(string field) =>
            field.Length == 0 || field.Equals("NONE", StringComparison.OrdinalIgnoreCase) ? null : field.Trim();
    }
}
