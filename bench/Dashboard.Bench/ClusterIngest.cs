using System.Diagnostics;
using System.Globalization;
using Dashboard.Tests.Support;
using Npgsql;

namespace Dashboard.Bench;

/// <param name="SingleHostEventsPerSecond">The http load into one host, the default setup (localhost clustering, journaled).</param>
/// <param name="SingleHostCpu">That host's CPU over the measured period, as a share of all the machine's cores.</param>
/// <param name="SingleHostCpuMsPerThousand">That host's CPU milliseconds per 1,000 events accepted.</param>
/// <param name="ClusterEventsPerSecond">The same load, half the senders to each of two hosts forming one cluster.</param>
/// <param name="HostAEventsPerSecond">Of the cluster's events/s, those accepted through host A (started first).</param>
/// <param name="ClusterCpu">Both hosts' CPU, as a share of all cores (PostgreSQL's apart: <paramref name="PostgresCpu"/>).</param>
/// <param name="ClusterCpuMsPerThousand">Both hosts' CPU milliseconds per 1,000 events accepted (PostgreSQL's not included).</param>
/// <param name="PostgresCpu">The PostgreSQL server's CPU (postmaster and its backends) over the measured period, share of all cores.</param>
/// <param name="Ratio">Cluster events/s over single-host events/s, same run.</param>
/// <param name="CpuPerEventRatio">
/// The cluster's CPU per event over the single host's: the cluster's overhead as work done, which holds when other
/// processes compete for the cores (two hosts then get a larger share of them than one, and <paramref name="Ratio"/> flatters the cluster).
/// </param>
/// <param name="LoadAverage">The machine's 1-minute load average at the end of each measured period (one host, cluster),
/// the benchmark's own processes included: far above the core count, other work shared the cores and the figures say less.</param>
public sealed record ClusterFigures(
    double SingleHostEventsPerSecond, long SingleHostEvents, double SingleHostCpu, double SingleHostCpuMsPerThousand,
    double ClusterEventsPerSecond, long ClusterEvents, double HostAEventsPerSecond, double HostBEventsPerSecond,
    double ClusterCpu, double ClusterCpuMsPerThousand, double PostgresCpu, double Ratio, int Senders, int Cores,
    double WarmupSeconds, double MeasuredSeconds, double CpuPerEventRatio, IReadOnlyList<double> LoadAverage,
    double InMemoryEventsPerSecond = 0, double PostgresJournalEventsPerSecond = 0, double PostgresJournalRatio = 0, double FileJournalRatio = 0,
    double ClusterOfOneInMemoryEventsPerSecond = 0) : Figures
{
    public override string ToString() =>
        $"one host in memory {InMemoryEventsPerSecond:N0} events/s; journaled on disk {SingleHostEventsPerSecond:N0} ({FileJournalRatio:F2} of in memory); " +
        $"journaled in PostgreSQL (a cluster of one, the shared journal) {PostgresJournalEventsPerSecond:N0} ({PostgresJournalRatio:F2} of in memory; " +
        $"{PostgresJournalEventsPerSecond / Math.Max(1, ClusterOfOneInMemoryEventsPerSecond):F2} of the same cluster of one with its journal off, {ClusterOfOneInMemoryEventsPerSecond:N0}); " +
        $"one host {SingleHostEventsPerSecond:N0} events/s ({SingleHostCpuMsPerThousand:0.0} CPU ms/1,000 events); " +
        $"two-silo cluster {ClusterEventsPerSecond:N0} events/s (A {HostAEventsPerSecond:N0} + B {HostBEventsPerSecond:N0}; " +
        $"{ClusterCpuMsPerThousand:0.0} CPU ms/1,000 events, PostgreSQL {PostgresCpu:P0} of the cores); " +
        $"cluster / one host {Ratio:F2} in events/s, {CpuPerEventRatio:F2} in CPU per event — both silos share the same {Cores} cores, " +
        $"so this is the cluster's overhead, not scale-out (load average {string.Join(" / ", LoadAverage.Select(l => l.ToString("0.#", CultureInfo.InvariantCulture)))})";
}

/// <summary>
/// What running as a cluster costs. The http load into one host as the dashboard runs by default (a cluster of one,
/// journaled); then a real PostgreSQL server and two hosts forming one Orleans cluster with their membership in it
/// (Orleans:Clustering:ProviderType AdoNet, the accounts in the same database, as docker-compose.cluster.yml runs
/// them), the same load with half the senders on each host. Both hosts, PostgreSQL and the senders share this
/// machine's cores, so the ratio is not scale-out: it is what the cluster adds for the same events — grain calls
/// that cross from one silo to the other, the membership, whatever the hosts share.
/// </summary>
public static class ClusterIngest
{
    /// <summary>
    /// The shortest warm-up of either phase. A cluster's silos take longer to reach their pace than one host: the
    /// first batches activate the floor's grains (10,000 agents, 500 queues, the calls' shards), each registered in the
    /// grain directory the two silos split between them (half the time on the other silo), so quick mode's 2 s would
    /// measure mostly that. Both phases warm up alike.
    /// </summary>
    public static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(10);

