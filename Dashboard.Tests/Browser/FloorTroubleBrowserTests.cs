using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Issue 17 §4 in Chromium: an agent 23 minutes into a lunch (not ready warns at 15) and one 31 minutes into a break
/// (critical at 30) stand out on a supervisor's floor, sort to the top on request, and can be shown alone — in
/// English and in Chinese.
/// </summary>
public sealed class FloorTroubleBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Theory]
    [InlineData("en-US", "Over limit", "floor-trouble.png")]
    [InlineData("zh-CN", "超时", "zh-floor-trouble.png")]
    public async Task Agents_past_their_level_stand_out_and_sort_first(string locale, string column, string screenshot)
    {
        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        var tag = locale[..2];
        (await http.PostAsJsonAsync("/api/events", new object[]
        {
            new { id = $"trouble-{tag}-1", type = "agent.login", at = now.AddMinutes(-40), agentId = $"t-{tag}-lunch", name = "Lunch Long", team = "T" },
            new { id = $"trouble-{tag}-2", type = "agent.state", at = now.AddMinutes(-23), agentId = $"t-{tag}-lunch", state = "not_ready", reason = "lunch" },
            new { id = $"trouble-{tag}-3", type = "agent.login", at = now.AddMinutes(-40), agentId = $"t-{tag}-break", name = "Break Long", team = "T" },
            new { id = $"trouble-{tag}-4", type = "agent.state", at = now.AddMinutes(-31), agentId = $"t-{tag}-break", state = "not_ready", reason = "break" },
            new { id = $"trouble-{tag}-5", type = "agent.login", at = now.AddMinutes(-40), agentId = $"t-{tag}-fine", name = "Aaron Fine", team = "T" },
        })).EnsureSuccessStatusCode();

        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/floor?team=T").ToString());
        var lunch = page.Locator("tr", new() { Has = page.GetByTestId("agent-name").GetByText("Lunch Long") });
        var pause = page.Locator("tr", new() { Has = page.GetByTestId("agent-name").GetByText("Break Long") });
        await Expect(lunch).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("agent-row--warning"));
        await Expect(pause).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("agent-row--critical"));
        await Expect(lunch.GetByTestId("agent-attention")).ToContainTextAsync("+8:");
        // The level's colour reaches the screen (MudBlazor's own cell colour once won over it): amber and red.
        await Expect(lunch.GetByTestId("agent-time-in-state")).ToHaveCSSAsync("color", "rgb(249, 168, 37)");
        await Expect(pause.GetByTestId("agent-time-in-state")).ToHaveCSSAsync("color", "rgb(255, 82, 82)");

        // Sorted by name, the fine agent is first; the column header puts the furthest past their level on top.
        await Expect(page.GetByTestId("agent-name").First).ToHaveTextAsync("Aaron Fine");
        // A click lands only once the page is interactive (its circuit up), which the desk menus show: under a loaded
        // machine a click on the prerendered header was lost.
        await Expect(page.GetByTestId("desk-menu").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("sort-attention").GetByText(column).ClickAsync();
        await Expect(page.GetByTestId("agent-name")).ToHaveTextAsync(["Break Long", "Lunch Long", "Aaron Fine"]);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf(screenshot) });

        await page.GetByTestId("filter-over-limit").ClickAsync();
        await Expect(page.GetByTestId("agent-name")).ToHaveTextAsync(["Break Long", "Lunch Long"]);
    }
}
