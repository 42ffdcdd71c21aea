using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The complaint desk in Chromium: a supervisor finds the overdue serious complaint at the top, assigns it, notes,
/// escalates and resolves it, records the return call, and the wall-board's complaint count follows within a second;
/// both languages.
/// </summary>
public sealed class ComplaintDeskBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Theory]
    [InlineData("en-US", "Serious", "first response by", "overdue", "Resolved", "Return call made")]
    [InlineData("zh-CN", "严重", "首次响应时限", "已超时", "已解决", "已回访")]
    public async Task Supervisor_RunsTheOverdueSeriousComplaint_WallboardCountFollows(
        string locale, string serious, string firstResponse, string overdue, string resolved, string returnCallMade)
    {
        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        (await http.PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "cb-login", type = "agent.login", at = now.AddMinutes(-50), agentId = "a11", queues = new[] { "after-sales" } },
            new { id = "k-normal-o", type = "complaint.opened", at = now.AddMinutes(-5), complaintId = "K-1002", queueId = "after-sales", severity = "normal", category = "delivery" },
            // Serious and 45 minutes old with nobody on it: 15 minutes past its first response.
            new { id = "k-serious-o", type = "complaint.opened", at = now.AddMinutes(-45), complaintId = "K-1001", queueId = "after-sales", severity = "serious", category = "fees", customerId = "cu-77" },
        })).EnsureSuccessStatusCode();

        var wallboard = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await OpenAsync(wallboard, "/wallboard");
        var count = wallboard.Locator("[data-testid=queue-tile][data-queue='after-sales'] [data-testid=complaints] .tile-minor__value");
        await Expect(count).ToHaveTextAsync("2");

        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, Roles.Supervisor);
        await OpenAsync(page, "/complaints");
        var rows = page.GetByTestId("complaint-row");
        await Expect(rows).ToHaveCountAsync(2);
        var first = rows.First;
        await Expect(first).ToHaveAttributeAsync("data-complaint", "K-1001");
        await Expect(first.GetByTestId("complaint-severity")).ToHaveTextAsync(serious);
        await Expect(first.GetByTestId("complaint-due")).ToContainTextAsync(firstResponse);
        await Expect(first.GetByTestId("complaint-due")).ToContainTextAsync(overdue);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"complaints-{locale}.png"), FullPage = true });

        await first.GetByTestId("complaint-open").ClickAsync();
        var dialog = page.GetByTestId("complaint-dialog");
        await Expect(dialog.GetByTestId("complaint-dialog-overdue")).ToBeVisibleAsync();
        await dialog.GetByTestId("complaint-assign-to").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Yang Xue" }).ClickAsync();
        await dialog.GetByTestId("complaint-assign").ClickAsync();
        await Expect(dialog.GetByTestId("complaint-dialog-owner")).ToHaveTextAsync("Yang Xue");
        await dialog.Locator("textarea[data-testid=complaint-note], [data-testid=complaint-note] textarea").FillAsync("Called back; the fee was charged twice.");
        await dialog.GetByTestId("complaint-add-note").ClickAsync();
        await Expect(dialog.GetByTestId("complaint-step")).ToHaveCountAsync(3);
        await dialog.GetByTestId("complaint-escalate-manager").ClickAsync();
        await Expect(dialog.GetByTestId("complaint-step")).ToHaveCountAsync(4);
        await dialog.GetByTestId("complaint-resolution").FillAsync("refund");
        await dialog.GetByTestId("complaint-resolve").ClickAsync();
        await Expect(dialog.GetByTestId("complaint-dialog-status")).ToHaveTextAsync(resolved);

        // The wall-board counts it out within a second of the resolution.
        await Expect(count).ToHaveTextAsync("1", new() { Timeout = 1_500 });

        await dialog.GetByTestId("complaint-satisfied").ClickAsync();
        await Expect(dialog.GetByTestId("complaint-dialog-status")).ToHaveTextAsync(returnCallMade);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"complaint-dialog-{locale}.png"), FullPage = true });
        await page.GetByTestId("complaint-dialog-close").ClickAsync();

        // Done: off the open list, on the done one.
        await Expect(rows).ToHaveCountAsync(1);
        await page.GetByTestId("complaints-status-done").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-complaint", "K-1001");
    }
}
