using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The settings page's "today, at these levels" column in Chromium: a manager sees what the levels in force raised
/// today, changes a level, tries it on today and sees what it would have raised instead, with nothing saved.
/// </summary>
public sealed class AlertPreviewBrowserTests() : BrowserTest(new DashboardFactory().WithTodayStarted(TimeSpan.FromHours(3))
    .With("Ingestion:ReorderWindow", "00:00:02").With("History:FlushInterval", "00:00:00.200"))
{
    private static string Event(string id, string type, DateTimeOffset at, string fields) =>
        $$"""{"id":"{{id}}","type":"{{type}}","at":"{{at:O}}",{{fields}}}""";

    [Theory]
    [InlineData("en-US", "Alert levels", "1 raised", "none", "Wang Fang ×1")]
    [InlineData("zh-CN", "告警阈值", "1 次", "无", "Wang Fang ×1")]
    public async Task Manager_TriesAHalfHourNotReadyLevelOnToday_SeesTheLunchWouldNotHaveRaised(
        string locale, string tab, string raised, string none, string who)
    {
        // a01 (Wang Fang in the demo center) at lunch for 25 minutes this morning: past the 15-minute warning.
        using var http = Factory.CreateSocketClient();
        var now = DateTimeOffset.UtcNow;
        var p = locale + "-";
        var events = "[" + string.Join(",",
            Event(p + "login", "agent.login", now.AddMinutes(-60), """ "agentId":"a01","queues":["pre-sales"] """),
            Event(p + "lunch", "agent.state", now.AddMinutes(-50), """ "agentId":"a01","state":"not_ready","reason":"lunch" """),
            Event(p + "back", "agent.state", now.AddMinutes(-25), """ "agentId":"a01","state":"available" """)) + "]";
        (await http.PostAsync("/api/events", new StringContent(events, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await WaitForTheLunchInHistoryAsync(http);

        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 1000 } }, Roles.Manager);
        await OpenAsync(page, "/settings");
        await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
        var notReady = page.Locator("[data-testid=alert-rule][data-rule=notReady]");
        await Expect(notReady.GetByTestId("rule-today")).ToContainTextAsync(raised);
        await Expect(notReady.GetByTestId("rule-today")).ToContainTextAsync(who);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"settings-today-{locale}.png"), FullPage = true });

        // Not ready in minutes on the page: warning at 30, critical at 40.
        await notReady.GetByTestId("rule-warning").FillAsync("30");
        await notReady.GetByTestId("rule-critical").FillAsync("40");
        await page.GetByTestId("alerts-preview").ClickAsync();

        await Expect(notReady.GetByTestId("rule-today")).ToHaveTextAsync(none);
        await Expect(page.GetByTestId("today-note")).ToContainTextAsync(locale == "en-US" ? "not saved" : "尚未保存");
        var saved = await http.GetFromJsonAsync<JsonElement>("/api/alerts/thresholds");
        Assert.Equal(900, saved.GetProperty("center").GetProperty("notReady").GetProperty("warning").GetDouble());
    }

    private static async Task WaitForTheLunchInHistoryAsync(HttpClient http)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var preview = await (await http.PostAsync("/api/alerts/thresholds/preview", null)).Content.ReadFromJsonAsync<JsonElement>();
            if (preview.GetProperty("rules").EnumerateArray().Any(r => r.GetProperty("rule").GetString() == "not-ready-too-long"
                    && r.GetProperty("raised").GetInt32() > 0))
                return;
        }
        throw new TimeoutException("The lunch never reached history");
    }
}
