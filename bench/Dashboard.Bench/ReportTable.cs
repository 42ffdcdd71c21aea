using System.Globalization;
using System.Text;

namespace Dashboard.Bench;

/// <summary>
/// Writes every scenario's latest figures (bench/results/latest.json) as tables between the result markers of
/// docs/performance.md, each under the run that produced it.
/// </summary>
public static class ReportTable
{
    private const string Start = "<!-- results:start -->";
    private const string End = "<!-- results:end -->";
    private static readonly string[] IngestScenarios = ["baseline", "grains", "http"];

    public static async Task WriteAsync(string path, ResultsFile results)
    {
        // One run line on top when every figure comes from the same run; otherwise one under each title.
        var runs = results.Results.Values.Select(r => r.Run).Distinct().ToList();
        var table = new Table(runs.Count == 1 ? runs[0] : null);
        table.Line(Start);
        if (runs.Count == 1)
        {
            table.Line(Table.RunLine(runs[0]));
        }
        Ingest(table, results);
        Hubs(table, results);
        Agents(table, results);
        Circuits(table, results);
        History(table, results);
        EmbeddedHistory(table, results);
        Durable(table, results);
        Cluster(table, results);
        LongRestart(table, results);
        Soak(table, results);
        table.Line(End);

        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : $"# Performance\n\n{Start}\n{End}\n";
        var from = text.IndexOf(Start, StringComparison.Ordinal);
        var to = text.IndexOf(End, StringComparison.Ordinal);
        text = from < 0 || to < 0
            ? text + "\n" + table
            : text[..from] + table.ToString().TrimEnd('\n') + text[(to + End.Length)..];
        await File.WriteAllTextAsync(path, text);
    }

    private static void Ingest(Table table, ResultsFile results)
    {
        var rows = IngestScenarios.Where(results.Results.ContainsKey).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        table.Heading("Ingest throughput (scenarios 1–3)", rows.Select(r => results.Results[r].Run));
        table.Line("| scenario | events/s | events | server CPU (share of all cores) | allocated bytes/event | GC pause p99 (bucket bound) | event→push p99 (bucket bound) |");
        table.Line("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var name in rows)
        {
            var r = (IngestFigures)results.Results[name].Figures;
            table.Line($"| {name} | {r.EventsPerSecond:N0} | {r.Events:N0} | {Percent(r.ServerCpu)} | {Number(r.AllocatedBytesPerEvent)} | {Bound(r.GcPauseP99Ms)} | {Bound(r.EventToPushP99Ms)} |");
        }
        if (results.Results.GetValueOrDefault("http") is { } http && results.Results.GetValueOrDefault("baseline") is { } baseline
            && http.Run == baseline.Run)
        {
            var ratio = ((IngestFigures)http.Figures).EventsPerSecond / ((IngestFigures)baseline.Figures).EventsPerSecond;
            table.Line();
            table.Line($"HTTP throughput / baseline throughput, same run: **{ratio:F2}**");
        }
    }

    private static void Hubs(Table table, ResultsFile results)
    {
        if (results.Get<HubFigures>("hubs") is not { } hubs)
        {
            return;
        }
        table.Heading("Event to screen, hub subscribers (scenario 4)", [results.Results["hubs"].Run]);
        table.Line("Latency from the start of a probe event's POST to each .NET hub client's first snapshot reflecting it, exact over " +
                   "all (probe, client) pairs; a snapshot not received by the end of the run (missed) counts as infinitely late (∞). " +
                   "The clients run in the benchmark process on the same cores as the server (CPU shares of both cores shown).");
        table.Line();
        table.Line("| subscribers (on the floor) | target events/s | achieved events/s (✓ ≥ 98 % of target) | probes | samples | missed | p50 | p95 | p99 | max | p99 floor / queue clients | server event→push p99 (bucket bound) | server CPU | client CPU | disconnected |");
        table.Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in hubs.Rows)
        {
            table.Line($"| {r.Subscribers:N0} ({r.FloorSubscribers:N0}) | {r.TargetEventsPerSecond:N0} | {r.AchievedEventsPerSecond:N0} {(r.AchievedEventsPerSecond >= 0.98 * r.TargetEventsPerSecond ? "✓" : "✗")} | {r.Probes} | {r.Samples:N0} | {r.Missed:N0} | " +
                       $"{Ms(r.P50Ms)} | {Ms(r.P95Ms)} | {Ms(r.P99Ms)} | {Ms(r.MaxMs)} | {Ms(r.FloorP99Ms)} / {Ms(r.QueueP99Ms)} | " +
                       $"{Bound(r.ServerEventToPushP99Ms)} | {Percent(r.ServerCpu)} | {Percent(r.BenchCpu)} | {r.Disconnected} |");
        }
    }