    public static async Task<ClusterFigures> RunAsync(Settings settings)
    {
        settings = settings with { Warmup = settings.Warmup > MinimumWarmup ? settings.Warmup : MinimumWarmup };
        Measured single, inMemory, postgresJournal, clusterOfOne;
        await using (var host = await ServerProcess.StartAsync(settings.Root, new Dictionary<string, string> { ["Durability__Journal"] = "false" }))
        {
            inMemory = await MeasureAsync(settings, [host], postgresCpu: null);
            Report(host, "in memory");
        }
        await using (var host = await ServerProcess.StartAsync(settings.Root))
        {
            single = await MeasureAsync(settings, [host], postgresCpu: null);
            Report(host, "single host");
        }

        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var data = new List<string>();
        try
        {
            // The tests turn pooling off (a test drops its databases); a deployment pools, as here.
            var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString("cluster")) { Pooling = true }.ConnectionString;
            // Durable ingest with PostgreSQL: one host on clustering AdoNet journals into the shared table.
            var alone = new NpgsqlConnectionStringBuilder(postgres.ConnectionString("alone")) { Pooling = true }.ConnectionString;
            // The same cluster of one with its journal off: what clustering costs apart from the journal (the
            // distributed grain directory, the membership), so the journal's own share can be read off.
            var withoutJournal = new NpgsqlConnectionStringBuilder(postgres.ConnectionString("nojournal")) { Pooling = true }.ConnectionString;
            await using (var host = await ServerProcess.StartAsync(settings.Root, new Dictionary<string, string>(Member(withoutJournal, data)) { ["Durability__Journal"] = "false" }, name: "cluster of one, no journal"))
            {
                await ActiveSilosAsync(withoutJournal, expected: 1);
                clusterOfOne = await MeasureAsync(settings, [host], postgresCpu: null);
                Report(host, "cluster of one, no journal");
            }
            await using (var host = await ServerProcess.StartAsync(settings.Root, Member(alone, data), name: "PostgreSQL journal"))
            {
                await ActiveSilosAsync(alone, expected: 1);
                postgresJournal = await MeasureAsync(settings, [host], postgresCpu: null);
                Report(host, "PostgreSQL journal");
            }
            ServerProcess? a = null, b = null;
            try
            {
                // A first: it creates the database, the accounts' tables and Orleans' (as in Dashboard.Tests' ClusterTests).
                a = await ServerProcess.StartAsync(settings.Root, Member(connection, data), name: "host A");
                b = await ServerProcess.StartAsync(settings.Root, Member(connection, data), name: "host B");
                await ActiveSilosAsync(connection, expected: 2);
                using var postgresCpu = await PostgresCpu.OpenAsync(connection);
                var cluster = await MeasureAsync(settings, [a, b], postgresCpu);
                Report(a, "host A");
                Report(b, "host B");
                var cores = Environment.ProcessorCount;
                return new ClusterFigures(
                    single.Rate, single.Events, single.CpuSeconds / single.Seconds / cores, 1e6 * single.CpuSeconds / Math.Max(1, single.Events),
                    cluster.Rate, cluster.Events, cluster.Rates[0], cluster.Rates[1],
                    cluster.CpuSeconds / cluster.Seconds / cores, 1e6 * cluster.CpuSeconds / Math.Max(1, cluster.Events),
                    cluster.PostgresCpuSeconds / cluster.Seconds / cores, cluster.Rate / single.Rate, settings.Senders, cores,
                    settings.Warmup.TotalSeconds, settings.Duration.TotalSeconds,
                    single.CpuSeconds > 0 && cluster.Events > 0 ? cluster.CpuSeconds / cluster.Events / (single.CpuSeconds / single.Events) : double.NaN,
                    [single.LoadAverage, cluster.LoadAverage],
                    inMemory.Rate, postgresJournal.Rate, postgresJournal.Rate / inMemory.Rate, single.Rate / inMemory.Rate, clusterOfOne.Rate);
            }
            finally
            {
                if (b is not null)
                {
                    await b.DisposeAsync();
                }
                if (a is not null)
                {
                    await a.DisposeAsync();
                }
            }
        }
        finally
        {
            await postgres.DisposeAsync();
            foreach (var directory in data)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>One cluster member's settings (environment variables): the cluster's, a silo and gateway port and a data directory of its own.</summary>
    private static Dictionary<string, string> Member(string connection, List<string> data)
    {
        var directory = Directory.CreateTempSubdirectory("dashboard-bench-cluster-").FullName;
        data.Add(directory);
        return new()
        {
            ["Accounts__Provider"] = "postgres",
            ["Accounts__ConnectionString"] = connection,
            ["Orleans__Clustering__ProviderType"] = "AdoNet",
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Storage__DataDirectory"] = directory,
        };
    }

    private sealed record Measured(double Rate, long Events, double Seconds, double[] Rates, double CpuSeconds, double PostgresCpuSeconds, double LoadAverage);

    /// <summary>The http load split over <paramref name="servers"/>; after the warm-up, events accepted and CPU over the measured period.</summary>
    private static async Task<Measured> MeasureAsync(Settings settings, ServerProcess[] servers, PostgresCpu? postgresCpu)
    {
        await using var load = new HttpLoad(servers, settings.NewWorkload(Scenarios.HttpCeiling), settings.BatchSize, settings.Senders);
        await Task.Delay(settings.Warmup);
        var before = Enumerable.Range(0, servers.Length).Select(load.AcceptedBy).ToArray();
        var cpuBefore = servers.Sum(s => s.CpuTime.TotalSeconds);
        var postgresBefore = postgresCpu?.Seconds() ?? 0;
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.Duration);
        var accepted = Enumerable.Range(0, servers.Length).Select(i => load.AcceptedBy(i) - before[i]).ToArray();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = servers.Sum(s => s.CpuTime.TotalSeconds) - cpuBefore;
        var postgres = (postgresCpu?.Seconds() ?? 0) - postgresBefore;
        var load1 = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        return new Measured(accepted.Sum() / seconds, accepted.Sum(), seconds, [.. accepted.Select(e => e / seconds)], cpu, postgres, load1);
    }

