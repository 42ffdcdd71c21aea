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
        Assert.DoesNotContain(output, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal)
            || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }
}
