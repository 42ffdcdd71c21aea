using Dashboard.Grains.Ingestion;
using Dashboard.Tests.Support;
using Dashboard.Grains.Durability;
using Dashboard.Web.Durability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Serialization;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §3: the cluster's shared journal on a real PostgreSQL server. What hosts append concurrently is read
/// back whole, per day, in the order each host appended it, from any position a read gave.
/// </summary>
public sealed class PostgresJournalTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly Serializer<JournalRecord> Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(JournalRecord).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer<JournalRecord>>();

    [Fact]
    public async Task Concurrent_appends_from_two_hosts_read_back_whole_in_each_hosts_order_per_day()
    {
        var connection = await DatabaseAsync("journal");
        await using var hostA = new PostgresJournal(connection, Serializer, NullLogger<PostgresJournal>.Instance);
        await using var hostB = new PostgresJournal(connection, Serializer, NullLogger<PostgresJournal>.Instance);
        DateOnly monday = new(2026, 12, 7), tuesday = new(2026, 12, 8);

        // Four senders per host, each appending 40 records one after the other, spread over two days.
        var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
        {
            var journal = sender % 2 == 0 ? hostA : hostB;
            for (var i = 0; i < 40; i++)
                await journal.AppendAsync(i < 25 ? monday : tuesday, Record(sender, i));
        }));
        await Task.WhenAll(senders);

        Assert.Equal([monday, tuesday], hostA.Days());
        var read = new Dictionary<DateOnly, List<(string Id, long Position)>>();
        foreach (var day in new[] { monday, tuesday })
        {
            read[day] = [];
            await foreach (var (record, position) in hostB.ReadAsync(day, hostB.OriginOf(day)))
                read[day].Add((((EventsAccepted)record).Events.Single().Id, position));
        }
        Assert.Equal(8 * 25, read[monday].Count);
        Assert.Equal(8 * 15, read[tuesday].Count);
        foreach (var (day, records) in read)
        {
            Assert.True(records.Zip(records.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions increase");
            Assert.Equal(records[^1].Position, hostA.SizeOf(day));
            // Each sender's records in the order it appended them.
            foreach (var sender in Enumerable.Range(0, 8))
            {
                var own = records.Where(r => r.Id.StartsWith($"s{sender}-", StringComparison.Ordinal)).Select(r => int.Parse(r.Id[(r.Id.IndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(own.Order(), own);
            }
        }

        // From a position a read gave: the records after it, none before.
        var tenth = read[monday][9].Position;
        var rest = new List<long>();
        await foreach (var (_, position) in hostA.ReadAsync(monday, tenth))
            rest.Add(position);
        Assert.Equal(read[monday].Skip(10).Select(r => r.Position), rest);

        hostA.DropBefore(tuesday);
        Assert.Equal([tuesday], hostB.Days());
    }

    [Fact]
    public async Task A_hand_off_is_known_to_every_host_and_only_for_that_host()
    {
        var connection = await DatabaseAsync("handoffs");
        await using var hostA = new PostgresJournal(connection, Serializer, NullLogger<PostgresJournal>.Instance);
        await using var hostB = new PostgresJournal(connection, Serializer, NullLogger<PostgresJournal>.Instance);
        const string a = "127.0.0.1:11111@1", aNextGeneration = "127.0.0.1:11111@2";

        Assert.False(await hostB.HandedOffAsync(a));
        await hostA.RecordHandOffAsync(a);
        Assert.True(await hostB.HandedOffAsync(a));
        Assert.False(await hostB.HandedOffAsync(aNextGeneration));
    }

    [Fact]
    public async Task The_clusters_snapshot_is_replaced_whole_read_back_as_written_and_set_aside_when_it_fails()
    {
        var connection = await DatabaseAsync("snapshots");
        var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(JournalRecord).Assembly)).BuildServiceProvider()
            .GetRequiredService<Serializer>();
        await using var journal = new PostgresJournal(connection, Serializer, NullLogger<PostgresJournal>.Instance);
        var store = new PostgresSnapshots(journal, serializer, NullLogger<PostgresSnapshots>.Instance);
        Assert.Null(await store.CheckAsync(CancellationToken.None));

        var day = new DateOnly(2026, 12, 7);
        GrainStateEntry Entry(string agent, byte fill) => new(GrainId.Create("agent", agent), [.. Enumerable.Repeat(fill, 100 + fill)]);
        await store.WriteAsync(new SnapshotHeader(SnapshotHeader.CurrentFormat, day, 10, DateTimeOffset.UnixEpoch, 0), [Entry("a1", 1), Entry("a2", 2)], CancellationToken.None);
        var second = Enumerable.Range(0, 300).Select(i => Entry($"b{i}", (byte)(i % 50))).ToList();
        await store.WriteAsync(new SnapshotHeader(SnapshotHeader.CurrentFormat, day, 42, DateTimeOffset.UnixEpoch, 0), second, CancellationToken.None);

        // The latest replaces the one before it, whole: header, every grain in order, and nothing of the first left.
        var header = await store.CheckAsync(CancellationToken.None);
        Assert.Equal((day, 42L, 300), (header!.Day, header.Position, header.Grains));
        var read = new List<GrainStateEntry>();
        await foreach (var entry in store.ReadGrainsAsync(CancellationToken.None))
            read.Add(entry);
        Assert.Equal(second.Select(e => (e.Grain, Convert.ToHexString(e.State))), read.Select(e => (e.Grain, Convert.ToHexString(e.State))));
        Assert.Equal(300L, await CountAsync(connection, "SELECT count(*) FROM dashboard_snapshot_grains"));
        Assert.Equal(1L, await CountAsync(connection, "SELECT count(*) FROM dashboard_snapshots"));

        // One whose restore failed is set aside: the next start replays the journal instead.
        await store.SetAsideAsync();
        Assert.Null(await store.CheckAsync(CancellationToken.None));
    }

    private static async Task<long> CountAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
    }

    private static EventsAccepted Record(int sender, int i) => new()
    {
        AcceptedAt = DateTimeOffset.UnixEpoch.AddSeconds(i),
        Events = [Events.Login(DateTimeOffset.UnixEpoch.AddSeconds(i), $"agent-{sender}", "q") with { Id = $"s{sender}-{i}" }],
    };

    private async Task<string> DatabaseAsync(string name)
    {
        await using var server = new NpgsqlConnection(postgres.ConnectionString("postgres"));
        await server.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", server).ExecuteNonQueryAsync();
        return postgres.ConnectionString(name);
    }
}
