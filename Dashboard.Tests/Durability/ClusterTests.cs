using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Two real dashboard processes as one Orleans cluster with its membership in a real PostgreSQL server
/// (Orleans:Clustering:ProviderType AdoNet), or in a real Redis: either host shows the whole floor, and the survivor
/// of a kill -9 goes on.
/// </summary>
public sealed partial class ClusterTests(PostgresServer postgres, RedisServer redis, ITestOutputHelper output)
    : IClassFixture<PostgresServer>, IClassFixture<RedisServer>
{
    private const int Active = 3, Dead = 6; // Orleans' SiloStatus, as the membership table stores it

    private Dictionary<string, string> Cluster(string database) => new()
    {
        // Accounts and membership in one database, as docker/docker-compose.cluster.yml runs them.
        ["Accounts:Provider"] = "postgres",
        ["Accounts:ConnectionString"] = postgres.ConnectionString(database),
        ["Orleans:Clustering:ProviderType"] = "AdoNet",
        ["Orleans:AdvertisedAddress"] = "127.0.0.1",
        // A dead silo noticed in seconds rather than Orleans' production pace: probes time out after a second,
        // two missed ones make a suspicion, and with two silos the survivor's vote alone declares the death.
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Orleans:Membership:TableRefreshTimeout"] = "00:00:02",
        ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:02",
        ["Orleans:Membership:DefunctSiloExpiration"] = "00:01:00",
    };

    [Fact]
    public async Task Two_hosts_serve_one_floor_and_the_survivor_of_a_kill_goes_on()
    {
        const string database = "cluster";
        var settings = Cluster(database);
        // A first: its readiness check activates the floor grain there, so B's reads and live feed cross silos.
        var starting = Stopwatch.StartNew();
        await using var a = await HostProcess.StartAsync(settings);
        var aStarted = starting.Elapsed;
        await using var b = await HostProcess.StartAsync(settings);
        output.WriteLine($"A ready in {aStarted.TotalSeconds:F1} s, then B in {(starting.Elapsed - aStarted).TotalSeconds:F1} s.");
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        Assert.Equal(2, await SilosAsync(database, Active));

        // Events into A are on B's floor: the read API and B's hub, which pushes from B's own live feed.
        var (queue, agent) = (Events.Unique("q"), Events.Unique("a"));
        await PostAsync(httpA, Events.Login(Now(-10), agent, queue));
        await EventuallyAsync(() => HasAgentAsync(httpB, agent), "B shows the agent logged in at A");
        await using var hubB = await HubAsync(b);
        var pushedToB = hubB.Listen<QueueSnapshot>("queue");
        await hubB.InvokeAsync("SubscribeQueue", queue);
        await PostAsync(httpA, Events.Queued(Now(-2), queue + "-c1", queue));
        var pushed = await pushedToB.NextAsync( s => s.Waiting == 1);
        Assert.Equal(queue, pushed.QueueId);
        Assert.Equal(1, (await QueueAsync(httpB, queue)).GetProperty("waiting").GetInt32());
        Assert.Equal(await AgentJsonAsync(httpA, agent), await AgentJsonAsync(httpB, agent));

        // Through the proxy of docker-compose.cluster.yml a browser stays with the host that first answered it (its
        // Blazor circuit lives there); requests with A's key tell which host answered: only A knows that key.
        await using var proxy = await CaddyProxy.StartAsync(a, b);
        var pinned = new Dictionary<HttpStatusCode, HttpClient>();
        for (var i = 0; i < 40 && pinned.Count < 2; i++)
        {
            var browser = Browser(proxy, a.ApiKey);
            if (!pinned.TryAdd((await browser.GetAsync("/api/queues")).StatusCode, browser))
                browser.Dispose();
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], pinned.Keys.Order());
        foreach (var (answeredBy, browser) in pinned)
        {
            for (var i = 0; i < 10; i++)
                Assert.Equal(answeredBy, (await browser.GetAsync("/api/queues")).StatusCode);
        }
        using var browserOnA = pinned[HttpStatusCode.OK];
        using var browserOnB = pinned[HttpStatusCode.Unauthorized];

        // kill -9 A. B goes on serving and ingesting once membership declares A dead and the grains that lived on A
        // reactivate on B (empty until the journal restores them: only "B serves and ingests" is asserted).
        using var quickB = b.CreateClient();
        quickB.Timeout = TimeSpan.FromSeconds(5); // a request held up by the dead silo is retried, not waited out
        var clock = Stopwatch.StartNew();
        await a.KillAsync();
        await EventuallyAsync(async () => (await quickB.GetAsync("/api/queues")).IsSuccessStatusCode, "B serves the floor");
        var served = clock.Elapsed;
        // Today the grains are in memory only, so this says where the floor lived: false, it lived on A.
        output.WriteLine($"B's floor after the kill still shows the agent logged in before it: {await HasAgentAsync(quickB, agent)}.");
        var (queue2, agent2) = (Events.Unique("q"), Events.Unique("a"));
        var login2 = Events.Login(Now(-1), agent2, queue2); // the same event on every try: a repeat is a duplicate
        await EventuallyAsync(async () => (await TryPostAsync(quickB, login2)) && await HasAgentAsync(quickB, agent2),
            "B ingests an event and shows it");
        var ingested = clock.Elapsed;
        await EventuallyAsync(async () => await SilosAsync(database, Dead) == 1, "the membership table records A dead");
        var declared = clock.Elapsed;
        // The browser that was on A is moved to B by the proxy (B's key now answers through its cookie).
        await EventuallyAsync(async () =>
        {
            using var request = WithKey(HttpMethod.Get, "/api/queues", b.ApiKey);
            return (await browserOnA.SendAsync(request)).IsSuccessStatusCode;
        }, "the proxy sends A's browser to B");
        var moved = clock.Elapsed;
        output.WriteLine($"After kill -9 of A: B served /api/queues at {served.TotalSeconds:F1} s, ingested and showed a new event at " +
            $"{ingested.TotalSeconds:F1} s; A marked dead in the membership table at {declared.TotalSeconds:F1} s; " +
            $"the proxy had moved A's browser to B at {moved.TotalSeconds:F1} s.");

        // A rejoins (a new generation on the same address) and both show one floor again, whichever host is fed.
        clock.Restart();
        await a.RestartAsync();
        output.WriteLine($"A restarted and ready, rejoined, in {clock.Elapsed.TotalSeconds:F1} s.");
        Assert.Equal(2, await SilosAsync(database, Active));
        var (queue3, agent3) = (Events.Unique("q"), Events.Unique("a"));
        await PostAsync(httpA, Events.Login(Now(-1), agent3, queue3));
        await PostAsync(httpB, Events.Queued(Now(-1), queue3 + "-c1", queue3));
        foreach (var http in new[] { httpA, httpB })
        {
            await EventuallyAsync(async () => await HasAgentAsync(http, agent2) && await HasAgentAsync(http, agent3)
                && (await QueueAsync(http, queue3)).GetProperty("waiting").GetInt32() == 1, "both hosts show the events fed to either");
        }
        Assert.Equal(await AgentJsonAsync(httpA, agent3), await AgentJsonAsync(httpB, agent3));
    }

    [Fact]
    public async Task A_rolling_restart_loses_nothing_the_grains_move_with_their_state()
    {
        var settings = Cluster("rolling");
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 23, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 8, meanGapSeconds: 4, scope: "roll");
        // Fed through both hosts, so grains are touched from both and (placed at random) live on both.
        using (var httpA = a.CreateClient())
        using (var httpB = b.CreateClient())
        {
            var batches = Delivery.Batches(day.Events, batchSize: 25, seed: 4);
            for (var i = 0; i < batches.Count; i++)
                await FloorJson.PostAsync(i % 2 == 0 ? httpA : httpB, batches[i]);
        }
        var before = await FloorJson.FloorAsync(a, day);
        FloorJson.AssertCounts(day, before);

        // B is stopped as a deploy stops it: its grains go to A with their state, and A's figures stay whole.
        var stopped = await b.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, stopped?.ExitCode);
        var handoff = b.Output.Select(l => HandedOff().Match(l)).Single(m => m.Success);
        output.WriteLine($"B stopped in {stopped?.Took.TotalSeconds:F1} s: {handoff.Value}");
        Assert.True(int.Parse(handoff.Groups[1].Value, CultureInfo.InvariantCulture) > 0, "B held some of the live grains");
        Assert.Equal("0", handoff.Groups[2].Value);
        var afterStop = await FloorJson.FloorAsync(a, day);
        FloorJson.AssertCounts(day, afterStop);
        Assert.True(before.ToJsonString() == afterStop.ToJsonString(), $"After B stopped:\n{before}\n{afterStop}");

        // B back: one floor again, the same on both.
        await b.RestartAsync();
        var afterRestart = await FloorJson.FloorAsync(b, day);
        Assert.True(before.ToJsonString() == afterRestart.ToJsonString(), $"After B restarted:\n{before}\n{afterRestart}");
    }

    [Theory]
    [InlineData("AdoNet")]
    [InlineData("Redis")] // membership in Redis, the shared journal in the accounts' PostgreSQL
    public async Task A_host_killed_during_ingest_loses_nothing_the_survivor_rebuilds_the_floor_from_the_shared_journal(string clustering)
    {
        var settings = Cluster("crash" + clustering.ToLowerInvariant());
        if (clustering == "Redis")
        {
            settings["Orleans:Clustering:ProviderType"] = "Redis";
            settings["Orleans:Clustering:ConnectionString"] = redis.ConnectionString;
            settings["Orleans:ClusterId"] = Events.Unique("crash");
        }
        // Cluster-wide snapshots every second while events arrive: the rebuild starts from the last one that stood.
        settings["Durability:SnapshotEvery"] = "00:00:01";
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 31, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 8, meanGapSeconds: 4, scope: "crash");
        var batches = Delivery.Batches(day.Events, batchSize: 20, seed: 6);
        using var httpB = b.CreateClient();
        httpB.Timeout = TimeSpan.FromSeconds(30);

        // A steady feed through both hosts; A is killed while a batch of its is in flight.
        var acknowledgedByA = 0;
        var next = 0;
        using (var httpA = a.CreateClient())
        {
            for (; next < batches.Count / 2; next++)
            {
                if (next % 2 == 0)
                    acknowledgedByA += await PostCountingAsync(httpA, batches[next]);
                else
                    await PostCountingAsync(httpB, batches[next]);
                if (next == batches.Count / 4)
                    await EventuallyAsync(() => Task.FromResult(a.Output.Concat(b.Output).Any(l => ClusterSnapshotTaken().IsMatch(l))), "a snapshot of both hosts");
            }
            var inFlight = httpA.PostAsync("/api/events", FloorJson.Body(batches[next]));
            await Task.Delay(5);
            await a.KillAsync();
            try
            {
                (await inFlight).EnsureSuccessStatusCode();
                acknowledgedByA += batches[next].Count;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not answered: the source does not know, and sends it again elsewhere (below), as a connector does.
            }
        }
        Assert.True(acknowledgedByA > 0, "A acknowledged events before it was killed");

        // The rest through B, each batch until B answers (while A's grains are unreachable, B answers with errors).
        for (; next < batches.Count; next++)
        {
            var batch = batches[next];
            await EventuallyAsync(async () => (await httpB.PostAsync("/api/events", FloorJson.Body(batch))).IsSuccessStatusCode, $"B takes batch {next}");
        }

        // B rebuilt the live model from the journal A and B share: the day's own counts, nothing lost, nothing twice.
        await EventuallyAsync(() => Task.FromResult(b.Output.Any(l => l.Contains("Rebuilt the live model", StringComparison.Ordinal))), "B rebuilds");
        var floor = await FloorJson.FloorAsync(b, day);
        FloorJson.AssertCounts(day, floor);
        var rebuilt = b.Output.First(l => l.Contains("Rebuilt the live model", StringComparison.Ordinal));
        output.WriteLine(rebuilt);
        Assert.Matches(@"[1-9]\d* restored from the snapshot", rebuilt);

        // Everything sent again counts nothing.
        var again = 0;
        foreach (var batch in batches)
            again += (await FloorJson.PostAsync(httpB, batch))["accepted"]!.GetValue<int>();
        Assert.Equal(0, again);

        // A back: it joins the running cluster without replaying, and shows the same floor.
        var killedOutput = a.Output.Count;
        await a.RestartAsync();
        var onA = await FloorJson.FloorAsync(a, day);
        Assert.True(floor.ToJsonString() == onA.ToJsonString(), $"A after its restart:\n{floor}\n{onA}");
        Assert.DoesNotContain(a.Output.Skip(killedOutput), l => l.Contains("Rebuilt the live model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cluster_restarted_whole_comes_back_from_its_snapshot_even_what_no_replayed_day_holds()
    {
        const string database = "whole";
        var settings = Cluster(database);
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 41, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 6, meanGapSeconds: 4, scope: "whole");
        var batches = Delivery.Batches(day.Events, batchSize: 25, seed: 8);
        var head = batches.Take(batches.Count * 2 / 3).ToList();
        var tail = batches.Skip(head.Count).ToList();
        var complaint = Events.ComplaintOpened(now.AddMinutes(-20), Events.Unique("cmp"), day.QueueId, day.AgentIds[0]);
        var headEvents = head.Sum(b => b.Count);
        var tailEvents = tail.Sum(b => b.Count);
        Assert.True(tailEvents < headEvents - 10, "the tail alone must not be enough for a snapshot of its own");
        // A snapshot once the head is in (all of it through A), and none for the tail (fewer events, no time-based one).
        settings["Durability:SnapshotEveryEvents"] = (headEvents - 10).ToString(CultureInfo.InvariantCulture);
        settings["Durability:SnapshotEvery"] = "01:00:00";
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        using (var httpA = a.CreateClient())
        {
            Assert.Equal(1, (await FloorJson.PostAsync(httpA, [complaint]))["accepted"]!.GetValue<int>());
            foreach (var batch in head)
                await FloorJson.PostAsync(httpA, batch);
        }
        // A coordinates the cut; B pauses for it too, since both feed the live model.
        string? taken = null;
        await EventuallyAsync(() => Task.FromResult((taken = a.Output.FirstOrDefault(l => ClusterSnapshotTaken().IsMatch(l))) is not null), "A takes the cluster's snapshot");
        output.WriteLine(taken);
        var position = long.Parse(ClusterSnapshotTaken().Match(taken!).Groups[1].Value, CultureInfo.InvariantCulture);
        using (var httpB = b.CreateClient())
        {
            foreach (var batch in tail)
                await FloorJson.PostAsync(httpB, batch);
        }
        var before = await FloorJson.FloorAsync(b, day);
        FloorJson.AssertCounts(day, before);
        Assert.Equal(1, before["queue"]!["complaintsOpen"]!.GetValue<int>());

        // The whole cluster dies. Then its journal before the snapshot goes, as the days before yesterday are no
        // longer replayed: a complaint opened then, still open, and the day's counts must come from the snapshot.
        await a.KillAsync();
        await b.KillAsync();
        await using (var db = new NpgsqlConnection(postgres.ConnectionString(database)))
        {
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand("DELETE FROM dashboard_journal WHERE position <= @position", db);
            drop.Parameters.AddWithValue("position", position);
            Assert.True(await drop.ExecuteNonQueryAsync() > 0, "the snapshot stood for journal rows");
        }
        var restartedAt = a.Output.Count;
        await a.RestartAsync();
        var after = await FloorJson.FloorAsync(a, day);
        var rebuilt = a.Output.Skip(restartedAt).Select(l => ColdStartRebuilt().Match(l)).Single(m => m.Success);
        output.WriteLine(rebuilt.Value);
        Assert.True(int.Parse(rebuilt.Groups[1].Value, CultureInfo.InvariantCulture) > 0, "grains restored from the snapshot");
        // Only what came after the snapshot went through the pipeline again.
        Assert.Equal(tailEvents, long.Parse(rebuilt.Groups[2].Value, CultureInfo.InvariantCulture));
        FloorJson.AssertCounts(day, after);
        Assert.True(before.ToJsonString() == after.ToJsonString(), $"After the whole cluster restarted:\n{before}\n{after}");

        // B back: it joins without a rebuild and shows the same floor; a re-send of the day counts nothing.
        await b.RestartAsync();
        var onB = await FloorJson.FloorAsync(b, day);
        Assert.True(before.ToJsonString() == onB.ToJsonString(), $"B after its restart:\n{before}\n{onB}");
        using var http = b.CreateClient();
        var again = 0;
        foreach (var batch in batches)
            again += (await FloorJson.PostAsync(http, batch))["accepted"]!.GetValue<int>();
        Assert.Equal(0, again);
    }

    [GeneratedRegex(@"Snapshot of \d+ grains .* taken at journal \S+ position (\d+)")]
    private static partial Regex ClusterSnapshotTaken();

    [GeneratedRegex(@"Rebuilt the live model .*\(cold-start\): \d+ grains reset, (\d+) restored from the snapshot, (\d+) events")]
    private static partial Regex ColdStartRebuilt();

    [Fact]
    public async Task A_source_every_host_is_given_is_read_by_one_and_taken_over_when_that_host_dies()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-cluster-queue-log-").FullName;
        var log = Path.Combine(folder, "queue_log");
        var queue = Events.Unique("ast");
        var t = DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds();
        File.WriteAllText(log, string.Join('\n', Dashboard.Tests.Asterisk.HandWrittenLog.Lines(t, queue)) + "\n");
        // The same settings on both hosts, as a deployment gives them: the file on a volume both mount.
        var settings = Cluster("leases");
        settings["QueueLog:Path"] = log;
        settings["QueueLog:PollInterval"] = "00:00:00.100";
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();
        // c1–c6 read once (as QueueLogApiTests works out), whichever host reads them, and shown on both.
        await EventuallyAsync(async () => await OfferedAsync(httpA, queue) == 6 && await OfferedAsync(httpB, queue) == 6, "the log read once");
        bool Leads(HostProcess host) => host.Output.Any(l => l.Contains("runs the source QueueLogFollower", StringComparison.Ordinal));
        Assert.True(Leads(a) ^ Leads(b), "exactly one host reads the log");
        var (leader, standby) = Leads(a) ? (a, b) : (b, a);
        using var standbyHttp = standby.CreateClient();
        standbyHttp.Timeout = TimeSpan.FromSeconds(5); // a request held up by the dead host is retried, not waited out

        // The reader dies; a call is written meanwhile. The other host takes the source over once the lease runs out,
        // reads the file from its own start, and counts only what is new.
        await leader.KillAsync();
        File.AppendAllText(log, string.Join('\n', Dashboard.Tests.Asterisk.HandWrittenLog.Call(t, queue, "c8", 800)) + "\n");
        try
        {
            await EventuallyAsync(async () => await OfferedAsync(standbyHttp, queue) == 7, "the other host reads on");
        }
        catch (TimeoutException)
        {
            // What the other host went through, to tell a slow takeover from a host that stopped.
            output.WriteLine($"The other host has exited: {standby.HasExited}. Its log:");
            foreach (var line in standby.Output.Where(l => !l.Contains("Polly", StringComparison.Ordinal)).TakeLast(150))
                output.WriteLine(line);
            throw;
        }
        Assert.True(Leads(standby), "the other host took the source over");
        await Task.Delay(1000); // a line counted twice would show by now
        Assert.Equal(7, await OfferedAsync(standbyHttp, queue));
    }

    private static async Task<int> OfferedAsync(HttpClient http, string queue)
    {
        using var response = await http.GetAsync($"/api/queues/{queue}");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("today").GetProperty("offered").GetInt32()
            : 0;
    }

    private static async Task<int> PostCountingAsync(HttpClient http, List<CenterEvent> batch)
    {
        await FloorJson.PostAsync(http, batch);
        return batch.Count;
    }

    [GeneratedRegex(@"(\d+) live grains moved with their state .* (\d+) left behind")]
    private static partial Regex HandedOff();

    [Fact]
    public async Task The_floors_alerts_are_kept_in_the_clusters_database_and_survive_the_host_they_lived_on()
    {
        const string database = "alerts";
        var settings = Cluster(database);
        settings["Alerts:RaiseAfter"] = "00:00:01";
        // A first: the floor grain activates there, so killing A moves it.
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        using var httpA = a.CreateClient();
        var queue = Events.Unique("q");
        // Callers waiting on a queue nobody serves: "no agent available" holds.
        await PostAsync(httpA, [.. Enumerable.Range(1, 3).Select(i => Events.Queued(Now(-90 - i), $"{queue}-c{i}", queue))]);
        JsonElement raised = default;
        await EventuallyAsync(async () => (raised = await AlertOnAsync(httpA, queue)).ValueKind == JsonValueKind.Object, "A raises the alert");
        await EventuallyAsync(async () => await RowsAsync(database) > 0, "the floor's state is written to PostgreSQL");

        await a.KillAsync();
        using var quickB = b.CreateClient();
        quickB.Timeout = TimeSpan.FromSeconds(5);
        // The floor reactivates on B and reads its alerts from the database: the same alert, raised when it was.
        JsonElement kept = default;
        await EventuallyAsync(async () => (kept = await AlertOnAsync(quickB, queue)).ValueKind == JsonValueKind.Object, "B shows the alert");
        Assert.Equal(raised.GetProperty("id").GetString(), kept.GetProperty("id").GetString());
        Assert.Equal(raised.GetProperty("raisedAt").GetString(), kept.GetProperty("raisedAt").GetString());
    }

    private static async Task<JsonElement> AlertOnAsync(HttpClient http, string queue) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/alerts")).EnumerateArray()
            .FirstOrDefault(alert => alert.GetProperty("subjectId").GetString() == queue);

    private async Task<long> RowsAsync(string database)
    {
        await using var db = new NpgsqlConnection(postgres.ConnectionString(database));
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand("SELECT count(*) FROM orleansstorage", db).ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Redis_membership_makes_one_floor_of_two_hosts()
    {
        var settings = new Dictionary<string, string>
        {
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ConnectionString"] = redis.ConnectionString,
            ["Orleans:AdvertisedAddress"] = "127.0.0.1",
        };
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        using var httpA = a.CreateClient();
        using var httpB = b.CreateClient();

        var (queue, agent) = (Events.Unique("q"), Events.Unique("a"));
        await PostAsync(httpA, Events.Login(Now(-10), agent, queue));
        await PostAsync(httpB, Events.Queued(Now(-2), queue + "-c1", queue));
        foreach (var http in new[] { httpA, httpB })
        {
            await EventuallyAsync(async () => await HasAgentAsync(http, agent)
                && (await QueueAsync(http, queue)).GetProperty("waiting").GetInt32() == 1, "both hosts show the events fed to either");
        }
    }

    [Fact]
    public async Task Hosts_starting_together_both_start_and_seed_the_accounts_once()
    {
        const string database = "together";
        await using (var server = new NpgsqlConnection(postgres.ConnectionString("postgres")))
        {
            await server.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", server).ExecuteNonQueryAsync();
        }
        // Both seed the roles and the first admin into one database at once; without taking turns one failed to
        // create a role or the account the other had just made, and did not start.
        var settings = Cluster(database);
        var starting = new[] { HostProcess.StartAsync(settings), HostProcess.StartAsync(settings) };
        await using var a = await starting[0];
        await using var b = await starting[1];

        await using var db = new NpgsqlConnection(postgres.ConnectionString(database));
        await db.OpenAsync();
        // Both are up (a failed seed stops a host's start), and the first admin exists once.
        Assert.Equal(1L, (long)(await new NpgsqlCommand("SELECT count(*) FROM \"AspNetUsers\"", db).ExecuteScalarAsync())!);
        Assert.Equal(Dashboard.Web.Security.Roles.All.Count, (long)(await new NpgsqlCommand("SELECT count(*) FROM \"AspNetRoles\"", db).ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Hosts_starting_together_make_the_Orleans_tables_once()
    {
        const string database = "schema";
        await using (var server = new NpgsqlConnection(postgres.ConnectionString("postgres")))
        {
            await server.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", server).ExecuteNonQueryAsync();
        }
        var connection = Options.Create(new AdoNetClusteringSiloOptions { Invariant = OrleansSchema.Npgsql, ConnectionString = postgres.ConnectionString(database) });

        // Without the advisory lock both would see no table and the later CREATE TABLE would fail.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new OrleansSchema(connection, NullLogger<OrleansSchema>.Instance).EnsureAsync(CancellationToken.None))));
        await new OrleansSchema(connection, NullLogger<OrleansSchema>.Instance).EnsureAsync(CancellationToken.None);

        await using var db = new NpgsqlConnection(postgres.ConnectionString(database));
        await db.OpenAsync();
        var keys = new List<string>();
        await using (var reader = await new NpgsqlCommand("SELECT querykey FROM orleansquery", db).ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                keys.Add(reader.GetString(0));
        }
        Assert.Contains("InsertMembershipKey", keys);            // clustering
        Assert.Contains("CleanupDefunctSiloEntriesKey", keys);   // clustering, added to the script after 10.0
        Assert.Contains("WriteToStorageKey", keys);              // grain state, for when grain storage is switched on
        Assert.Equal(0L, await new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable", db).ExecuteScalarAsync());
    }

    /// <summary>A client that keeps cookies, as a browser does, and sends <paramref name="apiKey"/>.</summary>
    private static HttpClient Browser(CaddyProxy proxy, string apiKey)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = proxy.Address,
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string path, string apiKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Remove("X-Api-Key");
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    private static DateTimeOffset Now(int seconds) => DateTimeOffset.UtcNow.AddSeconds(seconds);

    private static async Task PostAsync(HttpClient http, params CenterEvent[] events)
    {
        var response = await http.PostAsync("/api/events", new StringContent(ContractJson.Of(events), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<bool> TryPostAsync(HttpClient http, params CenterEvent[] events) =>
        (await http.PostAsync("/api/events", new StringContent(ContractJson.Of(events), Encoding.UTF8, "application/json"))).IsSuccessStatusCode;

    private static async Task<bool> HasAgentAsync(HttpClient http, string agentId)
    {
        var agents = await http.GetFromJsonAsync<JsonElement>("/api/agents");
        return agents.EnumerateArray().Any(a => a.GetProperty("agentId").GetString() == agentId && a.GetProperty("state").GetString() != "offline");
    }

    private static Task<JsonElement> QueueAsync(HttpClient http, string queueId) => http.GetFromJsonAsync<JsonElement>($"/api/queues/{queueId}");

    private static Task<string> AgentJsonAsync(HttpClient http, string agentId) => http.GetStringAsync($"/api/agents/{agentId}");

    private async Task<long> SilosAsync(string database, int status)
    {
        await using var db = new NpgsqlConnection(postgres.ConnectionString(database));
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = @status", db);
        count.Parameters.AddWithValue("status", status);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<HubConnection> HubAsync(HostProcess host)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(host.Address, "/hubs/live"), o => o.Headers["X-Api-Key"] = host.ApiKey)
            .AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions))
            .Build();
        await hub.StartAsync();
        return hub;
    }

    /// <summary>Tries every 200 ms for up to two minutes (a crash is noticed by membership first, and CI machines are busy); a failed request counts as "not yet".</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Not within 120 s: {what}. Last failure: {last?.Message ?? "none"}");
    }
}
