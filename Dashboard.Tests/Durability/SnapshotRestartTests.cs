using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §1: with snapshots, a restart restores the live model from the last one and replays only the journal
/// after it — and the floor comes back exactly as before the kill, nothing re-sent. A snapshot that cannot be read
/// costs only time: the whole journal is replayed instead. The real process, killed with SIGKILL.
/// </summary>
public sealed partial class SnapshotRestartTests
{
    [Fact]
    public async Task A_restart_restores_the_snapshot_replays_only_the_tail_and_the_floor_is_as_before()
    {
        var now = DateTimeOffset.UtcNow;
        var day = GeneratedDay.Create(seed: 21, start: now.AddMinutes(-25), length: TimeSpan.FromMinutes(12), agents: 5, meanGapSeconds: 5, scope: "s1");
        var batches = Delivery.Batches(day.Events, batchSize: 30, seed: 3, holdBackOneIn: 10);
        var head = batches.Take(batches.Count * 2 / 3).ToList();
        var tail = batches.Skip(head.Count).ToList();
        var headEvents = head.Sum(b => b.Count);
        var tailEvents = tail.Sum(b => b.Count);
        Assert.True(tailEvents < headEvents, "the tail alone must not be enough for a snapshot of its own");
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Durability:Snapshots"] = "true",
            // A snapshot once the head is in, and none for the tail (fewer events, and no time-based one).
            ["Durability:SnapshotEveryEvents"] = headEvents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Durability:SnapshotEvery"] = "01:00:00",
        });
        using (var http = host.CreateClient())
        {
            foreach (var batch in head)
                await FloorJson.PostAsync(http, batch);
            await WaitForAsync(host, SnapshotTaken(), "a snapshot after the head");
            foreach (var batch in tail)
                await FloorJson.PostAsync(http, batch);
            // A manager's change after the snapshot is not in it: the settings in force must win over those kept.
            // The threshold judged the tail's contacts as they left the queue: the replayed tail must be judged by the
            // old one again (the change is journaled after it), not by the one in force at the restart.
            var settings = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"/api/queues/{day.QueueId}/settings"))!;
            settings["serviceLevelTarget"] = 0.37;
            settings["serviceLevelThresholdSeconds"] = 3;
            using var put = await http.PutAsJsonAsync($"/api/queues/{day.QueueId}/settings", settings);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }
        var before = await FloorJson.FloorAsync(host, day);
        FloorJson.AssertCounts(day, before);
        Assert.Contains("0.37", before["queue"]!["settings"]!.ToJsonString(), StringComparison.Ordinal);

        await host.KillAsync();
        var restartedAt = host.Output.Count;
        await host.RestartAsync();

        var log = await WaitForAsync(host, CaughtUp(), "the catch-up line", skip: restartedAt);
        Assert.Contains(host.Output.Skip(restartedAt), l => Restored().IsMatch(l));
        // Only what came after the snapshot went through the pipeline again.
        Assert.Equal(tailEvents, long.Parse(CaughtUp().Match(log).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var after = await FloorJson.FloorAsync(host, day);
        FloorJson.AssertCounts(day, after);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());

        // The duplicate memory came back with the snapshot: a re-send of the head counts nothing again.
        using (var http = host.CreateClient())
        {
            var resend = await FloorJson.PostAsync(http, head.SelectMany(b => b).Take(150));
            Assert.Equal(0, resend["accepted"]!.GetValue<int>());
            Assert.Equal(150, resend["duplicates"]!.GetValue<int>());
        }
        // ...and changes nothing: a repeat is not judged again by the threshold changed since.
        Assert.Equal(before.ToJsonString(), (await FloorJson.FloorAsync(host, day)).ToJsonString());

        // A snapshot torn on disk is not trusted: the whole journal is replayed, and the floor is still right.
        await host.KillAsync();
        var snapshot = Path.Combine(host.DataDirectory, "snapshots", "live.snapshot");
        await using (var file = new FileStream(snapshot, FileMode.Open))
            file.SetLength(file.Length - 5);
        restartedAt = host.Output.Count;
        await host.RestartAsync();
        log = await WaitForAsync(host, CaughtUp(), "the catch-up line", skip: restartedAt);
        Assert.Contains(host.Output.Skip(restartedAt), l => l.Contains("cannot be used", StringComparison.Ordinal));
        Assert.Equal(headEvents + tailEvents + 150, long.Parse(CaughtUp().Match(log).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(before.ToJsonString(), (await FloorJson.FloorAsync(host, day)).ToJsonString());
    }

    private static async Task<string> WaitForAsync(HostProcess host, Regex line, string what, int skip = 0)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (host.Output.Skip(skip).FirstOrDefault(line.IsMatch) is { } found)
                return found;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No {what} in 30 s:\n{string.Join('\n', host.Output.TakeLast(30))}");
    }

    [GeneratedRegex(@"Snapshot of \d+ grains")]
    private static partial Regex SnapshotTaken();

    [GeneratedRegex(@"Restored \d+ grains from the snapshot")]
    private static partial Regex Restored();

    [GeneratedRegex(@"Caught up: (\d+) events")]
    private static partial Regex CaughtUp();
}
