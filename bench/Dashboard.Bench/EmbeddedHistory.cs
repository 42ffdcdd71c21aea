using System.Diagnostics;
using System.Text;
using Dashboard.Grains.Abstractions;
using Dashboard.Grains.Center;
using Dashboard.Grains.History;
using Dashboard.Web.TimeSeries;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Bench;

/// <summary>One engine's figures: loading a month of history, writing a day of it again, and the reports over it.</summary>
public sealed record EmbeddedHistoryRow(
    string Engine, int Days, long Records, double LoadSeconds, double RecordsPerSecond, double RewriteRecordsPerSecond,
    double FileMiB, double OpenMs, double SpansMonthMs, double QueueMonthMs, double QueueDayMs, double AgentsMonthMs, double AgentMonthMs,
    double AgentsDayMs, string ReportsDigest);

public sealed record EmbeddedHistoryFigures(IReadOnlyList<EmbeddedHistoryRow> Rows) : Figures
{
    public override string ToString() => string.Join("; ", Rows);
}

/// <summary>
/// Scenario 8, the embedded history store: a month of one center's history — 20,000 contacts a day over 20 queues,
/// 250 agents' state spans through their shifts, surveys, complaints and every queue sampled every 5 s all day — is
/// written in the writer's batches (5,000 records) into SQLite (the store the dashboard ships) and into DuckDB (the
/// same tables, <see cref="HistoryTable"/>, loaded through its appender), the file opened anew, a day of it written
/// again (the journal replayed at start), and the reports timed as <see cref="HistoryStore"/> answers them, in turns
/// between the engines (median of 3): one queue by 15 minutes over the month and over a day, every agent's days over the month and
/// over a day, one agent's month; and, to tell the engine from the report's arithmetic, the month's spans read alone. Both engines must give the same reports (their digest).
/// </summary>
public static class EmbeddedHistory
{
    private const int Queues = 20, Agents = 250, ContactsPerDay = 20_000;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static async Task<EmbeddedHistoryFigures> RunAsync(bool quick)
    {
        var days = quick ? 3 : 30;
        string[] engines = ["sqlite", "duckdb"];
        var directory = Directory.CreateTempSubdirectory("embedded-history-").FullName;
        var stores = new Dictionary<string, IDisposable>();
        try
        {
            var written = new Dictionary<string, (long Records, double Seconds, double RewritePerSecond, double OpenMs, double FileMiB)>();
            foreach (var engine in engines)
            {
                var path = Path.Combine(directory, engine, engine == "sqlite" ? EmbeddedHistoryStore.FileName : "history.duckdb");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var (records, seconds) = await LoadAsync(engine, path, days);
                var open = Stopwatch.StartNew();
                stores[engine] = Open(engine, path);
                open.Stop();
                var rewrite = await RewriteAsync((HistoryStore)stores[engine], Day(days / 2));
                var mib = Directory.EnumerateFiles(Path.GetDirectoryName(path)!).Sum(f => new FileInfo(f).Length) / (1024.0 * 1024);
                written[engine] = (records, seconds, rewrite, open.Elapsed.TotalMilliseconds, mib);
                Console.WriteLine($"  {engine}: {records:N0} records in {seconds:N0} s, a day again at {rewrite:N0}/s, opened in {open.Elapsed.TotalMilliseconds:N0} ms");
            }

            // Reads in turns, engine after engine, so a change in the machine's other load falls on both alike.
            var month = (From: Start, To: Start.AddDays(days));
            var oneDay = (From: Start.AddDays(days / 2), To: Start.AddDays(days / 2 + 1));
            Func<HistoryStore, Task<string>>[] reports =
            [
                async s => (await s.ReadAsync(new HistoryFilter(HistoryKind.AgentState, month.From, month.To))).Count.ToString(),
                async s => Describe(await s.GetQueueIntervalsAsync(new QueueIntervalQuery("q07", month.From, month.To, 15))),
                async s => Describe(await s.GetQueueIntervalsAsync(new QueueIntervalQuery("q07", oneDay.From, oneDay.To, 15))),
                async s => Describe(await s.GetAgentDaysAsync(new AgentDayQuery(month.From, month.To))),
                async s => Describe(await s.GetAgentDaysAsync(new AgentDayQuery(month.From, month.To, "a042"))),
                async s => Describe(await s.GetAgentDaysAsync(new AgentDayQuery(oneDay.From, oneDay.To))),
            ];
            var times = engines.ToDictionary(e => e, _ => reports.Select(_ => new List<double>()).ToArray());
            var digests = engines.ToDictionary(e => e, _ => new StringBuilder());
            for (var round = 0; round < 3; round++)
            {
                for (var r = 0; r < reports.Length; r++)
                {
                    foreach (var engine in engines)
                    {
                        var clock = Stopwatch.StartNew();
                        var described = await reports[r]((HistoryStore)stores[engine]);
                        times[engine][r].Add(clock.Elapsed.TotalMilliseconds);
                        if (round == 0)
                            digests[engine].Append(described);
                    }
                }
            }

            var rows = engines.Select(engine =>
            {
                var w = written[engine];
                var median = times[engine].Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
                return new EmbeddedHistoryRow(
                    engine, days, w.Records, w.Seconds, w.Records / w.Seconds, w.RewritePerSecond, w.FileMiB, w.OpenMs,
                    median[0], median[1], median[2], median[3], median[4], median[5],
                    Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(digests[engine].ToString())))[..16]);
            }).ToList();
            rows.ForEach(row => Console.WriteLine($"  {row}"));
            if (rows.Select(r => r.ReportsDigest).Distinct().Count() != 1)
                throw new InvalidOperationException("The engines' reports differ: " + string.Join(", ", rows.Select(r => $"{r.Engine} {r.ReportsDigest}")));
            return new EmbeddedHistoryFigures(rows);
        }
        finally
        {
            foreach (var store in stores.Values)
                store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The month written into a new file in the writer's batches; the seconds count the writes only.</summary>
    private static async Task<(long Records, double Seconds)> LoadAsync(string engine, string path, int days)
    {
        long records = 0;
        var load = new Stopwatch();
        using var opened = Open(engine, path);
        var store = (HistoryStore)opened;
        for (var day = 0; day < days; day++)
        {
            var batches = Day(day).Chunk(5_000).ToList(); // generated outside the timing
            records += batches.Sum(b => b.Length);
            load.Start();
            foreach (var batch in batches)
                await store.WriteAsync(new HistoryBatch(batch, DateTime.UtcNow), CancellationToken.None);
            load.Stop();
        }
        return (records, load.Elapsed.TotalSeconds);
    }

    /// <summary>Records per second writing a day whose every record is there already, as the journal replayed at start does.</summary>
    private static async Task<double> RewriteAsync(HistoryStore store, IEnumerable<HistoryRecord> day)
    {
        var batches = day.Chunk(5_000).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
            await store.WriteAsync(new HistoryBatch(batch, DateTime.UtcNow), CancellationToken.None);
        return batches.Sum(b => b.Length) / clock.Elapsed.TotalSeconds;
    }

    private static IDisposable Open(string engine, string path)
    {
        var clock = new CenterClock(new FixedTime(Start.AddDays(31)), TimeZoneInfo.Utc, new TimeOnly(0, 0));
        var directory = new CenterDirectory(Options.Create(new CenterOptions()));
        // A month kept whole: the defaults keep 7 days and 2,000,000 points of a kind.
        var options = Options.Create(new HistoryOptions { Retention = TimeSpan.FromDays(62), EmbeddedMaxPoints = 50_000_000 });
        return engine == "sqlite"
            ? new EmbeddedHistoryStore(clock, directory, options, new HistoryStatus(), NullLogger<EmbeddedHistoryStore>.Instance, path)
            : new DuckDbHistoryStore(clock, directory, options, path);
    }

    private static string Describe<T>(IReadOnlyList<T> rows) where T : notnull =>
        string.Join("\n", rows.Select(r => r is AgentDayRow a ? a with { NotReadyByReason = ImmutableSortedDictionary<string, double>.Empty } + string.Join(",", a.NotReadyByReason) : r.ToString()));

    /// <summary>One day of a center, the same for a given day number: its records in time order.</summary>
    private static IEnumerable<HistoryRecord> Day(int day)
    {
        var random = new Random(day);
        var dayStart = Start.AddDays(day);
        var records = new List<HistoryRecord>(450_000);
        double Exp(double mean) => -mean * Math.Log(1 - random.NextDouble());
        double Round(double seconds) => Math.Round(seconds, 3);

        // Contacts arrive 08:00–20:00; 88 % answered, 9 % abandoned, 3 % flow out.
        for (var i = 0; i < ContactsPerDay; i++)
        {
            var queued = dayStart.AddHours(8).AddSeconds(random.NextDouble() * 12 * 3600);
            var queue = $"q{random.Next(Queues):00}";
            var wait = Round(Exp(30));
            var left = queued.AddSeconds(wait);
            var p = random.NextDouble();
            records.Add(p < 0.88
                ? new ContactRecord(left, queue, $"a{random.Next(Agents):000}", Channel.Voice, ContactOutcome.Answered, $"c{day}-{i}",
                    wait, Round(Exp(240)), random.NextDouble() < 0.2 ? Round(Exp(60)) : 0, Round(Exp(45)), wait <= 20, false)
                : new ContactRecord(left, queue, null, Channel.Voice, p < 0.97 ? ContactOutcome.Abandoned : ContactOutcome.FlowedOut,
                    $"c{day}-{i}", wait, 0, 0, 0, wait <= 20, wait < 5));
            if (p < 0.88 * 0.05)
                records.Add(new SurveyRecord(left.AddMinutes(10), $"a{random.Next(Agents):000}", queue, 1 + random.Next(5), $"s{day}-{i}"));
        }

        // Each agent works 8 hours from 08:00–12:00: available, talk (sometimes a hold and more talk), wrap-up; a
        // 15-minute break every two hours.
        for (var a = 0; a < Agents; a++)
        {
            var agent = $"a{a:000}";
            var at = dayStart.AddHours(8 + random.NextDouble() * 4);
            var end = at.AddHours(8);
            var nextBreak = at.AddHours(2);
            void Span(SpanState state, double seconds, string? reason = null)
            {
                seconds = Round(Math.Max(seconds, 1));
                records.Add(new AgentSpanRecord(at, agent, state, reason, seconds));
                at = at.AddSeconds(seconds);
            }
            while (at < end)
            {
                if (at >= nextBreak)
                {
                    Span(SpanState.NotReady, 900, random.Next(3) == 0 ? "lunch" : "break");
                    nextBreak = at.AddHours(2);
                }
                Span(SpanState.Available, Exp(120));
                Span(SpanState.Talk, Exp(180));
                if (random.NextDouble() < 0.2)
                {
                    Span(SpanState.Hold, Exp(60));
                    Span(SpanState.Talk, Exp(60));
                }
                Span(SpanState.WrapUp, Exp(45));
            }
        }

        for (var i = 0; i < 20; i++)
        {
            var opened = dayStart.AddHours(9).AddSeconds(random.NextDouble() * 8 * 3600);
            var queue = $"q{random.Next(Queues):00}";
            records.Add(new ComplaintRecord(opened, $"k{day}-{i}", queue, null, ComplaintSeverity.Normal, ComplaintTransition.Opened, null));
            records.Add(new ComplaintRecord(opened.AddHours(2), $"k{day}-{i}", queue, null, ComplaintSeverity.Normal, ComplaintTransition.Resolved, "sup"));
        }

        // Every queue every 5 seconds, all day (the sampler does not sleep at night).
        for (var t = dayStart; t < dayStart.AddDays(1); t = t.AddSeconds(5))
        {
            for (var q = 0; q < Queues; q++)
            {
                records.Add(new QueueSampleRecord(t, $"q{q:00}", Channel.Voice, random.Next(10), Round(random.NextDouble() * 120),
                    12, random.Next(4), random.Next(8), random.Next(3), random.Next(2), random.Next(2), 0.8, 0.05));
            }
        }
        return records.OrderBy(r => r.At);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>
/// The candidate the embedded store was measured against (scenario 8), not shipped: the same tables in DuckDB. A
/// batch is appended to a staging table per kind (DuckDB's fast path), then moved with INSERT OR REPLACE, so a
/// record written again replaces its row as in SQLite; DuckDB refuses two rows of one key in one statement, so a
/// batch keeps the last of each. No secondary indexes: DuckDB prunes by the min/max of each row group, and rows
/// arrive in time order.
/// </summary>
public sealed class DuckDbHistoryStore : HistoryStore, IDisposable
{
    private readonly string _connectionString;
    private readonly DuckDBConnection _writer;
    private readonly Lock _lock = new();

    public DuckDbHistoryStore(CenterClock clock, CenterDirectory directory, IOptions<HistoryOptions> options, string path)
        : base(clock, directory, options)
    {
        _connectionString = $"Data Source={path}";
        _writer = new DuckDBConnection(_connectionString);
        _writer.Open();
        foreach (var table in HistoryTable.All)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"{Quote(c.Name)} {SqlType(c.Type)}{(c.Nullable ? "" : " NOT NULL")}"));
            Execute($"CREATE TABLE IF NOT EXISTS {Quote(table.Name)} ({columns}, PRIMARY KEY ({string.Join(", ", table.Key.Select(c => Quote(c.Name)))}))");
            Execute($"CREATE TABLE IF NOT EXISTS {Quote("staging_" + table.Name)} ({columns})");
        }
    }

    public override string Kind => "duckdb";

    public override Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var kind in batch.Records.GroupBy(EmbeddedHistoryStore.KindOf))
            {
                var table = HistoryTable.Of(kind.Key);
                var rows = new Dictionary<string, object?[]>();
                foreach (var record in kind)
                {
                    var values = new object?[table.Columns.Count];
                    table.Fill(record, values);
                    rows[string.Join('\u0001', values.Take(table.KeyLength))] = values;
                }
                using (var appender = _writer.CreateAppender("staging_" + table.Name))
                {
                    foreach (var values in rows.Values)
                    {
                        var row = appender.CreateRow();
                        foreach (var value in values)
                        {
                            _ = value switch
                            {
                                null => row.AppendNullValue(),
                                long l => row.AppendValue(l),
                                double d => row.AppendValue(d),
                                _ => row.AppendValue((string)value),
                            };
                        }
                        row.EndRow();
                    }
                }
                using var transaction = _writer.BeginTransaction();
                Execute($"INSERT OR REPLACE INTO {Quote(table.Name)} SELECT * FROM {Quote("staging_" + table.Name)}");
                Execute($"DELETE FROM {Quote("staging_" + table.Name)}");
                transaction.Commit();
            }
            Trim();
        }
        return Task.CompletedTask;
    }

    public override Task MaintainAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Trim();
        }
        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            var table = HistoryTable.Of(filter.Kind);
            using var connection = new DuckDBConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            var (sql, parameters) = table.Select(filter);
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
                command.Parameters.Add(new DuckDBParameter(name, value));
            var records = new List<HistoryRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var record = table.Read(reader);
                if (filter.Matches(record))
                    records.Add(record);
            }
            return (IReadOnlyList<HistoryRecord>)records;
        }, cancellationToken);

    public void Dispose() => _writer.Dispose();

    // Retention only: the scenario keeps a month whole, and counting a DuckDB table is cheap should it need to.
    private void Trim()
    {
        var expired = (Clock.Now - Options.Retention).UtcTicks;
        foreach (var table in HistoryTable.All)
            Execute($"DELETE FROM {Quote(table.Name)} WHERE \"at\" < {expired}");
    }

    private void Execute(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string SqlType(HistoryColumnType type) => type switch
    {
        HistoryColumnType.Integer => "BIGINT",
        HistoryColumnType.Real => "DOUBLE",
        _ => "VARCHAR",
    };

    private static string Quote(string name) => HistoryTable.Quote(name);
}