    /// <summary>Every warning or error the host logged (Warning and up), so a run that limped says so beside its figures.</summary>
    private static void Report(ServerProcess server, string name)
    {
        foreach (var (entry, count) in server.LoggedProblems().Take(10))
        {
            Console.WriteLine($"  [{name}] {count} × {(entry.Length > 300 ? entry[..300] + " …" : entry)}");
        }
    }

    /// <summary>Waits (up to 30 s) for the membership table to list <paramref name="expected"/> active silos: one cluster, not two clusters of one.</summary>
    private static async Task ActiveSilosAsync(string connection, int expected)
    {
        const int Active = 3; // Orleans' SiloStatus.Active, as the membership table stores it
        var deadline = Stopwatch.StartNew();
        long silos;
        do
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = @status", db);
            count.Parameters.AddWithValue("status", Active);
            silos = (long)(await count.ExecuteScalarAsync())!;
            if (silos == expected)
            {
                return;
            }
            await Task.Delay(250);
        }
        while (deadline.Elapsed < TimeSpan.FromSeconds(30));
        throw new InvalidOperationException($"{silos} active silo(s) in the membership table, not {expected}: the hosts did not form one cluster");
    }

    /// <summary>
    /// CPU time of the PostgreSQL server from /proc: the postmaster's (with its reaped children's: closed
    /// connections) and its live backends'. The postmaster is found as the parent of this connection's backend.
    /// </summary>
    private sealed class PostgresCpu : IDisposable
    {
        private const double TicksPerSecond = 100; // USER_HZ on Linux
        private readonly NpgsqlConnection _connection;
        private readonly int _postmaster;

        private PostgresCpu(NpgsqlConnection connection, int postmaster) => (_connection, _postmaster) = (connection, postmaster);

        public static async Task<PostgresCpu> OpenAsync(string connection)
        {
            var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", db);
            var backend = (int)(await pid.ExecuteScalarAsync())!;
            return new PostgresCpu(db, (int)Stat(backend)![1]);
        }

        public double Seconds()
        {
            var postmaster = Stat(_postmaster);
            if (postmaster is null)
            {
                return 0;
            }
            var ticks = postmaster[11] + postmaster[12] + postmaster[13] + postmaster[14];
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } stat && stat[1] == _postmaster)
                {
                    ticks += stat[11] + stat[12];
                }
            }
            return ticks / TicksPerSecond;
        }

        /// <summary>/proc/pid/stat's numeric fields after the command name: [0] state (0), [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
        private static long[]? Stat(int pid)
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/stat");
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                return [.. fields.Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)];
            }
            catch (IOException)
            {
                return null;
            }
        }

        public void Dispose() => _connection.Dispose();
    }
}
