using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Dashboard.Bench;

// dotnet run -c Release --project bench/Dashboard.Bench -- [--quick] [--scenarios http,grains,baseline]
var quick = args.Contains("--quick");
var scenarioArg = args.SkipWhile(a => a != "--scenarios").Skip(1).FirstOrDefault() ?? "baseline,grains,http";
var scenarios = scenarioArg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var root = FindRoot();
var settings = new Settings(
    Agents: 10_000, Queues: 500,
    Duration: TimeSpan.FromSeconds(quick ? 15 : 60), Warmup: TimeSpan.FromSeconds(quick ? 3 : 10),
    BatchSize: 1_000, Senders: 4, Root: root);

var machine = new
{
    cores = Environment.ProcessorCount,
    memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
    dotnet = RuntimeInformation.FrameworkDescription,
    os = RuntimeInformation.OSDescription,
};
var command = "dotnet run -c Release --project bench/Dashboard.Bench --" + string.Concat(args.Select(a => " " + a));
Console.WriteLine($"{command}\n{machine}\n{settings with { Root = "" }}");

var results = new Dictionary<string, IngestFigures>();
foreach (var scenario in scenarios)
{
    Console.WriteLine($"running {scenario} …");
    results[scenario] = scenario switch
    {
        "http" => await Scenarios.HttpIngestAsync(settings),
        "grains" => await Scenarios.GrainIngestAsync(settings),
        "baseline" => Scenarios.Baseline(settings),
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (http, grains, baseline)"),
    };
    Console.WriteLine($"  {results[scenario]}");
}

var report = new
{
    date = DateTimeOffset.UtcNow,
    mode = quick ? "quick" : "full",
    command,
    machine,
    settings = new { settings.Agents, settings.Queues, durationSeconds = settings.Duration.TotalSeconds, settings.BatchSize, settings.Senders },
    results,
    httpToBaseline = results.TryGetValue("http", out var h) && results.TryGetValue("baseline", out var b)
        ? h.EventsPerSecond / b.EventsPerSecond : (double?)null,
};
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
Directory.CreateDirectory(Path.Combine(root, "bench", "results"));
await File.WriteAllTextAsync(Path.Combine(root, "bench", "results", "latest.json"), json);
Console.WriteLine(json);
await ReportTable.WriteAsync(Path.Combine(root, "docs", "performance.md"), report.date, report.mode, command, machine, results, report.httpToBaseline);

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
