using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Api;

/// <summary>
/// DESIGN.md: events before today update history only. A day three days back is posted while the same queue and
/// agent are live: it is accepted (not late), reaches history at its own times, and leaves the live floor alone.
/// </summary>
public sealed class BackfillTests
{
    [Fact]
    public async Task PostEarlierDay_WhileLiveTrafficFlows_GoesToHistoryAndLeavesTheFloorAlone()
    {
        await using var factory = ReportScript.Host();
        var client = factory.CreateClient();
        var now = DateTimeOffset.UtcNow;
        object E(string id, string type, TimeSpan ago, object fields)
        {
            var e = JsonSerializer.SerializeToNode(fields)!.AsObject();
            e["id"] = "live-" + id;
            e["type"] = type;
            e["at"] = (now - ago).ToString("O");
            return e;
        }
        object[] live =
        [
            E("l1", "agent.login", TimeSpan.FromSeconds(60), new { agentId = "r1", queues = new[] { ReportScript.Queue } }),
            E("q", "call.queued", TimeSpan.FromSeconds(30), new { callId = "live-c", queueId = ReportScript.Queue }),
            E("a", "call.answered", TimeSpan.FromSeconds(20), new { callId = "live-c", agentId = "r1" }),
        ];
        var liveOutcome = await (await client.PostAsJsonAsync("/api/events", live)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, liveOutcome.GetProperty("accepted").GetInt32());

        // Asserts every event accepted, then waits for history to hold all six contacts and both agents' spans.
        await ReportScript.PostAndWaitAsync(client, ReportScript.DaysAgo(3));

        // The live floor is as the live events left it: r1 on the live call (not logged out three days ago), and
        // q-rep's today counting the one live contact only.
        var agent = await client.GetFromJsonAsync<JsonElement>("/api/agents/r1");
        Assert.Equal("on_call", agent.GetProperty("state").GetString());
        Assert.Equal("live-c", agent.GetProperty("currentCallId").GetString());
        var today = (await client.GetFromJsonAsync<JsonElement>($"/api/queues/{ReportScript.Queue}")).GetProperty("today");
        Assert.Equal((1, 1, 0), (today.GetProperty("offered").GetInt32(), today.GetProperty("answered").GetInt32(),
            today.GetProperty("abandoned").GetInt32()));
    }
}
