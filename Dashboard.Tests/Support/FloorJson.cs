using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.Support;

/// <summary>
/// A generated day's queue and agents as a real host's API shows them, for tests that compare the floor before and
/// after a kill, and the day's own counts to hold them against.
/// </summary>
internal static class FloorJson
{
    internal static void AssertCounts(GeneratedDay day, JsonObject floor)
    {
        var today = floor["queue"]!["today"]!;
        Assert.Equal(day.Offered, today["offered"]!.GetValue<int>());
        Assert.Equal(day.Answered, today["answered"]!.GetValue<int>());
        Assert.Equal(day.Abandoned, today["abandoned"]!.GetValue<int>());
        foreach (var (agent, handled) in day.Handled)
            Assert.Equal(handled, floor["agents"]![agent]!["today"]!["handled"]!.GetValue<int>());
    }

    /// <summary>The generated queue and its agents as the API shows them, less what moves with the clock alone.</summary>
    internal static async Task<JsonObject> FloorAsync(HostProcess host, GeneratedDay day)
    {
        using var http = host.CreateClient();
        // Figures are published a moment after ingestion; read once two reads agree.
        JsonObject? last = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var queues = JsonNode.Parse(await http.GetStringAsync("/api/queues"))!.AsArray();
            var agents = JsonNode.Parse(await http.GetStringAsync("/api/agents"))!.AsArray();
            // A host just started may not have loaded the floor into its view yet: not there is "not yet".
            if (queues.SingleOrDefault(q => (string?)q!["queueId"] == day.QueueId) is not { } found)
            {
                await Task.Delay(300);
                continue;
            }
            var queue = found.DeepClone().AsObject();
            var byId = new JsonObject();
            foreach (var agent in agents.Where(a => day.AgentIds.Contains((string?)a!["agentId"])))
                byId[(string)agent!["agentId"]!] = Steady(agent.DeepClone().AsObject());
            var floor = new JsonObject { ["queue"] = Steady(queue), ["agents"] = byId };
            if (last is not null && JsonNode.DeepEquals(last, floor))
                return floor;
            last = floor;
            await Task.Delay(300);
        }
        return last ?? throw new Xunit.Sdk.XunitException($"{host.Address} never showed queue {day.QueueId}.");
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

    internal static StringContent Body(IEnumerable<CenterEvent> events) => new(ContractJson.Of(events), Encoding.UTF8, "application/json");

    internal static async Task<JsonObject> PostAsync(HttpClient http, IEnumerable<CenterEvent> events)
    {
        using var response = await http.PostAsync("/api/events", Body(events));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
