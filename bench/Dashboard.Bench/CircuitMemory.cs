using Microsoft.Playwright;

namespace Dashboard.Bench;

/// <summary>Server heap (live objects after forced full GCs) with one wall-board open, then with ten more.</summary>
public sealed record CircuitFigures(
    int Pages, double HeapBeforeMiB, double HeapAfterMiB, double BytesPerCircuit, double WorkingSetBytesPerCircuit) : Figures;

/// <summary>
/// Scenario 6: server memory per Blazor circuit, with /wallboard open in real headless Chromium pages against
/// the host with its simulator on (so the board moves). One page is open before the first reading, so one-off
/// costs (JIT, component caches) are not counted per circuit.
/// </summary>
public static class CircuitMemory
{
    private const int Pages = 10;

    public static async Task<CircuitFigures> RunAsync(Settings settings, bool quick)
    {
        var settle = TimeSpan.FromSeconds(quick ? 3 : 15);
        await using var server = await ServerProcess.StartAsync(settings.Root, new Dictionary<string, string>
        {
            // From the build output (not published), the host serves the static web assets the page needs
            // (blazor.web.js, MudBlazor's) only in Development; appsettings.Development.json changes only logging.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Simulator__Enabled"] = "true",
            ["Simulator__WarmUp"] = "00:30:00",
        });
        using var http = server.CreateClient();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
        var wallboard = new Uri(server.Address, "/wallboard").ToString();
        // Every page in one context shares the admin's sign-in cookie.
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync(new Uri(server.Address, "/account/login").ToString());
        await signIn.FillAsync("[data-testid=signin-user]", "admin");
        await signIn.FillAsync("[data-testid=signin-password]", server.AdminPassword);
        await signIn.ClickAsync("[data-testid=signin-submit]");
        await signIn.WaitForURLAsync(url => !url.Contains("/account/login"));
        await signIn.CloseAsync();

        await OpenAsync(context, wallboard);
        await Task.Delay(settle);
        await server.CollectGarbageAsync(http);
        var before = await server.ScrapeAsync(http);
        for (var i = 0; i < Pages; i++)
        {
            await OpenAsync(context, wallboard);
        }
        await Task.Delay(settle);
        await server.CollectGarbageAsync(http);
        var after = await server.ScrapeAsync(http);

        return new CircuitFigures(
            Pages, before.HeapAfterGc / 1048576, after.HeapAfterGc / 1048576,
            (after.HeapAfterGc - before.HeapAfterGc) / Pages, (after.WorkingSet - before.WorkingSet) / Pages);
    }

    // The page is prerendered; its circuit is up once the Blazor socket has carried a message from the server.
    private static async Task OpenAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        var circuit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                socket.FrameReceived += (_, _) => circuit.TrySetResult();
            }
        };
        await page.GotoAsync(url);
        await circuit.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
