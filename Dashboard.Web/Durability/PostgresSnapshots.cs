using System.Runtime.CompilerServices;
using Dashboard.Grains.Durability;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace Dashboard.Web.Durability;

/// <summary>
/// The cluster's latest snapshot of its live model, in its PostgreSQL database beside the shared journal: a header row
/// and one row per grain, written in one transaction that also drops the snapshot before, so a crash mid-write leaves
/// the last one whole. The grains go in with <c>COPY</c> (binary), the fastest way in for tens of megabytes.
/// </summary>
public sealed partial class PostgresSnapshots(PostgresJournal journal, Serializer serializer, ILogger<PostgresSnapshots> logger) : ISnapshotStore
{
    private long _checked = -1;
    private long _size;

    public string Where => "the cluster database's table dashboard_snapshots";

    public long Size => Interlocked.Read(ref _size);

    public async Task WriteAsync(SnapshotHeader header, IReadOnlyCollection<GrainStateEntry> grains, CancellationToken cancellationToken)
    {
        var db = await journal.DatabaseAsync();
        var payloads = grains.Select(g => serializer.SerializeToArray(g)).ToList();
        var headerBytes = serializer.SerializeToArray(header with { Grains = payloads.Count });
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO dashboard_snapshots (header, bytes) VALUES (@header, @bytes) RETURNING id", connection, transaction))
        {
            insert.Parameters.AddWithValue("header", headerBytes);
            insert.Parameters.AddWithValue("bytes", headerBytes.LongLength + payloads.Sum(p => (long)p.Length));
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY dashboard_snapshot_grains (snapshot, seq, state) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < payloads.Count; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(payloads[i], NpgsqlDbType.Bytea, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using (var drop = new NpgsqlCommand("""
            DELETE FROM dashboard_snapshot_grains WHERE snapshot < @id;
            DELETE FROM dashboard_snapshots WHERE id < @id;
            """, connection, transaction))
        {
            drop.Parameters.AddWithValue("id", id);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        Interlocked.Exchange(ref _size, headerBytes.LongLength + payloads.Sum(p => (long)p.Length));
    }

    public async Task<SnapshotHeader?> CheckAsync(CancellationToken cancellationToken)
    {
        var db = await journal.DatabaseAsync();
        await using var command = db.CreateCommand("""
            SELECT s.id, s.header, s.bytes, (SELECT count(*) FROM dashboard_snapshot_grains g WHERE g.snapshot = s.id)
            FROM dashboard_snapshots s WHERE s.usable ORDER BY s.id DESC LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var (id, bytes, count) = (reader.GetInt64(0), reader.GetInt64(2), reader.GetInt64(3));
        SnapshotHeader? header;
        try
        {
            header = serializer.Deserialize<SnapshotHeader>(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken));
        }
        catch (Exception ex) when (ex is CodecNotFoundException or InvalidDataException or InvalidOperationException)
        {
            LogUnusable(ex, id, ex.Message);
            return null;
        }
        if (header is null || header.Format != SnapshotHeader.CurrentFormat)
            return Unusable(id, header is null ? "no header" : $"format {header.Format}, this version reads {SnapshotHeader.CurrentFormat}");
        if (count != header.Grains)
            return Unusable(id, $"{count} grains of {header.Grains}");
        Interlocked.Exchange(ref _checked, id);
        Interlocked.Exchange(ref _size, bytes);
        return header;
    }

    public async IAsyncEnumerable<GrainStateEntry> ReadGrainsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = await journal.DatabaseAsync();
        await using var command = db.CreateCommand("SELECT state FROM dashboard_snapshot_grains WHERE snapshot = @id ORDER BY seq");
        command.Parameters.AddWithValue("id", Interlocked.Read(ref _checked));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return serializer.Deserialize<GrainStateEntry>(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken))
                ?? throw new InvalidDataException("An empty grain state in the cluster's snapshot.");
    }

    public async Task SetAsideAsync()
    {
        var db = await journal.DatabaseAsync();
        await using var command = db.CreateCommand("UPDATE dashboard_snapshots SET usable = false WHERE id = @id");
        command.Parameters.AddWithValue("id", Interlocked.Read(ref _checked));
        await command.ExecuteNonQueryAsync();
    }

    private SnapshotHeader? Unusable(long id, string why)
    {
        LogUnusable(null, id, why);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster's snapshot {Id} cannot be used ({Why}); the journal is replayed instead")]
    private partial void LogUnusable(Exception? exception, long id, string why);
}
