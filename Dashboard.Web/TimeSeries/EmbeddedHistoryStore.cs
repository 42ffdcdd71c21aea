using System.Text;
using Dashboard.Grains.History;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// History in a SQLite file in the data directory (<see cref="FileName"/>), used when no InfluxDB is configured so
/// the dashboard runs with no server and keeps its history across restarts. One table per kind
/// (<see cref="HistoryTable"/>), clustered by time; writing a record whose natural key is already there replaces
/// that row, so a batch written again (the journal replayed at start) is kept once. Points older than
/// <see cref="HistoryOptions.Retention"/> (by event time, against the center's clock) and beyond
/// <see cref="HistoryOptions.EmbeddedMaxPoints"/> per kind are let go. SQLite rather than DuckDB: docs/timeseries.md
/// has the month of reports measured on both.
/// </summary>
public sealed class EmbeddedHistoryStore : HistoryStore, IDisposable
{
    public const string FileName = "history.db";

    /// <summary>The tables' layout; a file of a later one is refused rather than misread.</summary>
    private const int SchemaVersion = 1;

    // Secondary indexes for the reads reports make: one queue's contacts, one agent's contacts and spans.
    private static readonly Dictionary<HistoryKind, string[][]> Indexes = new()
    {
        [HistoryKind.Contact] = [["queue", "at"], ["agent", "at"]],
        [HistoryKind.AgentState] = [["agent", "at"]],
    };

    private readonly HistoryStatus _status;
    private readonly ILogger<EmbeddedHistoryStore> _logger;
    private readonly string _connectionString;
    private readonly Lock _lock = new();
    private readonly SqliteConnection _writer;
    private readonly Writes[] _writes;
    private bool _disposed;

    public EmbeddedHistoryStore(
        CenterClock clock, CenterDirectory directory, IOptions<HistoryOptions> options, HistoryStatus status,
        ILogger<EmbeddedHistoryStore> logger, string path)
        : base(clock, directory, options)
    {
        _status = status;
        _logger = logger;
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            CreateSchema(_writer);
            _writes = [.. HistoryTable.All.Select(t => new Writes(t, _writer))];
            lock (_lock)
            {
                Trim();
            }
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
        status.Store = Kind;
    }

