using System.Globalization;
using System.Text;

namespace Dashboard.Bench;

/// <summary>Writes the latest run as a table between the result markers of docs/performance.md.</summary>
public static class ReportTable
{
    private const string Start = "<!-- results:start -->";
    private const string End = "<!-- results:end -->";

    public static async Task WriteAsync(
        string path, DateTimeOffset date, string mode, string command, object machine,
        IReadOnlyDictionary<string, IngestFigures> results, double? httpToBaseline)
    {
        var table = new StringBuilder();
        table.AppendLine(Start);
        table.AppendLine(CultureInfo.InvariantCulture, $"Run {date:yyyy-MM-dd HH:mm} UTC, {mode} mode, `{command}`  ");
        table.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}");
        table.AppendLine();
        table.AppendLine("| scenario | events/s | events | server CPU (share of all cores) | allocated bytes/event | GC pause p99 (bucket bound) | event→push p99 (bucket bound) |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in results)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {r.EventsPerSecond:N0} | {r.Events:N0} | {Percent(r.ServerCpu)} | {Number(r.AllocatedBytesPerEvent)} | {Ms(r.GcPauseP99Ms)} | {Ms(r.EventToPushP99Ms)} |");
        }
        if (httpToBaseline is { } ratio)
        {
            table.AppendLine();
            table.AppendLine(CultureInfo.InvariantCulture, $"HTTP throughput / baseline throughput, same run: **{ratio:F2}**");
        }
        table.AppendLine(End);

        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : $"# Performance\n\n{Start}\n{End}\n";
        var from = text.IndexOf(Start, StringComparison.Ordinal);
        var to = text.IndexOf(End, StringComparison.Ordinal);
        text = from < 0 || to < 0
            ? text + "\n" + table
            : text[..from] + table.ToString().TrimEnd('\n') + text[(to + End.Length)..];
        await File.WriteAllTextAsync(path, text);
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P0", CultureInfo.InvariantCulture) : "—";

    private static string Number(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double? value) => value is { } v && !double.IsNaN(v) ? $"≤ {v:0.##} ms" : "—";
}
