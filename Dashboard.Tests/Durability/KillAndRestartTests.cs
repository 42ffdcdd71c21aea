using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §1 and §4, single host: the real dashboard process killed with SIGKILL and started again on its data
/// directory, nothing re-sent. Figures are held against the generated day's own counts, not the product's.
/// </summary>
public sealed class KillAndRestartTests
{
    [Fact]
    public async Task After_a_kill_the_floor_comes_back_as_it_was_without_a_resend_and_a_resend_counts_nothing_twice()
    {
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 15, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 5, meanGapSeconds: 6, scope: "k1");
        await using var host = await HostProcess.StartAsync();
        using (var http = host.CreateClient())
        {
            foreach (var batch in Delivery.Batches(day.Events, batchSize: 40, seed: 1, holdBackOneIn: 10))
                await PostAsync(http, batch);
        }
        var before = await FloorAsync(host, day);
        AssertCounts(day, before);

        await host.KillAsync();
        await host.RestartAsync();

        var after = await FloorAsync(host, day);
        AssertCounts(day, after);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());

        // A connector re-sends part of what it had sent after the failure: every event is known.
        using (var http = host.CreateClient())
        {
            var resend = await PostAsync(http, day.Events.Take(200));
            Assert.Equal(0, resend["accepted"]!.GetValue<int>());
            Assert.Equal(200, resend["duplicates"]!.GetValue<int>());
        }
        Assert.Equal(before.ToJsonString(), (await FloorAsync(host, day)).ToJsonString());
    }

    [Fact]
    public async Task A_kill_during_steady_ingest_loses_nothing_that_was_acknowledged()
    {
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 16, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 6, meanGapSeconds: 3, scope: "k2");
        var batches = Delivery.Batches(day.Events, batchSize: 10, seed: 2);
        await using var host = await HostProcess.StartAsync();
        var acknowledged = new bool[batches.Count];
        using (var http = host.CreateClient())
        {
            // Four senders at once, as connectors with several workers; the kill lands while requests are in flight.
            var next = -1;
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                for (var b = Interlocked.Increment(ref next); b < batches.Count; b = Interlocked.Increment(ref next))
                {
                    try
                    {
                        using var response = await http.PostAsync("/api/events", Body(batches[b]));
                        acknowledged[b] = response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                    }
                }
            })).ToList();
            while (Volatile.Read(ref next) < batches.Count / 2)
                await Task.Delay(5);
            await host.KillAsync();
            await Task.WhenAll(senders);
        }
        Assert.InRange(acknowledged.Count(a => a), batches.Count / 3, batches.Count - 1);

        await host.RestartAsync();
        // The source re-sends only what it was not told was accepted: if anything acknowledged had been lost, the
        // figures would come out short; if anything were counted twice, over.
        using (var http = host.CreateClient())
        {
            for (var b = 0; b < batches.Count; b++)
            {
                if (!acknowledged[b])
                    await PostAsync(http, batches[b]);
            }
        }
        AssertCounts(day, await FloorAsync(host, day));
    }

    private static void AssertCounts(GeneratedDay day, JsonObject floor)
    {
        var today = floor["queue"]!["today"]!;
        Assert.Equal(day.Offered, today["offered"]!.GetValue<int>());
        Assert.Equal(day.Answered, today["answered"]!.GetValue<int>());
        Assert.Equal(day.Abandoned, today["abandoned"]!.GetValue<int>());
        foreach (var (agent, handled) in day.Handled)
            Assert.Equal(handled, floor["agents"]![agent]!["today"]!["handled"]!.GetValue<int>());
    }

    /// <summary>The generated queue and its agents as the API shows them, less what moves with the clock alone.</summary>
    private static async Task<JsonObject> FloorAsync(HostProcess host, GeneratedDay day)
    {
        using var http = host.CreateClient();
        // Figures are published a moment after ingestion; read once two reads agree.
        JsonObject? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var queues = JsonNode.Parse(await http.GetStringAsync("/api/queues"))!.AsArray();
            var agents = JsonNode.Parse(await http.GetStringAsync("/api/agents"))!.AsArray();
            var queue = queues.Single(q => (string?)q!["queueId"] == day.QueueId)!.DeepClone().AsObject();
            var byId = new JsonObject();
            foreach (var agent in agents.Where(a => day.AgentIds.Contains((string?)a!["agentId"])))
                byId[(string)agent!["agentId"]!] = Steady(agent.DeepClone().AsObject());
            var floor = new JsonObject { ["queue"] = Steady(queue), ["agents"] = byId };
            if (last is not null && JsonNode.DeepEquals(last, floor))
                return floor;
            last = floor;
            await Task.Delay(300);
        }
        return last!;
    }

    // Stamps of the reading, and the time an agent has been in its present state so far.
    private static readonly string[] MovesWithTheClock = ["asOf", "version", "longestWaitSeconds", "availableSeconds", "notReadySeconds", "occupancy"];

    private static JsonObject Steady(JsonObject node)
    {
        foreach (var key in MovesWithTheClock)
            node.Remove(key);
        foreach (var child in node.Select(kv => kv.Value).OfType<JsonObject>())
            Steady(child);
        return node;
    }

    private static StringContent Body(IEnumerable<CenterEvent> events) => new(ContractJson.Of(events), Encoding.UTF8, "application/json");

    private static async Task<JsonObject> PostAsync(HttpClient http, IEnumerable<CenterEvent> events)
    {
        using var response = await http.PostAsync("/api/events", Body(events));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
