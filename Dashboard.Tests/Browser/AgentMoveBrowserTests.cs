using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// A manager moves an agent from one queue to another in the floor's dialog; a supervisor's wall-board, in another
/// browser, shows the staffing change within a second.
/// </summary>
public sealed class AgentMoveBrowserTests(ITestOutputHelper output) : BrowserTest(new DashboardFactory())
{
    [Fact]
    public async Task Manager_MovesAnAgentInTheFloorDialog_WallboardStaffingFollowsWithinASecond()
    {
        // Yang Xue (a11, after-sales) comes on duty: available.
        using var http = Factory.CreateSocketClient();
        (await http.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "move-login", type = "agent.login", at = DateTimeOffset.UtcNow.AddSeconds(-5), agentId = "a11", queues = new[] { "after-sales" } },
        })).EnsureSuccessStatusCode();

        var wallboard = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await wallboard.GotoAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        var afterSales = wallboard.Locator("[data-testid=queue-tile][data-queue='after-sales'] [data-testid=agents-available]");
        var complaints = wallboard.Locator("[data-testid=queue-tile][data-queue='complaints'] [data-testid=agents-available]");
        await Expect(afterSales).ToHaveTextAsync("1");
        await Expect(complaints).ToHaveTextAsync("0");

        var manager = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } }, Roles.Manager);
        await OpenAsync(manager, "/floor?state=available");
        var row = manager.Locator("tr", new() { Has = manager.GetByTestId("agent-name").GetByText("Yang Xue") });
        await row.GetByTestId("agent-edit-queues").ClickAsync();
        var dialog = manager.GetByTestId("queues-dialog");
        await dialog.Locator("[data-queue='after-sales'] input[type=checkbox]").UncheckAsync();
        await dialog.Locator("[data-queue='complaints'] input[type=checkbox]").CheckAsync();
        await dialog.Locator("[data-queue='complaints'] [data-testid=queue-level] .mud-rating-item").Nth(4).ClickAsync();
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("agent-move-dialog.png") });

        var saved = Stopwatch.StartNew();
        await manager.GetByTestId("queues-save").ClickAsync();
        await Expect(complaints).ToHaveTextAsync("1", new() { Timeout = 5000 });
        saved.Stop();
        await Expect(afterSales).ToHaveTextAsync("0");
        await Expect(row.GetByTestId("agent-queues")).ToHaveTextAsync("Complaints");
        await wallboard.ScreenshotAsync(new() { Path = TestOutput.PathOf("agent-move-wallboard.png") });
        var agent = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/agents/a11");

        // The audit log shows who moved whom, from where to where: readable, with the JSON as stored a click away.
        await manager.GotoAsync(new Uri(Factory.ServerAddress, "/audit").ToString());
        var entry = manager.GetByTestId("audit-row").First;
        await Expect(entry.Locator("td")).ToHaveTextAsync(
            [new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d$"), new Regex("^user-"), Exactly("Agent's queues changed"), Exactly("a11"),
             Exactly("after-sales (skill level: 3) → complaints (skill level: 5)"), new Regex("^JSON")]);
        await Expect(entry.GetByTestId("audit-action")).ToHaveAttributeAsync("title", "agent.queues");
        await Expect(entry.GetByTestId("audit-change")).ToHaveAttributeAsync("title", new Regex(Regex.Escape("""[{"queueId":"complaints","skillLevel":5}]""")));
        await entry.GetByTestId("audit-raw").Locator("summary").ClickAsync();
        await Expect(entry.Locator(".audit__json")).ToHaveTextAsync(
            [Exactly("""[{"queueId":"after-sales","skillLevel":3}]"""), Exactly("""[{"queueId":"complaints","skillLevel":5}]""")]);
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("audit-log.png") });

        // Timing is the benchmark's to measure (a shared 2-core machine); here it is reported, and a change that
        // takes more than the 5 s the wait allows fails.
        output.WriteLine($"Save click to the wall-board showing the move: {saved.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(5, agent.GetProperty("skillLevels").GetProperty("complaints").GetInt32());
    }

    private static Regex Exactly(string text) => new("^" + Regex.Escape(text) + "$");
}
