using System.Diagnostics;
using System.Net.Http.Json;
using System.Threading.Channels;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dashboard.Tests.Live;

/// <summary>The hub over a real Kestrel server with the .NET SignalR client.</summary>
public sealed class LiveHubTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new DashboardFactory().WithKestrel();
    private HttpClient _http = null!;
    private HubConnection _hub = null!;

    public async Task InitializeAsync()
    {
        _http = _factory.CreateSocketClient();
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.ServerAddress, "/hubs/live"), o => o.Headers["X-Api-Key"] = _factory.ApiKey)
            .AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions))
            .Build();
        await _hub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    private Task PostAsync(params CenterEvent[] events) => _http.PostAsJsonAsync("/api/events", events.Select(ToContract));

    // The wire shape of the ingestion contract.
    private static object ToContract(CenterEvent e) => e.Type switch
    {
        EventType.AgentLogin => new { id = e.Id, type = "agent.login", at = e.At, agentId = e.AgentId, queues = e.Queues },
        EventType.CallQueued => new { id = e.Id, type = "call.queued", at = e.At, callId = e.CallId, queueId = e.QueueId },
        _ => throw new NotSupportedException(e.Type.ToString()),
    };

    private ChannelReader<T> Listen<T>(string message) => _hub.Listen<T>(message);

    [Fact]
    public async Task SubscribeQueue_EventPosted_PushesASnapshotThatReflectsIt()
    {
        var (q, a) = (Events.Unique("q"), Events.Unique("a"));
        await PostAsync(Events.Login(DateTimeOffset.UtcNow.AddSeconds(-10), a, q));
        var queues = Listen<QueueSnapshot>("queue");
        await _hub.InvokeAsync("SubscribeQueue", q);
        var initial = await HubMessages.NextAsync(queues, _ => true);

        await PostAsync(Events.Queued(DateTimeOffset.UtcNow.AddSeconds(-1), q + "-c1", q));
        var pushed = await HubMessages.NextAsync(queues, s => s.Waiting == 1);

        Assert.Equal(0, initial.Waiting);
        Assert.Equal(q, pushed.QueueId);
        Assert.Equal(1, pushed.Agents.Available);
    }

    [Fact]
    public async Task SubscribeFloor_OnSubscribe_GetsTheWholeFloorThenDeltas()
    {
        var a = Events.Unique("a");
        await PostAsync(Events.Login(DateTimeOffset.UtcNow.AddSeconds(-10), a, "q-floor"));
        var floors = Listen<FloorState>("floor");
        await _hub.InvokeAsync("SubscribeFloor");
        var whole = await HubMessages.NextAsync(floors, _ => true);

        var b = Events.Unique("b");
        await PostAsync(Events.Login(DateTimeOffset.UtcNow.AddSeconds(-1), b, "q-floor"));
        var delta = await HubMessages.NextAsync(floors, f => f.Agents.Any(x => x.AgentId == b));

        Assert.Contains(whole.Agents, x => x.AgentId == a);
        Assert.DoesNotContain(whole.Agents, x => x.AgentId == b);
        Assert.Equal(AgentState.Available, delta.Agents.Single(x => x.AgentId == b).State);
    }

    [Fact]
    public async Task SubscribeQueue_UnknownQueue_FailsWithAClearMessage()
    {
        var error = await Assert.ThrowsAsync<HubException>(() => _hub.InvokeAsync("SubscribeQueue", "no-such-queue"));

        Assert.Contains("No queue with id 'no-such-queue'", error.Message);
    }

    /// <summary>
    /// Event-to-subscriber latency: 100 events posted one after another at random moments, each timed from the start of its POST to
    /// the arrival of the first queue snapshot that reflects it. Prints median and p99 (run with
    /// `--logger "console;verbosity=detailed"` to see them); asserts only that every event arrived.
    /// </summary>
    [Fact]
    public async Task PostEvents_OneHundredInARow_EachReachesTheSubscriber()
    {
        var q = Events.Unique("q");
        await PostAsync(Events.Login(DateTimeOffset.UtcNow.AddSeconds(-10), Events.Unique("a"), q));
        var queues = Listen<QueueSnapshot>("queue");
        await _hub.InvokeAsync("SubscribeQueue", q);
        await HubMessages.NextAsync(queues, _ => true);

        // Events from a real source arrive at any phase of the floor's publish interval, not right after a
        // publication; a random pause before each POST keeps the loop from locking onto the interval.
        var pauses = new Random(42);
        var latencies = new List<double>();
        for (var i = 1; i <= 100; i++)
        {
            await Task.Delay(pauses.Next(0, 100));
            var started = Stopwatch.GetTimestamp();
            await PostAsync(Events.Queued(DateTimeOffset.UtcNow.AddSeconds(-1), $"{q}-c{i}", q));
            await HubMessages.NextAsync(queues, s => s.Waiting == i);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        latencies.Sort();
        output.WriteLine($"event→hub latency over {latencies.Count} events: median {latencies[49]:F1} ms, " +
                         $"p99 {latencies[98]:F1} ms, max {latencies[^1]:F1} ms");
        Assert.Equal(100, latencies.Count);
    }
}
