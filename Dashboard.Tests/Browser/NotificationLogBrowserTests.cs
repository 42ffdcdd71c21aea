using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The settings page's notifications tab in Chromium: a manager sees which channels reach whom and that a real
/// critical alert went to the supervisors' WeCom group (a robot on loopback), delivered; both languages.
/// </summary>
public sealed class NotificationLogBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Theory]
    [InlineData("en-US", "Notifications", "WeCom", "Delivered")]
    [InlineData("zh-CN", "通知", "企业微信", "已送达")]
    public async Task Manager_SeesTheChannelsAndWhatWasSent(string locale, string tab, string wecom, string delivered)
    {
        await using var robot = await WebhookReceiver.StartAsync();
        // Set before the host starts (the first use of its address below).
        Factory.With("Alerts:RaiseAfter", "00:00:00").With("Notifications:CheckEvery", "00:00:00.200")
            .With("Notifications:Channels:0:Name", "floor-wecom").With("Notifications:Channels:0:Kind", "wecom")
            .With("Notifications:Channels:0:Url", new Uri(robot.Root, "/chat/wecom?key=k").ToString()).With("Notifications:Channels:0:Roles:0", "supervisor")
            .With("Notifications:Routes:0:MinSeverity", "Critical").With("Notifications:Routes:0:Roles:0", "supervisor");
        using var http = Factory.CreateSocketClient();
        (await http.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "nl-q", type = "call.queued", at = DateTimeOffset.UtcNow.AddSeconds(-200), callId = "nl-c", queueId = "complaints" },
        })).EnsureSuccessStatusCode();
        await robot.WaitForAsync(r => r.Path == "/chat/wecom", 1);

        var page = await NewSignedInPageAsync(new() { Locale = locale, ViewportSize = new() { Width = 1600, Height = 900 } }, Roles.Manager);
        await OpenAsync(page, "/settings");
        await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();

        await Expect(page.GetByTestId("notify-channel")).ToContainTextAsync(wecom);
        await Expect(page.GetByTestId("notify-delivery").First.GetByTestId("notify-result")).ToHaveTextAsync(delivered);
        await Expect(page.GetByTestId("notify-delivery").First).ToContainTextAsync("Complaints");
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf($"settings-notifications-{locale}.png"), FullPage = true });
    }
}
