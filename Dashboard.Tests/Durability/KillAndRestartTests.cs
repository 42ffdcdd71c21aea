using System.Net.Http.Json;
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
    // Reading and posting: FloorJson, shared with the snapshot tests.
    [Fact]
    public async Task After_a_kill_the_floor_comes_back_as_it_was_without_a_resend_and_a_resend_counts_nothing_twice()
    {
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 15, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 5, meanGapSeconds: 6, scope: "k1");
        await using var host = await HostProcess.StartAsync();
        using (var http = host.CreateClient())
        {
            foreach (var batch in Delivery.Batches(day.Events, batchSize: 40, seed: 1, holdBackOneIn: 10))
                await FloorJson.PostAsync(http, batch);
        }
        // The complaint desk too (issue 18): a complaint taken through some of its life, and one just opened.
        string desk;
        using (var http = host.CreateClient())
        {
            var at = now.AddMinutes(-20);
            (await http.PostAsJsonAsync("/api/events", new object[]
            {
                new { id = "k1-o", type = "complaint.opened", at, complaintId = "k1-kill", queueId = day.QueueId, severity = "serious" },
                new { id = "k1-a", type = "complaint.assigned", at = at.AddMinutes(1), complaintId = "k1-kill", agentId = day.AgentIds[0] },
                new { id = "k1-n", type = "complaint.noted", at = at.AddMinutes(2), complaintId = "k1-kill", note = "Called back." },
                new { id = "k1-r", type = "complaint.resolved", at = at.AddMinutes(3), complaintId = "k1-kill", resolution = "refund" },
                new { id = "k2-o", type = "complaint.opened", at = at.AddMinutes(4), complaintId = "k2-kill", queueId = day.QueueId, severity = "normal" },
            })).EnsureSuccessStatusCode();
            desk = await http.GetStringAsync("/api/complaints?status=all");
            Assert.Contains("\"k1-kill\"", desk, StringComparison.Ordinal);
            Assert.Contains("\"resolved\"", desk, StringComparison.Ordinal);
        }
        var before = await FloorJson.FloorAsync(host, day);
        FloorJson.AssertCounts(day, before);

        await host.KillAsync();
        await host.RestartAsync();

        var after = await FloorJson.FloorAsync(host, day);
        FloorJson.AssertCounts(day, after);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        using (var http = host.CreateClient())
        {
            Assert.Equal(desk, await http.GetStringAsync("/api/complaints?status=all"));
            Assert.Contains("Called back.", await http.GetStringAsync("/api/complaints/k1-kill"), StringComparison.Ordinal);
        }

        // A connector re-sends part of what it had sent after the failure: every event is known.
        using (var http = host.CreateClient())
        {
            var resend = await FloorJson.PostAsync(http, day.Events.Take(200));
            Assert.Equal(0, resend["accepted"]!.GetValue<int>());
            Assert.Equal(200, resend["duplicates"]!.GetValue<int>());
        }
        Assert.Equal(before.ToJsonString(), (await FloorJson.FloorAsync(host, day)).ToJsonString());
    }

    [Fact]
    public async Task A_threshold_changed_during_the_day_still_judges_the_contacts_before_it_by_the_old_one_after_a_kill()
    {
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 17, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 5, meanGapSeconds: 6, scope: "k3");
        var batches = Delivery.Batches(day.Events, batchSize: 40, seed: 2);
        // The whole journal is replayed: no snapshot to start from.
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["Durability:Snapshots"] = "false" });
        using (var http = host.CreateClient())
        {
            foreach (var batch in batches.Take(batches.Count / 2))
                await FloorJson.PostAsync(http, batch);
            // Answers within 2–11 s: a 3-second threshold judges most of the afternoon's contacts out of it.
            var settings = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/api/queues/{day.QueueId}/settings"))!;
            settings["serviceLevelThresholdSeconds"] = 3;
            using var put = await http.PutAsJsonAsync($"/api/queues/{day.QueueId}/settings", settings);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            foreach (var batch in batches.Skip(batches.Count / 2))
                await FloorJson.PostAsync(http, batch);
        }
        var before = await FloorJson.FloorAsync(host, day);
        FloorJson.AssertCounts(day, before);

        await host.KillAsync();
        await host.RestartAsync();

        // The morning judged by the old threshold and the afternoon by the new, as they were live.
        Assert.Equal(before.ToJsonString(), (await FloorJson.FloorAsync(host, day)).ToJsonString());
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
                        using var response = await http.PostAsync("/api/events", FloorJson.Body(batches[b]));
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
                    await FloorJson.PostAsync(http, batches[b]);
            }
        }
        FloorJson.AssertCounts(day, await FloorJson.FloorAsync(host, day));
    }
}
