using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Due times per queue in Chromium (issue 18 §1): a manager gives a queue a shorter due time for serious complaints
/// on the settings page, as people say it ("10 min", "10分钟"); the queue's complaint that was in time is overdue at
/// once on the wall-board tile (in red, with how many) and on its owner's page; the working calendar saves its
/// closed dates. Both languages.
/// </summary>
public sealed class ComplaintDueBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Theory]
    [InlineData("en-US", "Complaints", "10 min", "2 h", "1 overdue", "overdue")]
    [InlineData("zh-CN", "投诉", "10分钟", "2小时", "1 超时", "已超时")]
    public async Task Manager_ShortensAQueuesDueTime_TileAndOwnersPageShowItOverdue(
        string locale, string tab, string tenMinutes, string twoHours, string tileOverdue, string overdue)
    {
        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        (await http.PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "due-login", type = "agent.login", at = now.AddMinutes(-50), agentId = "a11", queues = new[] { "after-sales" } },
            // Serious, 12 minutes old, owned by a11: in time under the center's 30 minutes.
            new { id = "due-open", type = "complaint.opened", at = now.AddMinutes(-12), complaintId = "K-2001", queueId = "after-sales", severity = "serious", category = "fees", agentId = "a11" },
        })).EnsureSuccessStatusCode();

        var wallboard = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await OpenAsync(wallboard, "/wallboard");
        var tile = wallboard.Locator("[data-testid=queue-tile][data-queue='after-sales'] [data-testid=complaints]");
        await Expect(tile.Locator(".tile-minor__value")).ToHaveTextAsync("1");
        await Expect(tile.GetByTestId("complaints-overdue")).ToHaveCountAsync(0);

        var manager = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, Roles.Manager);
        await OpenAsync(manager, "/settings");
        await manager.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
        var row = manager.Locator("[data-testid=due-row][data-queue='after-sales']");
        await row.Locator("[data-cell='serious.firstResponse'] input, input[data-cell='serious.firstResponse']").FillAsync(tenMinutes);
        await row.Locator("[data-cell='serious.resolution'] input, input[data-cell='serious.resolution']").FillAsync(twoHours);
        await manager.GetByTestId("due-save").ClickAsync();
        await Expect(manager.GetByTestId("due-error")).ToHaveCountAsync(0);
        await Expect(manager.Locator(".mud-snackbar")).ToBeVisibleAsync();
        await manager.Locator("textarea[data-testid=hours-closed], [data-testid=hours-closed] textarea").FillAsync("2026-10-01\n2026-10-02");
        await manager.GetByTestId("hours-save").ClickAsync();
        await Expect(manager.GetByTestId("hours-error")).ToHaveCountAsync(0);
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf($"settings-complaints-{locale}.png"), FullPage = true });

        // The tile reads the desk every 5 seconds.
        await Expect(tile.GetByTestId("complaints-overdue")).ToHaveTextAsync(tileOverdue, new() { Timeout = 15_000 });
        await wallboard.ScreenshotAsync(new() { Path = TestOutput.PathOf($"wallboard-complaints-overdue-{locale}.png") });
        var owner = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, Roles.Supervisor);
        await OpenAsync(owner, "/agents/a11");
        var due = owner.GetByTestId("agent-work").GetByTestId("complaint-due");
        await Expect(due).ToContainTextAsync(overdue, new() { Timeout = 10_000 });
        await owner.ScreenshotAsync(new() { Path = TestOutput.PathOf($"agent-complaint-overdue-{locale}.png"), FullPage = true });

        var saved = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/complaint-due-times");
        Assert.Equal(10, saved.GetProperty("queues").GetProperty("after-sales").GetProperty("serious").GetProperty("firstResponseMinutes").GetInt32());
        Assert.Equal(120, saved.GetProperty("queues").GetProperty("after-sales").GetProperty("serious").GetProperty("resolutionMinutes").GetInt32());
        Assert.False(saved.GetProperty("queues").GetProperty("after-sales").TryGetProperty("normal", out var normal) && normal.ValueKind != System.Text.Json.JsonValueKind.Null);
        var hours = await http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/working-hours");
        Assert.Equal(["2026-10-01", "2026-10-02"], hours.GetProperty("closed").EnumerateArray().Select(d => d.GetString()));
    }
}
