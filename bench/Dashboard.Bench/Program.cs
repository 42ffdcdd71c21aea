using System.Diagnostics;
using System.Globalization;
using Dashboard.Bench;

// dotnet run -c Release --project bench/Dashboard.Bench -- [--quick] [--scenarios baseline,grains,http,hubs,agents,circuits,history,historydb,durable,cluster]
// dotnet run -c Release --project bench/Dashboard.Bench -- --soak [--quick]
// dotnet run -c Release --project bench/Dashboard.Bench -- --report   (only rewrites the tables from latest.json)
//
// Full mode runs every scenario except the soak (~15 minutes on 2 cores); --quick shortens each run, keeps one
// hub combination and 3,000 agents, under two minutes in all. The soak (the http load for 10 minutes, 1 with --quick, sampling the server's memory) is a
// run of its own: --soak. Every run merges its scenarios into bench/results/latest.json by name — the other
// scenarios keep their last figures and the run they came from — and rewrites the tables in docs/performance.md.
// The cluster scenario (one host against a two-silo cluster with its membership in a PostgreSQL server it starts)
// runs only when named: --scenarios cluster; so does the restart after a long run at full rate:
// --scenarios restart-long [--minutes 12].
// Figures printed and written the same way on any machine.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var scenarioArg = args.Contains("--soak") ? "soak"
    : args.Contains("--report") ? ""
    : args.SkipWhile(a => a != "--scenarios").Skip(1).FirstOrDefault() ?? "baseline,grains,http,hubs,agents,circuits,history,historydb,durable";
var scenarios = scenarioArg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var root = FindRoot();
var settings = new Settings(
    Agents: 10_000, Queues: 500,
    Duration: TimeSpan.FromSeconds(quick ? 8 : 60), Warmup: TimeSpan.FromSeconds(quick ? 2 : 10),
    BatchSize: 1_000, Senders: 4, Root: root);

var command = "dotnet run -c Release --project bench/Dashboard.Bench --" + string.Concat(args.Select(a => " " + a));
var run = new Run(DateTimeOffset.UtcNow, quick ? "quick" : "full", command, Machine.Current);
Console.WriteLine($"{command}\n{run.Machine}\n{settings with { Root = "" }}");
Console.WriteLine("Clients (HTTP senders, hub clients, Chromium) run on this machine too, sharing its cores with the server.");

var resultsPath = Path.Combine(root, "bench", "results", "latest.json");
Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
var results = await ResultsFile.LoadAsync(resultsPath);
var total = Stopwatch.StartNew();
foreach (var scenario in scenarios)
{
    Console.WriteLine($"running {scenario} …");
    var clock = Stopwatch.StartNew();
    Figures figures = scenario switch
    {
        "http" => await Scenarios.HttpIngestAsync(settings),
        "grains" => await Scenarios.GrainIngestAsync(settings),
        "baseline" => Scenarios.Baseline(settings),
        "hubs" => await HubLatency.RunAsync(settings, quick),
        "agents" => await AgentMemory.RunAsync(settings, quick),
        "circuits" => await CircuitMemory.RunAsync(settings, quick),
        "soak" => await Soak.RunAsync(settings, quick),
        "history" => await HistoryLoad.RunAsync(settings),
        "historydb" => await EmbeddedHistory.RunAsync(quick),
        "durable" => await DurableIngest.RunAsync(settings),
        "cluster" => await ClusterIngest.RunAsync(settings),
        "restart-long" => await LongRestart.RunAsync(settings,
            double.Parse(args.SkipWhile(a => a != "--minutes").Skip(1).FirstOrDefault() ?? "12", CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (baseline, grains, http, hubs, agents, circuits, history, historydb, durable, cluster, restart-long, soak)"),
    };
    Console.WriteLine($"  {figures}  [{clock.Elapsed.TotalSeconds:F0} s]");
    results.Results[scenario] = new ScenarioResult(run, figures);
    // Saved after each scenario, so a later failure keeps what was measured.
    await File.WriteAllTextAsync(resultsPath, results.ToJson());
}
Console.WriteLine($"{scenarios.Length} scenario(s) in {total.Elapsed:m\\:ss}");
await ReportTable.WriteAsync(Path.Combine(root, "docs", "performance.md"), results);

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
