using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Callbacks and return calls in Chromium (issue 18 §3): a supervisor sees which team is behind, the overdue callback
/// in red, and a resolved complaint's return call; the agent marks it done on their page and the list shows it done on time.
/// Both languages.
/// </summary>
public sealed class CallbacksBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Theory]
    [InlineData("en-US", "Overdue", "Return call for complaint", "Done on time")]
    [InlineData("zh-CN", "已超时", "投诉回访", "按时完成")]
    public async Task Supervisor_SeesWhoIsBehind_AgentMarksTheReturnCallDone(string locale, string overdue, string returnCall, string doneOnTime)
    {
        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        (await http.PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "cbb-l1", type = "agent.login", at = now.AddHours(-1), agentId = "a11", queues = new[] { "after-sales" } },
            new { id = "cbb-s1", type = "callback.scheduled", at = now.AddMinutes(-40), callbackId = "cb-late", agentId = "a11", queueId = "after-sales", dueAt = now.AddMinutes(-10), topic = "card limit" },
            new { id = "cbb-k", type = "complaint.opened", at = now.AddMinutes(-30), complaintId = "K-5001", queueId = "after-sales", severity = "normal", agentId = "a11" },
            new { id = "cbb-kr", type = "complaint.resolved", at = now.AddMinutes(-2), complaintId = "K-5001", resolution = "refund" },
        })).EnsureSuccessStatusCode();

        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, Roles.Supervisor);
        await OpenAsync(page, "/callbacks");
        var late = page.Locator("[data-testid=callback-row][data-callback='cb-late']");
        await Expect(late.GetByTestId("callback-standing")).ToHaveTextAsync(overdue);
        var returnCallRow = page.Locator("[data-testid=callback-row][data-callback='RC-K-5001-0']");
        await Expect(returnCallRow).ToContainTextAsync(returnCall);
        await Expect(page.GetByTestId("callbacks-by-team").GetByTestId("tally-overdue").First).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"callbacks-{locale}.png"), FullPage = true });

        var agent = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, [Roles.Agent], "a11");
        await OpenAsync(agent, "/me");
        var mine = agent.Locator("[data-testid=callback]", new() { Has = agent.GetByTestId("callback-return-call") });
        await Expect(mine).ToContainTextAsync("K-5001");
        await agent.ScreenshotAsync(new() { Path = TestOutput.PathOf($"me-return-call-{locale}.png"), FullPage = true });
        await mine.GetByTestId("callback-done").ClickAsync();
        await agent.GetByTestId("callback-outcome-reached").ClickAsync();

        // Done a day early: on the supervisor's list, read again every few seconds, as done on time.
        await Expect(returnCallRow.GetByTestId("callback-standing")).ToHaveTextAsync(doneOnTime, new() { Timeout = 10_000 });
    }
}
