using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Low satisfaction scores in Chromium (issue 18 §4): under the complaint desk a supervisor reads the customer's
/// comment on a 1-of-5 survey and opens a complaint from it in one click; the complaint is on the desk at once.
/// Both languages.
/// </summary>
public sealed class LowScoreBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Theory]
    [InlineData("en-US", "1 / 5", "Complaint S-svy-b1")]
    [InlineData("zh-CN", "1 / 5", "投诉 S-svy-b1")]
    public async Task Supervisor_ReadsTheComment_OpensAComplaintFromIt(string locale, string score, string opened)
    {
        using var http = Factory.CreateSocketClient();
        (await http.PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "svy-b1", type = "survey.completed", at = DateTimeOffset.UtcNow.AddMinutes(-8), agentId = "a11", score = 1, callId = "c-501",
                  queueId = "after-sales", customerId = "cu-31", comment = "转了三次还是没人解决我的问题。" },
        })).EnsureSuccessStatusCode();

        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, Roles.Supervisor);
        await OpenAsync(page, "/complaints");
        var row = page.Locator("[data-testid=low-score][data-survey='svy-b1']");
        await Expect(row.GetByTestId("low-score-score")).ToHaveTextAsync(score);
        await Expect(row.GetByTestId("low-score-comment")).ToHaveTextAsync("转了三次还是没人解决我的问题。");
        await row.GetByTestId("low-score-open").ClickAsync();

        await Expect(row.GetByTestId("low-score-complaint")).ToHaveTextAsync(opened, new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-testid=complaint-row][data-complaint='S-svy-b1']")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"complaints-low-scores-{locale}.png"), FullPage = true });
    }
}
