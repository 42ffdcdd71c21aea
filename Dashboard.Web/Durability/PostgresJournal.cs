using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace Dashboard.Web.Durability;

/// <summary>
/// The journal of a cluster, in its PostgreSQL database: every host appends to one table, so when a host dies the
/// others hold everything it acknowledged and can rebuild the grains that lived on it (<see cref="ClusterRecovery"/>).
/// A record's position is its row's identity; a day is read in that order. One writer per host inserts whatever is
/// waiting in one statement and one commit (group commit), as the file journal flushes once per group.
/// </summary>
/// <remarks>
/// Positions come from a sequence, so a reader may pass a position whose row commits a moment later; a reader
/// that must see every record up to a moment (a rebuild) reads after the writers it waits for have stopped.
/// </remarks>
public sealed partial class PostgresJournal : IJournal, IAsyncDisposable
{
    // The dashboard's own advisory lock key for making its tables ("Journal" in ASCII).
    private const long SchemaLock = 0x4A6F75726E616C;
    private const int GroupLimit = 1024;

    private readonly NpgsqlDataSource _db;
    private readonly Serializer<JournalRecord> _serializer;
    private readonly ILogger<PostgresJournal> _logger;
    private Task? _schema;
    private readonly GroupCommit _commit;

    public PostgresJournal(string connectionString, Serializer<JournalRecord> serializer, ILogger<PostgresJournal> logger)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _serializer = serializer;
        _logger = logger;
        _commit = new GroupCommit(InsertGroupAsync, LogWriteFailed, GroupLimit);
    }

    public Task AppendAsync(DateOnly day, JournalRecord record, CancellationToken cancellationToken = default) =>
        _commit.AppendAsync(day, _serializer.SerializeToArray(record), nameof(PostgresJournal));

    public IReadOnlyList<DateOnly> Days()
    {
        SchemaAsync().GetAwaiter().GetResult();
        using var command = _db.CreateCommand("SELECT DISTINCT day FROM dashboard_journal ORDER BY day");
        using var reader = command.ExecuteReader();
        var days = new List<DateOnly>();
        while (reader.Read())
            days.Add(reader.GetFieldValue<DateOnly>(0));
        return days;
    }

    /// <summary>The position of the day's last record (positions are the table's, not bytes).</summary>
    public long SizeOf(DateOnly day) => Scalar("SELECT coalesce(max(position), 0) FROM dashboard_journal WHERE day = @day", day);

    public long OriginOf(DateOnly day) => Scalar("SELECT coalesce(min(position) - 1, 0) FROM dashboard_journal WHERE day = @day", day);

    public async IAsyncEnumerable<(JournalRecord Record, long Position)> ReadAsync(
        DateOnly day, long from = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await SchemaAsync();
        await using var command = _db.CreateCommand(
            "SELECT position, payload FROM dashboard_journal WHERE day = @day AND position > @from ORDER BY position");
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("from", from);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt64(0);
            var payload = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken);
            yield return (_serializer.Deserialize(payload) ?? throw new InvalidDataException($"An empty record in the journal of {day}."), position);
        }
    }

    public void DropBefore(DateOnly day)
    {
        SchemaAsync().GetAwaiter().GetResult();
        using var command = _db.CreateCommand("DELETE FROM dashboard_journal WHERE day < @day");
        command.Parameters.AddWithValue("day", day);
        command.ExecuteNonQuery();
    }

    /// <summary>Records that <paramref name="host"/> handed all its live grains to the others before it stopped.</summary>
    public async Task RecordHandOffAsync(string host, CancellationToken cancellationToken = default)
    {
        await SchemaAsync();
        await using var command = _db.CreateCommand(
            "INSERT INTO dashboard_handoffs (host, at) VALUES (@host, now()) ON CONFLICT (host) DO UPDATE SET at = excluded.at");
        command.Parameters.AddWithValue("host", host);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="host"/> (a silo address with its generation) left with nothing held.</summary>
    public async Task<bool> HandedOffAsync(string host, CancellationToken cancellationToken = default)
    {
        await SchemaAsync();
        await using var command = _db.CreateCommand("SELECT count(*) FROM dashboard_handoffs WHERE host = @host");
        command.Parameters.AddWithValue("host", host);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    private long Scalar(string sql, DateOnly day)
    {
        SchemaAsync().GetAwaiter().GetResult();
        using var command = _db.CreateCommand(sql);
        command.Parameters.AddWithValue("day", day);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The cluster's database, its tables made: for the snapshots kept beside the journal (<see cref="PostgresSnapshots"/>).</summary>
    internal async Task<NpgsqlDataSource> DatabaseAsync()
    {
        await SchemaAsync();
        return _db;
    }

    // Once per host; tried again after a failure (the database may come up after the host).
    private Task SchemaAsync()
    {
        var schema = Volatile.Read(ref _schema);
        if (schema is null || schema.IsFaulted)
            Volatile.Write(ref _schema, schema = EnsureSchemaAsync());
        return schema;
    }

    // Made by the first host; the lock makes hosts starting together take turns (CREATE ... IF NOT EXISTS races).
    private async Task EnsureSchemaAsync()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockTables = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockTables.Parameters.AddWithValue("key", SchemaLock);
            await lockTables.ExecuteNonQueryAsync();
        }
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS dashboard_journal (
                position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                day date NOT NULL,
                payload bytea NOT NULL);
            CREATE INDEX IF NOT EXISTS dashboard_journal_day ON dashboard_journal (day, position);
            CREATE TABLE IF NOT EXISTS dashboard_handoffs (
                host text PRIMARY KEY,
                at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS dashboard_snapshots (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                header bytea NOT NULL,
                bytes bigint NOT NULL,
                usable boolean NOT NULL DEFAULT true);
            CREATE TABLE IF NOT EXISTS dashboard_snapshot_grains (
                snapshot bigint NOT NULL,
                seq integer NOT NULL,
                state bytea NOT NULL,
                PRIMARY KEY (snapshot, seq));
            DELETE FROM dashboard_handoffs WHERE at < now() - interval '7 days';
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    // One statement, one commit for the group; unnest keeps the order the requests were accepted in.
    private async Task InsertGroupAsync(IReadOnlyList<(DateOnly Day, byte[] Payload)> group)
    {
        await SchemaAsync();
        await using var insert = _db.CreateCommand("INSERT INTO dashboard_journal (day, payload) SELECT * FROM unnest(@days, @payloads)");
        insert.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = group.Select(p => p.Day).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = group.Select(p => p.Payload).ToArray() });
        await insert.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _commit.DisposeAsync();
        await _db.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the journal to PostgreSQL failed; the requests waiting on it are answered with an error")]
    private partial void LogWriteFailed(Exception exception);
}
