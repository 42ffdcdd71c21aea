using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Bench;

/// <summary>
/// One combination: subscribers (of which on the floor), ingest rate. Latencies are exact, over every (probe,
/// subscriber) pair; a snapshot not received by the end of the run counts as infinitely late.
/// </summary>
public sealed record HubRow(
    int Subscribers, int FloorSubscribers, int TargetEventsPerSecond, double AchievedEventsPerSecond, int Probes,
    long Samples, long Missed, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double FloorP99Ms,
    double QueueP99Ms, double? ServerEventToPushP99Ms, double ServerCpu, double BenchCpu, int Disconnected);

public sealed record HubFigures(IReadOnlyList<HubRow> Rows) : Figures
{
    public override string ToString() => $"{Rows.Count} combination(s)";
}

/// <summary>
/// Scenario 4, event to screen: N .NET SignalR clients on /hubs/live — half on the floor, half on one of ten of
/// the workload's queues plus the probe queue — while paced ingest runs at a fixed rate. A probe POSTs a
/// <c>call.queued</c> on a queue of its own a few times a second, so the probe queue's waiting count is the
/// number of probes so far; each client notes when it first sees a count that includes each probe. Latency is
/// that arrival minus the start of the probe's POST. The clients share the machine with the server.
/// </summary>
public static class HubLatency
{
    private const string ProbeQueue = "probe";
    private const int WatchedQueues = 10;

    public static async Task<HubFigures> RunAsync(Settings settings, bool quick)
    {
        // Every combination of 100, 500, 1,000 subscribers and 10,000, 25,000 events/s, half on the floor; and
        // the target one (500 at 25,000) with queue subscribers only, which shows what the floor's fan-out
        // costs. Quick mode runs 100 at 25,000 alone: 500 floor clients take ~20 s just to receive the logins.
        (int Subscribers, int Rate, bool Floor)[] combinations = quick
            ? [(100, 25_000, true)]
            :
            [
                (100, 10_000, true), (500, 10_000, true), (1000, 10_000, true),
                (100, 25_000, true), (500, 25_000, true), (1000, 25_000, true), (500, 25_000, false),
            ];
        var rows = new List<HubRow>();
        foreach (var (subscribers, rate, floor) in combinations)
        {
            rows.Add(await RunOnceAsync(settings, subscribers, floor ? subscribers / 2 : 0, rate, quick));
            Console.WriteLine($"  {rows[^1]}");
        }
        return new HubFigures(rows);
    }