    private static void Agents(Table table, ResultsFile results)
    {
        if (results.Get<AgentMemoryFigures>("agents") is not { } r)
        {
            return;
        }
        table.Heading("Memory per agent (scenario 5)", [results.Results["agents"].Run]);
        table.Line($"A day of {r.Agents:N0} agents on {r.Queues:N0} queues ({r.Events:N0} events at {r.EventsPerSecond:N0}/s) through an in-process silo; " +
                   $"managed heap after full GCs, growth over the started silo ({r.SiloHeapMiB:F1} MiB), per agent.");
        table.Line();
        table.Line("| logins only | whole day (all grains) | whole day, call shards and queue grains deactivated | agent grains alone (floor deactivated too) |");
        table.Line("|---:|---:|---:|---:|");
        table.Line($"| {Bytes(r.LoginOnlyBytesPerAgent)} | {Bytes(r.FullDayBytesPerAgent)} | {Bytes(r.WithoutCallsAndQueuesBytesPerAgent)} | {Bytes(r.AgentGrainsBytesPerAgent)} |");
    }

    private static void Circuits(Table table, ResultsFile results)
    {
        if (results.Get<CircuitFigures>("circuits") is not { } r)
        {
            return;
        }
        table.Heading("Memory per wall-board circuit (scenario 6)", [results.Results["circuits"].Run]);
        table.Line($"Server managed heap (live objects after two full GCs forced over EventPipe) with one /wallboard open in headless " +
                   $"Chromium, then with {r.Pages} more; simulator on.");
        table.Line();
        table.Line("| pages added | heap before | heap after | heap per circuit | working set per circuit |");
        table.Line("|---:|---:|---:|---:|---:|");
        table.Line($"| {r.Pages} | {r.HeapBeforeMiB:F1} MiB | {r.HeapAfterMiB:F1} MiB | {Bytes(r.BytesPerCircuit)} | {Bytes(r.WorkingSetBytesPerCircuit)} |");
    }

    private static void Durable(Table table, ResultsFile results)
    {
        if (results.Get<DurableFigures>("durable") is not { } r)
        {
            return;
        }
        table.Heading("Durable ingest and recovery (scenario 9)", [results.Results["durable"].Run]);
        table.Line("The http load into a host that acknowledges events once applied in memory (Durability:Journal=false), then into " +
                   "one that acknowledges once they are in its journal on disk (the default); that host is then killed (SIGKILL) " +
                   "and started again on its data directory, timed until /readyz (the journal replayed).");
        table.Line();
        table.Line("| in memory | journaled | ratio | events in journal | start to ready after kill | empty start | replayed |");
        table.Line("|---:|---:|---:|---:|---:|---:|---:|");
        table.Line($"| {r.InMemoryEventsPerSecond:N0} events/s | {r.JournaledEventsPerSecond:N0} events/s | {r.Ratio:F2} | {r.JournaledEvents:N0} | " +
                   $"{r.RecoverySeconds:F1} s | {r.EmptyStartSeconds:F1} s | {r.ReplayedPerSecond:N0} events/s |");
        if (r.SnapshotEvents == 0)
        {
            return;
        }
        table.Line();
        table.Line($"With snapshots (Durability:Snapshots=true, one every {r.SnapshotEveryEvents:N0} events): the same load, then SIGKILL and " +
                   "a start that restores the last snapshot and replays only the journal after it.");
        table.Line();
        table.Line("| journaled + snapshots | ratio to in memory | events taken | start to ready after kill | without snapshots |");
        table.Line("|---:|---:|---:|---:|---:|");
        table.Line($"| {r.SnapshotEventsPerSecond:N0} events/s | {r.SnapshotRatio:F2} | {r.SnapshotEvents:N0} | {r.SnapshotRecoverySeconds:F1} s | " +
                   $"{r.RecoverySeconds:F1} s for {r.JournaledEvents:N0} events |");
    }

