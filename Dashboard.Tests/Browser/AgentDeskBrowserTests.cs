using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>An agent at their own desk (/me) goes not ready with a reason and back, in a real browser.</summary>
/// <remarks>It found that the router did not pass the route to the own-agent check inside a circuit, so agents
/// were refused their own page once it became interactive (Routes.razor now passes it).</remarks>
public sealed class AgentDeskBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Fact]
    public async Task Agent_OnTheirOwnDesk_GoesNotReadyForABreakAndBack()
    {
        using var http = Factory.CreateSocketClient();
        (await http.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "desk-login", type = "agent.login", at = DateTimeOffset.UtcNow.AddSeconds(-5), agentId = "a12", queues = new[] { "after-sales" } },
        })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "desk-cb", type = "callback.scheduled", at = DateTimeOffset.UtcNow.AddSeconds(-4), callbackId = "cb-1", agentId = "a12",
                  dueAt = DateTimeOffset.UtcNow.AddMinutes(30), topic = "card replacement" },
        })).EnsureSuccessStatusCode();
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } }, [Roles.Agent], agentId: "a12");

        await OpenAsync(page, "/me");
        await Expect(page).ToHaveURLAsync(new Uri(Factory.ServerAddress, "/agents/a12").ToString());
        // Interactive: the page re-checks, inside the circuit, that this is the agent's own id.
        await Expect(page.GetByTestId("desk-available")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("desk-log-out")).ToHaveCountAsync(0); // logging out is a supervisor's
        await Expect(page.GetByTestId("callback")).ToContainTextAsync("card replacement");
        await Expect(page.GetByTestId("no-complaints")).ToBeVisibleAsync();
        await page.GetByTestId("desk-not-ready-menu").ClickAsync();
        await page.Locator("[data-testid=desk-not-ready][data-reason=break]").ClickAsync();

        await Expect(page.GetByTestId("agent-live-state")).ToContainTextAsync("Not ready", new() { Timeout = 5000 });
        await Expect(page.GetByTestId("agent-reason")).ToHaveTextAsync("Break");
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("agent-desk-not-ready.png") });
        await page.GetByTestId("desk-available").ClickAsync();
        await Expect(page.GetByTestId("agent-live-state")).ToContainTextAsync("Available", new() { Timeout = 5000 });

        // The callback made: Done, and how it went; it leaves the desk, and the desk says there is nothing owed.
        await page.GetByTestId("callback-done").ClickAsync();
        await page.GetByTestId("callback-outcome-reached").ClickAsync();
        await Expect(page.GetByTestId("no-callbacks")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator(".mud-snackbar", new() { HasText = "Callback marked done: Reached the customer" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("agent-desk-callback-done.png") });
        var desk = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/agents/a12/desk");
        Assert.Equal(0, desk.GetProperty("callbacks").GetArrayLength());
    }
}
