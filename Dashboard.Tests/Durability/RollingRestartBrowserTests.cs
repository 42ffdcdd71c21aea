using System.Diagnostics;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Durability;

/// <summary>
/// Issue 15 §6: a rolling restart without a blank TV. Two real hosts as one cluster on a real PostgreSQL, a wall-board
/// open on each in Chromium. Host B is stopped as a deploy stops it (SIGTERM) and started again: the board on A keeps
/// updating throughout with the whole floor (B's grains moved to A with their state), and the board on B comes back
/// by itself, without anyone touching it, showing the right figures.
/// </summary>
public sealed class RollingRestartBrowserTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_board_on_the_other_host_keeps_updating_and_the_restarted_hosts_board_comes_back_right()
    {
        var settings = new Dictionary<string, string>
        {
            ["Accounts:Provider"] = "postgres",
            ["Accounts:ConnectionString"] = postgres.ConnectionString("rollingboards"),
            ["Orleans:Clustering:ProviderType"] = "AdoNet",
            ["Orleans:AdvertisedAddress"] = "127.0.0.1",
            // Outside Development the host serves only published static assets and these tests run from the build
            // output: the pages would be prerendered and never connect a circuit.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        await using var a = await HostProcess.StartAsync(settings);
        await using var b = await HostProcess.StartAsync(settings);
        using var http = a.CreateClient();

        // Six queues, each with its own number of callers waiting: placed at random, some live on B.
        var queues = Enumerable.Range(1, 6).Select(i => Events.Unique($"rq{i}")).ToList();
        var now = DateTimeOffset.UtcNow;
        await FloorJson.PostAsync(http, queues.SelectMany((q, i) =>
            Enumerable.Range(1, i + 1).Select(c => Events.Queued(now.AddSeconds(-30 - c), $"{q}-c{c}", q))));

        using var playwright = await Task.Run(Playwright.CreateAsync);
        await using var browser = await Chromium.LaunchAsync(playwright);
        var onA = await WallboardAsync(browser, a);
        var onB = await WallboardAsync(browser, b);
        for (var i = 0; i < queues.Count; i++)
        {
            await ExpectWaitingAsync(onA, queues[i], i + 1);
            await ExpectWaitingAsync(onB, queues[i], i + 1);
        }

        // B stops as a deploy stops it; meanwhile callers keep arriving, fed to A.
        var clock = Stopwatch.StartNew();
        var stopping = b.TerminateAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < queues.Count; i++)
            await FloorJson.PostAsync(http, [Events.Queued(DateTimeOffset.UtcNow.AddSeconds(-1), $"{queues[i]}-late", queues[i])]);
        Assert.Equal(0, (await stopping)?.ExitCode);
        output.WriteLine($"B stopped {clock.Elapsed.TotalSeconds:F1} s after SIGTERM.");
        await onB.ScreenshotAsync(new() { Path = TestOutput.PathOf("rolling-restart-b-down.png") });

        // A's board: every queue whole (what lived on B came over with its state) and the new callers on top.
        for (var i = 0; i < queues.Count; i++)
            await ExpectWaitingAsync(onA, queues[i], i + 2);
        await onA.ScreenshotAsync(new() { Path = TestOutput.PathOf("rolling-restart-a-while-b-down.png") });

        // B back: its board reconnects by itself and shows the same floor.
        clock.Restart();
        await b.RestartAsync();
        for (var i = 0; i < queues.Count; i++)
            await ExpectWaitingAsync(onB, queues[i], i + 2, timeout: 60_000);
        output.WriteLine($"B's board showed the whole floor again {clock.Elapsed.TotalSeconds:F1} s after B was started.");
        await onB.ScreenshotAsync(new() { Path = TestOutput.PathOf("rolling-restart-b-back.png") });
    }

    private static async Task<IPage> WallboardAsync(IBrowser browser, HostProcess host)
    {
        // A context per host: both are 127.0.0.1, and cookies do not tell ports apart.
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsAdminAsync(page, host);
        await page.GotoAsync(new Uri(host.Address, "/wallboard").ToString());
        return page;
    }

    private static Task ExpectWaitingAsync(IPage page, string queue, int waiting, float timeout = 20_000) =>
        Expect(page.Locator($"[data-testid=queue-tile][data-queue='{queue}'] [data-testid=waiting]"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"(^|\D){waiting}(\D|$)"), new() { Timeout = timeout });
}