    private static void Cluster(Table table, ResultsFile results)
    {
        if (results.Get<ClusterFigures>("cluster") is not { } r)
        {
            return;
        }
        table.Heading("One host against a two-silo cluster (scenario 10)", [results.Results["cluster"].Run]);
        table.Line($"The http load ({r.Senders} senders, {r.WarmupSeconds:0} s of warm-up then {r.MeasuredSeconds:0} s measured) into one host as it runs by default (a cluster of one, its journal on disk), then the same " +
                   "load with half the senders on each of two hosts forming one Orleans cluster, its membership, the accounts and the " +
                   "shared journal in a real PostgreSQL server (Orleans:Clustering:ProviderType AdoNet). " +
                   $"**Both silos, PostgreSQL and the senders share the same {r.Cores} cores**: the ratio is not scale-out but what " +
                   "the cluster costs for the same events — grain calls crossing between the silos, the membership, what the hosts share. " +
                   "CPU per 1,000 events is the hosts' own (PostgreSQL's apart); its ratio is the steadier measure of that cost on a " +
                   "machine other processes share too, where two hosts get a larger share of the cores than one (the 1-minute load " +
                   "average at the end of each period says how shared it was).");
        table.Line();
        table.Line("| one host | cluster (host A + host B) | cluster / one host | CPU ms per 1,000 events: one host / cluster (ratio) | hosts' CPU: one host / cluster | PostgreSQL CPU | load average: one host / cluster |");
        table.Line("|---:|---:|---:|---:|---:|---:|---:|");
        table.Line($"| {r.SingleHostEventsPerSecond:N0} events/s | {r.ClusterEventsPerSecond:N0} events/s ({r.HostAEventsPerSecond:N0} + {r.HostBEventsPerSecond:N0}) | " +
                   $"{r.Ratio:F2} | {r.SingleHostCpuMsPerThousand:0.0} / {r.ClusterCpuMsPerThousand:0.0} ({r.CpuPerEventRatio:F2}) | {Percent(r.SingleHostCpu)} / {Percent(r.ClusterCpu)} | {Percent(r.PostgresCpu)} | " +
                   $"{string.Join(" / ", r.LoadAverage.Select(l => l.ToString("0.#", CultureInfo.InvariantCulture)))} |");
        if (r.InMemoryEventsPerSecond > 0)
        {
            table.Line();
            table.Line("Durable ingest against ingest in memory (journal off), same run, one host each: the journal on local disk " +
                       "(the embedded default) and in PostgreSQL (a host on clustering AdoNet journals into the cluster's shared table, " +
                       "one insert and commit per group of waiting requests).");
            table.Line();
            table.Line("| in memory | journal on disk | clustering on PostgreSQL, journal off | journal in PostgreSQL (of in memory; of the same host, journal off) |");
            table.Line("|---:|---:|---:|---:|");
            table.Line($"| {r.InMemoryEventsPerSecond:N0} events/s | {r.SingleHostEventsPerSecond:N0} events/s ({r.FileJournalRatio:F2}) | " +
                       $"{r.ClusterOfOneInMemoryEventsPerSecond:N0} events/s ({r.ClusterOfOneInMemoryEventsPerSecond / Math.Max(1, r.InMemoryEventsPerSecond):F2}) | " +
                       $"{r.PostgresJournalEventsPerSecond:N0} events/s ({r.PostgresJournalRatio:F2}; {r.PostgresJournalEventsPerSecond / Math.Max(1, r.ClusterOfOneInMemoryEventsPerSecond):F2}) |");
        }
    }

    private static void LongRestart(Table table, ResultsFile results)
    {
        if (results.Get<LongRestartFigures>("restart-long") is not { } r)
        {
            return;
        }
        table.Heading("Restart after a long run at full rate (scenario 11)", [results.Results["restart-long"].Run]);
        table.Line($"The http load ({r.Agents:N0} agents, 500 queues) flat out for {r.Minutes:0} minutes into one host on the default snapshot " +
                   "settings (one every 250,000 events or 5 minutes), then SIGKILL and a start on the same data directory, timed until " +
                   "/readyz: the last snapshot restored and the journal after it replayed. What a grain holds is bounded by the reorder " +
                   "and duplicate windows, not the length of the day, so past them the restart no longer grows with the run.");
        table.Line();
        table.Line("| run | events | start to ready after kill | empty start | snapshot | grains restored | journal after it replayed |");
        table.Line("|---:|---:|---:|---:|---:|---:|---:|");
        table.Line($"| {r.Minutes:0} min at {r.EventsPerSecond:N0} events/s | {r.Events:N0} | {r.ReadySeconds:0.0} s | {r.EmptyStartSeconds:0.0} s | " +
                   $"{r.SnapshotMiB:0.0} MiB | {r.RestoredGrains:N0} | {r.TailEvents:N0} events |");
    }

    private static void History(Table table, ResultsFile results)
    {
        if (results.Get<HistoryFigures>("history") is not { } r)
        {
            return;
        }
        table.Heading("History to InfluxDB (scenario 7)", [results.Results["history"].Run]);
        table.Line("The http load paced at each rate into a server writing history to a real influxd (Debian's 1.x, on the same " +
                   "two cores); lag = from a record handed to the writer to its point acknowledged (bucket bound), measured after a " +
                   $"warm-up of {r.Rows[0].WarmupSeconds:0} s, whose own lag p99 is shown apart (start-up: every series new to influxd, " +
                   "every grain activating); totals after the load stopped and the writer drained.");
        table.Line();
        table.Line("| target events/s | events/s | points written/s | lag p50 / p99 (bucket bounds) | warm-up lag p99 | queued | written | dropped | refused | spooled | drained in | server CPU | influxd CPU |");
        table.Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in r.Rows)
        {
            table.Line($"| {row.TargetEventsPerSecond:N0} | {row.EventsPerSecond:N0} | {row.PointsPerSecond:N0} | {Bound(row.LagP50Ms)} / {Bound(row.LagP99Ms)} | {Bound(row.WarmupLagP99Ms)} | {row.Queued:N0} | " +
                       $"{row.Written:N0} | {row.Dropped:N0} | {row.Failed:N0} | {row.Spooled:N0} | {row.DrainSeconds:0.0} s | " +
                       $"{Percent(row.ServerCpu)} | {Percent(row.InfluxCpu)} |");
        }
    }