    public override string Kind => "embedded";

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    public override Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Records.Count == 0)
            return Task.CompletedTask;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using (var transaction = _writer.BeginTransaction())
                {
                    foreach (var record in batch.Records)
                        _writes[(int)KindOf(record)].Upsert(record, transaction);
                    transaction.Commit();
                }
                Trim();
            }
            catch (SqliteException e)
            {
                // The disk is full or the file is damaged: the batch is lost, loudly (a retry would only fail again).
                _logger.LogError(e, "Embedded history store {Path} refused {Count} records", Path, batch.Records.Count);
                _status.OnFailed(batch.Records.Count, e.Message);
                foreach (var writes in _writes)
                    writes.Recount();
                return Task.CompletedTask;
            }
        }
        _status.OnWritten(batch.Records.Count, batch.OldestPostedUtc);
        return Task.CompletedTask;
    }

    public override Task MaintainAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_disposed)
                Trim();
        }
        return Task.CompletedTask;
    }

    /// <summary>On a pooled connection of its own, beside the writer (WAL: readers and the writer never wait for each other).</summary>
    public override Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(filter, cancellationToken), cancellationToken);

    private IReadOnlyList<HistoryRecord> Read(HistoryFilter filter, CancellationToken cancellationToken)
    {
        var table = HistoryTable.Of(filter.Kind);
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        var (sql, parameters) = table.Select(filter);
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue("$" + name, value);

        var records = new List<HistoryRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if ((records.Count & 0xFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            var record = table.Read(reader);
            if (filter.Matches(record))
                records.Add(record);
        }
        return records;
    }

    public static HistoryKind KindOf(HistoryRecord record) => record switch
    {
        ContactRecord => HistoryKind.Contact,
        AgentSpanRecord => HistoryKind.AgentState,
        SurveyRecord => HistoryKind.Survey,
        ComplaintRecord => HistoryKind.Complaint,
        QueueSampleRecord => HistoryKind.QueueSample,
        _ => throw new ArgumentException($"Unknown history record {record.GetType().Name}.", nameof(record)),
    };

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var writes in _writes)
                writes.Dispose();
            _writer.Dispose();
            // Pooled readers keep the file open; let them go so the file can be opened anew (or deleted).
            SqliteConnection.ClearPool(_writer);
        }
    }

    private void Trim()
    {
        var expired = (Clock.Now - Options.Retention).UtcTicks;
        foreach (var writes in _writes)
            writes.Trim(expired, Options.EmbeddedMaxPoints);
    }

    private static void CreateSchema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
            throw new InvalidOperationException($"{connection.DataSource} holds history of a later version ({version}); this one reads {SchemaVersion}.");

        // WAL: readers never block the writer nor it them; NORMAL syncs at checkpoints, which a crash of the
        // process never loses (only a power cut may take the last batches, which the journal then writes again).
        var sql = new StringBuilder("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        foreach (var table in HistoryTable.All)
        {
            sql.Append("CREATE TABLE IF NOT EXISTS ").Append(Quote(table.Name)).Append(" (")
                .AppendJoin(", ", table.Columns.Select(c => $"{Quote(c.Name)} {SqlType(c.Type)}{(c.Nullable ? "" : " NOT NULL")}"))
                .Append(", PRIMARY KEY (").AppendJoin(", ", table.Key.Select(c => Quote(c.Name))).Append(")) WITHOUT ROWID;");
            foreach (var index in Indexes.GetValueOrDefault(table.Kind, []))
            {
                sql.Append("CREATE INDEX IF NOT EXISTS ").Append(Quote(table.Name + "_" + string.Join("_", index)))
                    .Append(" ON ").Append(Quote(table.Name)).Append(" (").AppendJoin(", ", index.Select(Quote)).Append(");");
            }
        }
        sql.Append("PRAGMA user_version = ").Append(SchemaVersion).Append(';');
        command.CommandText = sql.ToString();
        command.ExecuteNonQuery();
    }

    private static string Quote(string name) => HistoryTable.Quote(name);

    private static string SqlType(HistoryColumnType type) => type switch
    {
        HistoryColumnType.Integer => "INTEGER",
        HistoryColumnType.Real => "REAL",
        _ => "TEXT",
    };

    /// <summary>
    /// One table's prepared statements on the writer connection, and how many rows it holds (counted once at open,
    /// then kept by what each statement changed, so trimming to the most points never counts the table again).
    /// </summary>
    private sealed class Writes : IDisposable
    {
        private readonly HistoryTable _table;
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _expire;
        private readonly object?[] _values;
        private long _count;

        public Writes(HistoryTable table, SqliteConnection connection)
        {
            _table = table;
            _connection = connection;
            _values = new object?[table.Columns.Count];
            var columns = table.Columns.Select(c => Quote(c.Name)).ToList();
            var parameters = table.Columns.Select((_, i) => "$p" + i).ToList();
            var key = string.Join(" AND ", table.Key.Select((c, i) => $"{Quote(c.Name)} = $p{i}"));
            var rest = string.Join(", ", table.Columns.Skip(table.KeyLength).Select((c, i) => $"{Quote(c.Name)} = $p{i + table.KeyLength}"));
            // Insert, and when the key is there already replace the rest: two statements, so the count stays exact.
            _insert = Command($"INSERT INTO {Quote(table.Name)} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)}) ON CONFLICT DO NOTHING");
            _update = Command($"UPDATE {Quote(table.Name)} SET {rest} WHERE {key}");
            _expire = Command($"DELETE FROM {Quote(table.Name)} WHERE \"at\" < $p0");
            Recount();
        }

        public void Upsert(HistoryRecord record, SqliteTransaction transaction)
        {
            _table.Fill(record, _values);
            if (Execute(_insert, transaction) == 1)
            {
                _count++;
                return;
            }
            Execute(_update, transaction);
        }

        public void Trim(long expiredTicks, int maxPoints)
        {
            _values[0] = expiredTicks;
            _count -= Execute(_expire, null, parameters: 1);
            if (_count <= maxPoints)
                return;
            var key = string.Join(", ", _table.Key.Select(c => Quote(c.Name)));
            using var oldest = Command(
                $"DELETE FROM {Quote(_table.Name)} WHERE ({key}) IN (SELECT {key} FROM {Quote(_table.Name)} ORDER BY {key} LIMIT $p0)");
            _values[0] = _count - maxPoints;
            _count -= Execute(oldest, null, parameters: 1);
        }

        /// <summary>Counts the rows again, after a failed write left the kept count in doubt.</summary>
        public void Recount()
        {
            using var count = Command($"SELECT count(*) FROM {Quote(_table.Name)}");
            _count = (long)count.ExecuteScalar()!;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _update.Dispose();
            _expire.Dispose();
        }

        private SqliteCommand Command(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < _table.Columns.Count && sql.Contains("$p" + i, StringComparison.Ordinal); i++)
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            return command;
        }

        private int Execute(SqliteCommand command, SqliteTransaction? transaction, int? parameters = null)
        {
            command.Transaction = transaction;
            for (var i = 0; i < (parameters ?? command.Parameters.Count); i++)
                command.Parameters[i].Value = _values[i] ?? DBNull.Value;
            return command.ExecuteNonQuery();
        }
    }
}