    // A fresh server per combination, so each starts from the same state. The clients subscribe before the
    // agents log in, so subscribing sends a small floor; the logins' floor delta is then sent once to them all.
    private static async Task<HubRow> RunOnceAsync(Settings settings, int subscriberCount, int floorCount, int rate, bool quick)
    {
        var (warmup, window, grace) = quick
            ? (TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2))
            : (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(3));
        var posted = new long[(int)window.TotalSeconds * 10 + 2];
        await using var server = await ServerProcess.StartAsync(settings.Root);
        using var http = server.CreateClient();
        var workload = new Workload(settings.Agents, settings.Queues,
            Workload.StartFor(settings.Agents, warmup + window + grace + TimeSpan.FromMinutes(1), rate));
        await PostAsync(http, new
        {
            // Creates the probe queue and the watched queues, so they can be subscribed to before any ingest.
            id = "probe-login", type = "agent.login", at = workload.Start, agentId = "probe-agent",
            queues = Enumerable.Range(0, WatchedQueues).Select(Workload.Queue).Prepend(ProbeQueue),
        });
        var subscribers = new Subscriber[subscriberCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, subscriberCount), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => subscribers[i] = await Subscriber.ConnectAsync(server, i, floor: i < floorCount, posted.Length));

        // The workload starts with every agent's login; then probe 1, uncounted, is a barrier: once every client
        // has seen it, every client has also received the (large) floor delta of the logins before it.
        var settling = Stopwatch.StartNew();
        for (var logins = 0; logins < settings.Agents; logins += settings.BatchSize)
        {
            using var content = new ByteArrayContent(Workload.ToJson(workload.NextBatch(settings.BatchSize)));
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/api/events", content);
            response.EnsureSuccessStatusCode();
        }
        await PostAsync(http, Probe(1, workload.Latest));
        while (subscribers.Any(s => s.Seen < 1) && settling.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }
        Console.WriteLine($"  {subscriberCount} subscribers connected and caught up with the logins in {settling.Elapsed.TotalSeconds:F1} s");

        int probes;
        double achieved, serverCpu, benchCpu;
        double? eventToPush;
        await using (var load = new HttpLoad(server, workload, settings.BatchSize, settings.Senders, rate))
        {
            await Task.Delay(warmup);
            var before = await server.ScrapeAsync(http);
            var (accepted, serverTime, benchTime) = (load.Accepted, server.CpuTime, Environment.CpuUsage.TotalTime);
            var clock = Stopwatch.StartNew();
            probes = await ProbeAsync(http, workload, window, posted);
            var seconds = clock.Elapsed.TotalSeconds;
            achieved = (load.Accepted - accepted) / seconds;
            serverCpu = (server.CpuTime - serverTime).TotalSeconds / seconds / Environment.ProcessorCount;
            benchCpu = (Environment.CpuUsage.TotalTime - benchTime).TotalSeconds / seconds / Environment.ProcessorCount;
            eventToPush = Metrics.Quantile(before, await server.ScrapeAsync(http), "dashboard_live_event_to_push_milliseconds", 0.99);
            // Under the same load, so the last probes' snapshots arrive as the earlier ones did.
            await Task.Delay(grace);
        }
        var disconnected = subscribers.Count(s => s.Disconnected);
        await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));

        // Every (probe, subscriber) pair: its latency, or infinity for a snapshot that never came.
        List<double> floor = [], queue = [];
        foreach (var subscriber in subscribers)
        {
            for (var k = 2; k <= probes; k++)
            {
                var arrived = subscriber.Arrivals[k];
                (subscriber.Floor ? floor : queue).Add(
                    arrived == 0 ? double.PositiveInfinity : Stopwatch.GetElapsedTime(posted[k], arrived).TotalMilliseconds);
            }
        }
        floor.Sort();
        queue.Sort();
        var all = floor.Concat(queue).Order().ToList();
        return new HubRow(
            subscriberCount, floorCount, rate, achieved, probes - 1, all.Count, all.Count(double.IsPositiveInfinity),
            Percentiles.Of(all, 0.50), Percentiles.Of(all, 0.95), Percentiles.Of(all, 0.99), all.Count > 0 ? all[^1] : double.NaN,
            Percentiles.Of(floor, 0.99), Percentiles.Of(queue, 0.99), eventToPush, serverCpu, benchCpu, disconnected);
    }

    // Probes 2, 3, … one after another at random moments (100–300 ms apart), so they do not fall in step with
    // the floor's publication interval. Returns the number of the last.
    private static async Task<int> ProbeAsync(HttpClient http, Workload workload, TimeSpan window, long[] posted)
    {
        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        var k = 1;
        while (clock.Elapsed < window && k < posted.Length - 1)
        {
            await Task.Delay(random.Next(100, 300));
            k++;
            posted[k] = Stopwatch.GetTimestamp();
            await PostAsync(http, Probe(k, workload.Latest));
        }
        return k;
    }

    // At the workload's event time: a probe stamped with the wall clock would move the server's watermark far
    // ahead of the workload, and every workload event after it would be a straggler (acknowledged as late).
    private static object Probe(int k, DateTimeOffset at) => new
    {
        id = $"probe-{k}", type = "call.queued", at, callId = $"probe-{k}", queueId = ProbeQueue,
    };

    private static async Task PostAsync(HttpClient http, object contractEvent)
    {
        using var response = await http.PostAsJsonAsync("/api/events", new[] { contractEvent });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// One hub client. Its messages bind only the fields the probe needs (JSON of the rest is skipped, not
    /// materialised), and the handlers only take a timestamp, so a client costs what a real one minimally would.
    /// </summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private int _seen;

        private Subscriber(HubConnection connection, bool floor, int probes)
        {
            _connection = connection;
            Floor = floor;
            Arrivals = new long[probes];
            connection.Closed += _ =>
            {
                Disconnected = true;
                return Task.CompletedTask;
            };
        }

        public bool Floor { get; }

        /// <summary>Per probe number, the Stopwatch timestamp of the first snapshot that reflected it (0: none).</summary>
        public long[] Arrivals { get; }

        public bool Disconnected { get; private set; }

        /// <summary>The highest probe number seen.</summary>
        public int Seen => Volatile.Read(ref _seen);

        public static async Task<Subscriber> ConnectAsync(ServerProcess server, int index, bool floor, int probes)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.Address, "/hubs/live"), o =>
                {
                    o.Headers["X-Api-Key"] = server.ApiKey;
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            var subscriber = new Subscriber(connection, floor, probes);
            connection.On<FloorMessage>("floor", f =>
            {
                foreach (var q in f.Queues)
                {
                    subscriber.Saw(q);
                }
            });
            connection.On<QueueMessage>("queue", subscriber.Saw);
            await connection.StartAsync();
            if (subscriber.Floor)
            {
                await connection.InvokeAsync("SubscribeFloor");
            }
            else
            {
                await connection.InvokeAsync("SubscribeQueue", Workload.Queue(index % WatchedQueues));
                await connection.InvokeAsync("SubscribeQueue", ProbeQueue);
            }
            return subscriber;
        }

        // The probe queue's waiting count is the number of probes posted before this snapshot.
        private void Saw(QueueMessage queue)
        {
            if (queue.QueueId != ProbeQueue || queue.Waiting <= _seen)
            {
                return;
            }
            var now = Stopwatch.GetTimestamp();
            for (var k = _seen + 1; k <= Math.Min(queue.Waiting, Arrivals.Length - 1); k++)
            {
                Arrivals[k] = now;
            }
            Volatile.Write(ref _seen, queue.Waiting);
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }

    private sealed record QueueMessage(string QueueId, int Waiting);

    private sealed record FloorMessage(QueueMessage[] Queues);
}
