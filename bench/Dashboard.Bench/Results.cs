using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Bench;

public sealed record Machine(int Cores, double MemoryGiB, string Dotnet, string Os)
{
    public static Machine Current { get; } = new(
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription);

    public override string ToString() => $"{Cores} cores, {MemoryGiB} GiB, {Dotnet}, {Os}";
}

/// <summary>Which run produced a scenario's figures: scenarios run at different times keep their own.</summary>
public sealed record Run(DateTimeOffset Date, string Mode, string Command, Machine Machine);

public sealed record ScenarioResult(Run Run, Figures Figures);

/// <summary>What one scenario measured; the kind names the shape in latest.json.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(IngestFigures), "ingest")]
[JsonDerivedType(typeof(HubFigures), "hubs")]
[JsonDerivedType(typeof(AgentMemoryFigures), "agents")]
[JsonDerivedType(typeof(CircuitFigures), "circuits")]
[JsonDerivedType(typeof(SoakFigures), "soak")]
[JsonDerivedType(typeof(HistoryFigures), "history")]
[JsonDerivedType(typeof(EmbeddedHistoryFigures), "historydb")]
[JsonDerivedType(typeof(DurableFigures), "durable")]
[JsonDerivedType(typeof(ClusterFigures), "cluster")]
[JsonDerivedType(typeof(LongRestartFigures), "restart-long")]
public abstract record Figures;

/// <summary>bench/results/latest.json: the latest result of every scenario, merged by scenario name.</summary>
public sealed record ResultsFile(Dictionary<string, ScenarioResult> Results)
{
    // Named literals: a percentile of an empty sample is NaN, of one with lost messages Infinity.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<ResultsFile> LoadAsync(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<ResultsFile>(await File.ReadAllTextAsync(path), Json);
            // Entries in an older shape of the report have no run or figures: they are dropped.
            return new(file?.Results.Where(r => r.Value is { Run: not null, Figures: not null })
                .ToDictionary(StringComparer.Ordinal) ?? []);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // No file yet, or one from an older shape of the report: start afresh rather than fail the run.
            return Empty();
        }
    }

    /// <summary>Scenarios in the order they run, for stable diffs of latest.json.</summary>
    public static readonly string[] Order = ["baseline", "grains", "http", "hubs", "agents", "circuits", "history", "historydb", "durable", "cluster", "restart-long", "soak"];

    public string ToJson() => JsonSerializer.Serialize(
        new ResultsFile(Results.OrderBy(r => Array.IndexOf(Order, r.Key)).ToDictionary(StringComparer.Ordinal)), Json);

    public T? Get<T>(string scenario) where T : Figures =>
        Results.TryGetValue(scenario, out var result) ? result.Figures as T : null;

    private static ResultsFile Empty() => new(new Dictionary<string, ScenarioResult>(StringComparer.Ordinal));
}

/// <summary>Exact percentiles of a sample (nearest rank).</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
