using Bunit;
using Dashboard.Grains.Notifications;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The settings page's notifications tab: channels by name, kind and the roles they reach (never their
/// addresses), the newest sendings with their results, a failure in red with its error.</summary>
public sealed class NotificationLogSettingsTests : ComponentTestBase
{
    private sealed class FixedLog(IReadOnlyList<NotificationChannel> channels, IReadOnlyList<NotificationDelivery> log) : INotificationLog
    {
        public IReadOnlyList<NotificationChannel> Channels => channels;

        public Task<IReadOnlyList<NotificationDelivery>> RecentAsync(int max = 50) => Task.FromResult(log);
    }

    [Fact]
    public void Render_ChannelsAndSendings_AFailureWithItsError_NoAddressShown()
    {
        Services.AddSingleton<INotificationLog>(new FixedLog(
            [
                new NotificationChannel { Name = "floor-wecom", Kind = "wecom", Url = "https://qyapi.example/send?key=SECRET", Roles = ["supervisor"] },
                new NotificationChannel { Name = "managers-mail", Kind = "email", To = ["boss@bank.example"], Roles = ["manager", "supervisor"] },
            ],
            [
                new NotificationDelivery("a/1/2", "a", "longest-wait", AlertSeverity.Critical, "Pre-sales", 2, "floor-wecom", "wecom", Now.AddMinutes(-1), "errcode 310000: sign not match", "h1"),
                new NotificationDelivery("a/0/0", "a", "longest-wait", AlertSeverity.Critical, "Pre-sales", 0, "managers-mail", "email", Now.AddMinutes(-21), null, "h1"),
            ]));

        var cut = Render<NotificationLogSettings>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAllByTestId("notify-delivery").Count));
        Assert.Equal(["floor-wecom|WeCom|Supervisor", "managers-mail|E-mail|Manager, Supervisor"],
            cut.FindAllByTestId("notify-channel").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))));
        Assert.DoesNotContain("SECRET", cut.Markup);
        Assert.DoesNotContain("boss@bank.example", cut.Markup);
        var rows = cut.FindAllByTestId("notify-delivery");
        Assert.Equal(["08:59", "Pre-sales · Long wait (reminder 2)", "floor-wecom", "Not delivered: errcode 310000: sign not match"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Contains("complaints__row--overdue", rows[0].ClassList);
        Assert.Equal("Delivered", rows[1].QuerySelector("[data-testid=notify-result]")!.TextContent);
    }
}
