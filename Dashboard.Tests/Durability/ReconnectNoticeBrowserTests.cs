using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Durability;

/// <summary>
/// A wall-board whose host is killed: a TV across the floor must not look crashed (no white modal dimming the board),
/// must say in its own language that it is reconnecting, keep its last figures in full view, and come back by itself,
/// with nobody touching it, once the host is up again. The real host as its own process, killed with SIGKILL.
/// </summary>
public sealed class ReconnectNoticeBrowserTests(ITestOutputHelper output)
{
    /// <summary>Blazor's own reconnect UI: a host element whose shadow root holds this overlay.</summary>
    private const string DefaultModalShown = """
        () => [...document.querySelectorAll('*')].some(e => e.shadowRoot?.querySelector('.components-reconnect-overlay'))
        """;

    /// <summary>Nothing lies over the element's centre, and neither it nor an ancestor is faded or filtered.</summary>
    private const string InFullView = """
        e => {
          const r = e.getBoundingClientRect();
          const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          if (!top || !(top === e || e.contains(top))) return 'covered by ' + (top ? top.outerHTML.slice(0, 120) : 'nothing');
          for (let a = e; a; a = a.parentElement) {
            const s = getComputedStyle(a);
            if (s.opacity !== '1' || s.filter !== 'none') return 'dimmed at ' + a.tagName + '.' + a.className;
          }
          return 'ok';
        }
        """;

    /// <summary>The warning colour of app.css, as a computed colour.</summary>
    private const string WarningColour = """
        () => {
          const probe = document.body.appendChild(document.createElement('div'));
          probe.style.background = 'var(--kpi-warning)';
          const colour = getComputedStyle(probe).backgroundColor;
          probe.remove();
          return colour;
        }
        """;

    [Theory]
    [InlineData("en", "Reconnecting to the server…", "reconnect-pill-en.png")]
    [InlineData("zh-CN", "正在重新连接服务器…", "reconnect-pill-zh.png")]
    public async Task Host_killed_The_board_says_it_is_reconnecting_keeps_its_figures_and_comes_back_by_itself(
        string language, string reconnecting, string screenshot)
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            // Outside Development the host serves only published static assets and these tests run from the build
            // output: the pages would be prerendered and never connect a circuit.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });
        using var http = host.CreateClient();
        var queue = Events.Unique("rcq");
        var now = DateTimeOffset.UtcNow;
        await FloorJson.PostAsync(http, Enumerable.Range(1, 3).Select(c => Events.Queued(now.AddSeconds(-30 - c), $"{queue}-c{c}", queue)));

        using var playwright = await Task.Run(Playwright.CreateAsync);
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1920, Height = 1080 },
            Locale = language,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });
        var page = await context.NewPageAsync();
        // What Blazor's client says about its attempts, to read when the page does not come back.
        page.Console += (_, message) => output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} console {message.Type}: {message.Text}");
        await Chromium.SignInAsAdminAsync(page, host);
        await page.GotoAsync(new Uri(host.Address, "/wallboard").ToString());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        var waiting = Waiting(page, queue);
        await Expect(waiting).ToHaveTextAsync(Count(3), new() { Timeout = 20_000 });
        // A caller more, shown without a reload: the circuit is up (a prerendered page shows figures without one, and a
        // circuit still starting when the host dies never gets to reconnect).
        await FloorJson.PostAsync(http, [Events.Queued(now.AddSeconds(-20), $"{queue}-c4", queue)]);
        await Expect(waiting).ToHaveTextAsync(Count(4), new() { Timeout = 20_000 });
        var notice = page.GetByTestId("reconnect-notice");
        await Expect(notice).ToBeHiddenAsync();
        // Gone after a reload: tells a reload from a reconnection.
        await page.EvaluateAsync("() => window.beforeTheKill = true");

        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} killing the host");
        await host.KillAsync();

        await Expect(notice).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(notice).ToHaveTextAsync(reconnecting, new() { UseInnerText = true });
        await Expect(notice).ToHaveAttributeAsync("role", "status");
        await Expect(notice).ToHaveAttributeAsync("aria-live", "polite");
        // In the notices' warning colour, as the catch-up notice (MudBlazor paints this element's id in the page's own).
        Assert.Equal(await page.EvaluateAsync<string>(WarningColour), await notice.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        // Still so after several failed attempts (Blazor's own loop gives up after 30 by default, in about 2 minutes).
        await page.WaitForTimeoutAsync(5000);
        await Expect(notice).ToHaveTextAsync(reconnecting, new() { UseInnerText = true });
        Assert.False(await page.EvaluateAsync<bool>(DefaultModalShown), "Blazor's default reconnect modal is shown");
        await Expect(page.Locator("#components-reconnect-modal")).ToHaveCountAsync(1);
        await Expect(waiting).ToHaveTextAsync(Count(4));
        Assert.Equal("ok", await waiting.EvaluateAsync<string>(InFullView));
        Assert.Equal("ok", await page.GetByTestId("last-update").EvaluateAsync<string>(InFullView));
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf(screenshot) });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.RestartAsync();
        output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} host ready {clock.Elapsed.TotalSeconds:0.0} s after the restart began");

        // Back by itself: the notice gone, the board on a live circuit of the new process (a caller queued now shows).
        try
        {
            await Expect(notice).ToBeHiddenAsync(new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            output.WriteLine(string.Join('\n', host.Output.TakeLast(60)));
            throw;
        }
        await Expect(waiting).ToHaveTextAsync(Count(4), new() { Timeout = 30_000 });
        var later = Events.Unique("rcq");
        await FloorJson.PostAsync(http, [Events.Queued(DateTimeOffset.UtcNow.AddSeconds(-1), $"{later}-c1", later)]);
        await Expect(Waiting(page, later)).ToHaveTextAsync(Count(1), new() { Timeout = 20_000 });
        await Expect(notice).ToBeHiddenAsync();
        var reloaded = !await page.EvaluateAsync<bool>("() => window.beforeTheKill === true");
        output.WriteLine($"{language}: board back {clock.Elapsed.TotalSeconds:0.0} s after the restart began, {(reloaded ? "reloaded" : "reconnected")}");
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf(screenshot.Replace(".png", "-back.png", StringComparison.Ordinal)) });
    }

    private static ILocator Waiting(IPage page, string queue) =>
        page.Locator($"[data-testid=queue-tile][data-queue='{queue}'] [data-testid=waiting]");

    private static Regex Count(int n) => new($@"(^|\D){n}(\D|$)");
}
