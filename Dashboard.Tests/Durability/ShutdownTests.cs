using System.Diagnostics;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §5: a deploy sends SIGTERM while wall-boards and floor pages are open (on a real site they always are).
/// The real host as its own process under live traffic, a wall-board and a floor page open in Chromium: the host must
/// exit 0 within seconds, every time. The hang was a race (4 SIGTERMs in 9), so the cycle runs on several processes.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private const int Cycles = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SIGTERM_WallboardAndFloorOpen_ExitsZeroWithinSecondsEveryTime()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            // Busy traffic, as on a real site at peak: both circuits take changes all the time.
            ["Simulator:Enabled"] = "true",
            ["Simulator:SpeedFactor"] = "20",
            // Outside Development the host serves only published static assets (blazor.web.js among them) and these
            // tests run from the build output: the pages would be prerendered and never connect a circuit.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        using var playwright = await Task.Run(Playwright.CreateAsync);
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var (wallboard, floor) = await OpenLivePagesAsync(context, host);

        var results = new List<(int ExitCode, TimeSpan Took)?>();
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var clock = Stopwatch.StartNew();
            if (cycle > 1)
            {
                // The same pages on the next process, as after a deploy (the sign-in cookie outlives the process).
                await host.RestartAsync();
                output.WriteLine($"cycle {cycle}: host ready after {clock.Elapsed.TotalSeconds:0.0} s");
                await Task.WhenAll(ReloadAsync(wallboard), ReloadAsync(floor));
            }
            await ExpectLiveAsync(wallboard, floor);
            var live = clock.Elapsed;

            var stopped = await host.TerminateAsync(Patience);
            output.WriteLine($"cycle {cycle}: pages live after {live.TotalSeconds:0.0} s, then "
                + (stopped is { } s ? $"exit {s.ExitCode} {s.Took.TotalSeconds:0.0} s after SIGTERM" : $"no exit within {Patience.TotalSeconds} s of SIGTERM"));
            results.Add(stopped);
        }
        await context.CloseAsync();

        var log = string.Join('\n', host.Output.TakeLast(40));
        Assert.All(results, stopped =>
        {
            Assert.True(stopped is not null, $"No exit within {Patience} of SIGTERM:\n{log}");
            Assert.True(stopped.Value.ExitCode == 0, $"Exit {stopped.Value.ExitCode}:\n{log}");
            Assert.True(stopped.Value.Took <= Quick, $"Took {stopped.Value.Took}:\n{log}");
        });
    }

    /// <summary>
    /// Loads the page afresh from the new process. Blazor may reload it by itself at the same moment (its circuit is
    /// gone with the old process), which aborts the test's own reload: then the page is loaded once more.
    /// </summary>
    private static async Task ReloadAsync(IPage page)
    {
        try
        {
            await page.ReloadAsync();
        }
        catch (PlaywrightException e) when (e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal))
        {
            await page.GotoAsync(page.Url);
        }
    }

    /// <summary>The wall-board and the floor, signed in as the admin.</summary>
    private static async Task<(IPage Wallboard, IPage Floor)> OpenLivePagesAsync(IBrowserContext context, HostProcess host)
    {
        var floor = await context.NewPageAsync();
        await Chromium.SignInAsAdminAsync(floor, host);
        await floor.GotoAsync(new Uri(host.Address, "/floor").ToString());
        var wallboard = await context.NewPageAsync();
        await wallboard.GotoAsync(new Uri(host.Address, "/wallboard").ToString());
        return (wallboard, floor);
    }

    /// <summary>
    /// Both pages show the simulator's floor and the board's circuit is taking changes (its "updated" stamp moves), so
    /// both circuits are subscribed to the live feed when the SIGTERM comes.
    /// </summary>
    private static async Task ExpectLiveAsync(IPage wallboard, IPage floor)
    {
        await Expect(wallboard.Locator("[data-testid=queue-tile]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(floor.GetByTestId("agent-name").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var stamp = wallboard.GetByTestId("last-update");
        var before = await stamp.InnerTextAsync();
        await Expect(stamp).Not.ToHaveTextAsync(before, new() { Timeout = 15_000 });
    }
}
