using Dashboard.Tests.Support;

namespace Dashboard.Tests.Durability;

public sealed class HostProcessTests
{
    [Fact]
    public async Task An_idle_host_stops_cleanly_on_SIGTERM()
    {
        await using var host = await HostProcess.StartAsync();
        var stopped = await host.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(stopped);
        Assert.Equal(0, stopped.Value.ExitCode);
    }

    [Fact]
    public async Task The_demo_starts_quietly_the_URL_and_the_demo_accounts_within_a_few_lines()
    {
        // As `dotnet run --project Dashboard.Web` starts it: Development, the simulator on, the shipped log levels.
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Simulator:Enabled"] = "true",
            ["Logging:LogLevel:Default"] = "Information",
        });
        await Task.Delay(TimeSpan.FromSeconds(3)); // what the first seconds after the URL bring too

        var output = host.Output.ToList();
        var url = output.FindIndex(l => l.Contains("Now listening on", StringComparison.Ordinal));

        Assert.InRange(url, 0, 20);
        Assert.Contains(output.Take(url), l => l.Contains("Demo accounts are on", StringComparison.Ordinal));
        var alarming = WithoutMachineStalls(output).Where(l => l.StartsWith("warn:", StringComparison.Ordinal)
            || l.StartsWith("fail:", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ToList();
        Assert.True(alarming.Count == 0, "warnings or stack traces at start:\n" + string.Join("\n", output));
    }

    /// <summary>
    /// The console's entries less those in which Orleans reports that the machine itself stalled (its watchdog,
    /// the silo's health monitor): on a machine busy with the rest of the suite they come whatever the host
    /// does, as they would on an overloaded server, where they must stay on. What this test holds the start to is
    /// its own output: ordering warnings, retries and stack traces.
    /// </summary>
    private static List<string> WithoutMachineStalls(List<string> output)
    {
        string[] stalls = ["Orleans.Runtime.Watchdog[", "Orleans.Runtime.MembershipService.LocalSiloHealthMonitor["];
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in output)
        {
            var header = line.Length > 0 && !char.IsWhiteSpace(line[0]);
            if (header)
            {
                skipping = stalls.Any(s => line.Contains(s, StringComparison.Ordinal));
            }
            if (!skipping)
            {
                kept.Add(line);
            }
        }
        return kept;
    }
}
