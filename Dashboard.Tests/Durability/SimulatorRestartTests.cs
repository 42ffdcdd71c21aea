using System.Text.Json.Nodes;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Durability;

/// <summary>
/// The demo after a SIGKILL: the journal brings back the morning, and the simulator's callers of the killed run do
/// not wait on the wall-board for ever — they hung up (or finished talking) while the host was down.
/// </summary>
public sealed class SimulatorRestartTests
{
    [Fact]
    public async Task After_a_kill_no_contact_of_the_last_run_is_still_waiting_or_talking()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Simulator:Enabled"] = "true",
            ["Simulator:SpeedFactor"] = "20",
        });
        using var http = host.CreateClient();
        // Until contacts are waiting and agents talking, so the kill leaves some in flight.
        // The moment seen is what counts: asked again, a busy center may have just answered its last waiting caller.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var seen = await InFlightAsync(http, DateTimeOffset.MaxValue);
        while (seen is not ( > 0, > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            seen = await InFlightAsync(http, DateTimeOffset.MaxValue);
        }
        Assert.True(seen is ( > 0, > 0), "The simulated center never had contacts waiting and talking.");

        await host.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await host.RestartAsync();

        // Contacts and calls of the new run are fine; none from before the kill may be left once the new run has
        // ended them (after its catch-up: a few seconds on a machine the whole suite shares, so polled).
        var ended = DateTime.UtcNow.AddSeconds(30);
        while (await InFlightAsync(http, killedAt) != (0, 0) && DateTime.UtcNow < ended)
            await Task.Delay(250);
        Assert.Equal((0, 0), await InFlightAsync(http, killedAt));
    }

    [Fact]
    public async Task A_file_of_contacts_cut_by_the_kill_does_not_stop_the_next_start()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Simulator:Enabled"] = "true",
            ["Simulator:SpeedFactor"] = "20",
        });
        var file = Path.Combine(host.DataDirectory, "simulator.calls.json");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(file) && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        await host.KillAsync();
        // As a kill in the middle of writing leaves it (seen in CI: the host then stopped at start).
        await File.WriteAllTextAsync(file, "[{\"CallId\":\"sim-");

        await host.RestartAsync();
        using var http = host.CreateClient();
        Assert.NotEmpty(JsonNode.Parse(await http.GetStringAsync("/api/queues"))!.AsArray());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.NotEmpty(JsonNode.Parse(await http.GetStringAsync("/api/queues"))!.AsArray());
    }

    /// <summary>Queues with a contact waiting, and agents on a call, since before <paramref name="before"/>.</summary>
    private static async Task<(int Queues, int Agents)> InFlightAsync(HttpClient http, DateTimeOffset before)
    {
        var queues = JsonNode.Parse(await http.GetStringAsync("/api/queues"))!.AsArray();
        var agents = JsonNode.Parse(await http.GetStringAsync("/api/agents"))!.AsArray();
        var waiting = queues.Count(q => q!["oldestWaitingSince"] is { } since && DateTimeOffset.Parse((string)since!) < before);
        var talking = agents.Count(a => (string?)a!["state"] == "on_call" && DateTimeOffset.Parse((string)a["stateSince"]!) < before);
        return (waiting, talking);
    }
}
