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
}
