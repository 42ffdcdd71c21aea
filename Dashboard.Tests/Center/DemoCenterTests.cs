using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Asterisk;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Center;

/// <summary>
/// The demo's center (six queues, forty agents) belongs to the demo. A real center — the simulator off, fed by an
/// Asterisk queue_log or the HTTP API — sees only the queues and agents its events name (and its own configuration);
/// the demo, as <c>dotnet run</c> starts it, still has them all.
/// </summary>
public sealed class DemoCenterTests : IDisposable
{
    private static readonly string[] DemoQueues = ["after-sales", "complaints", "email", "membership", "pre-sales", "technical-support"];
    private const string Queue = "ast-real";
    private readonly string _folder = Directory.CreateTempSubdirectory("dashboard-real-center-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<List<string>> IdsAsync(HttpClient client, string path, string idProperty) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(e => e.GetProperty(idProperty).GetString()!).Order()];

    private static async Task<List<string>> QueuesWhenAsync(HttpClient client, Func<List<string>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var queues = await IdsAsync(client, "/api/queues", "queueId");
            if (done(queues) || DateTime.UtcNow > deadline)
                return queues;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task QueueLogSource_SimulatorOff_ApiAndWallboardShowOnlyItsOwnQueuesAndAgents()
    {
        var log = Path.Combine(_folder, "queue_log");
        await File.WriteAllLinesAsync(log, HandWrittenLog.Lines(DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds(), Queue));
        // As docs/asterisk.md starts one: no demo setting of any kind, only the log to follow.
        await using var host = new DashboardFactory().WithoutDemoCenter().WithTodayStarted(TimeSpan.FromHours(2))
            .With("QueueLog:Path", log).With("QueueLog:StateFile", Path.Combine(_folder, "state.json"))
            .With("QueueLog:PollInterval", "00:00:00.050");
        var client = host.CreateClient();

        var queues = await QueuesWhenAsync(client, q => q.Contains(Queue));
        var agents = await IdsAsync(client, "/api/agents", "agentId");
        var supervisor = await host.SignedInClientAsync([Roles.Supervisor]);
        var wallboard = await supervisor.GetStringAsync("/wallboard");
        var floor = await supervisor.GetStringAsync("/floor");

        Assert.Equal([Queue], queues);
        Assert.DoesNotContain("a01", agents);
        Assert.Contains("alice", agents);
        Assert.Contains($"data-queue=\"{Queue}\"", wallboard);
        Assert.All(DemoQueues, q => Assert.DoesNotContain($"data-queue=\"{q}\"", wallboard));
        Assert.DoesNotContain("Wang Fang", floor); // the demo's first agent
    }

    [Fact]
    public async Task HttpApiSource_CentersOwnConfiguration_SeesItsOwnQueueAndNoDemoOnes()
    {
        await using var host = new DashboardFactory().WithoutDemoCenter()
            .With("Center:Queues:0:Id", "billing").With("Center:Queues:0:Name", "Billing")
            .With("Center:Agents:0:Id", "b1").With("Center:Agents:0:Name", "Bea").With("Center:Agents:0:Team", "Billing");
        var client = host.CreateClient();

        var queues = await IdsAsync(client, "/api/queues", "queueId");
        var agents = await IdsAsync(client, "/api/agents", "agentId");

        Assert.Equal(["billing"], queues);
        Assert.Equal(["b1"], agents);
    }

    [Fact]
    public async Task Demo_AsDotnetRunStartsIt_HasTheDemoCenter()
    {
        // dotnet run: the simulator on, nothing else said. Its first tick logs agents in, but the center is there at once.
        await using var host = new DashboardFactory().WithoutDemoCenter().With("Simulator:Enabled", "true").With("Simulator:WarmUp", "00:00:00");
        var client = host.CreateClient();

        var queues = await QueuesWhenAsync(client, q => DemoQueues.All(q.Contains));
        var agents = await IdsAsync(client, "/api/agents", "agentId");

        Assert.Equal(DemoQueues, queues);
        Assert.Equal(40, agents.Count(a => a.Length == 3 && a[0] == 'a'));
    }
}