    private static void Soak(Table table, ResultsFile results)
    {
        if (results.Get<SoakFigures>("soak") is not { } r)
        {
            return;
        }
        var fullGcs = r.Samples.Count(s => s.FullGc);
        table.Heading("Soak", [results.Results["soak"].Run]);
        table.Line($"The http load flat out for {r.Minutes:0.#} min{(r.Stopped ? " (stopped early: the server's working set passed the cap)" : "")} " +
                   $"after {r.WarmupSeconds:0} s of warm-up, on the server's default windows (reorder 10 min, duplicate 2 h, in event time, " +
                   $"which the workload runs through about 100 times faster than the clock), so they are full before the readings start. " +
                   $"{r.Samples.Count} readings from /metrics; live heap = after a full GC forced in the server ({fullGcs} of the readings), " +
                   $"first and last and least-squares slope; working set over all readings, first and last {(r.Minutes >= 3 ? "minute" : "third")} averaged.");
        table.Line();
        table.Line("| events/s | live heap first | live heap last | live heap slope | working set first | working set last | working set slope |");
        table.Line("|---:|---:|---:|---:|---:|---:|---:|");
        table.Line($"| {r.EventsPerSecond:N0} | {r.FirstHeapMiB:N0} MiB | {r.LastHeapMiB:N0} MiB | {r.HeapSlopeMiBPerMinute:+0.0;-0.0} MiB/min | " +
                   $"{r.FirstMinuteWorkingSetMiB:N0} MiB | {r.LastMinuteWorkingSetMiB:N0} MiB | {r.WorkingSetSlopeMiBPerMinute:+0.0;-0.0} MiB/min |");
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P0", CultureInfo.InvariantCulture) : "—";

    private static string Number(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Bound(double? value) => value is { } v && !double.IsNaN(v) ? $"≤ {v:0.##} ms" : "—";

    private static string Ms(double value) =>
        double.IsNaN(value) ? "—" : double.IsInfinity(value) ? "∞" : value >= 100 ? $"{value:N0} ms" : $"{value:0.#} ms";

    private static string Bytes(double value) => Math.Abs(value) >= 1024 * 1024
        ? $"{value / 1048576:0.0} MiB"
        : $"{value / 1024:0.0} KiB";

    /// <summary>Markdown lines (Program sets the invariant culture, so figures read the same on any machine).</summary>
    private static void EmbeddedHistory(Table table, ResultsFile results)
    {
        if (results.Get<EmbeddedHistoryFigures>("historydb") is not { } r)
        {
            return;
        }
        table.Heading("The embedded history store: SQLite and DuckDB (scenario 8)", [results.Results["historydb"].Run]);
        table.Line($"{r.Rows[0].Days} days of one center (20,000 contacts a day over 20 queues, 250 agents' state spans, surveys, " +
                   "complaints, 20 queues sampled every 5 s) written in batches of 5,000 records, the file opened anew, one day " +
                   "written again (every record already there), and the reports as the store answers them, in turns between the " +
                   "engines (median of 3): " +
                   "one queue by 15 minutes, every agent's days, one agent's; and every agent's spans of the month read alone, without " +
                   "the report's arithmetic. Same reports from both (digest).");
        table.Line();
        table.Line("| engine | records | written/s | written again/s | file | open | spans of the month read | queue, month | queue, day | agents, month | one agent, month | agents, day | reports digest |");
        table.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in r.Rows)
        {
            table.Line($"| {row.Engine} | {row.Records:N0} | {row.RecordsPerSecond:N0} | {row.RewriteRecordsPerSecond:N0} | {row.FileMiB:N0} MiB | " +
                       $"{row.OpenMs:N0} ms | {row.SpansMonthMs:N0} ms | {row.QueueMonthMs:N0} ms | {row.QueueDayMs:N0} ms | {row.AgentsMonthMs:N0} ms | " +
                       $"{row.AgentMonthMs:N0} ms | {row.AgentsDayMs:N0} ms | `{row.ReportsDigest}` |");
        }
    }

    private sealed class Table(Run? common)
    {
        private readonly StringBuilder _text = new();

        public static string RunLine(Run run) =>
            $"Run {run.Date:yyyy-MM-dd HH:mm} UTC, {run.Mode} mode, `{run.Command}`, on {run.Machine}  ";

        public void Line(string line = "") => _text.AppendLine(line);

        // A bold title (the prose around the region owns the headings) and the run(s) the figures come from.
        public void Heading(string title, IEnumerable<Run> runs)
        {
            Line();
            Line($"**{title}**  ");
            foreach (var run in runs.Distinct().Where(r => r != common))
            {
                Line(RunLine(run));
            }
            Line();
        }

        public override string ToString() => _text.ToString();
    }
}
