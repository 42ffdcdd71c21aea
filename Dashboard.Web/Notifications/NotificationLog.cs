using Dashboard.Grains.Notifications;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Notifications;

/// <summary>What the settings page shows of alerts off the screen: the channels configured (by name, kind and the roles
/// they reach, never their addresses or keys) and the newest deliveries with their results.</summary>
public interface INotificationLog
{
    IReadOnlyList<NotificationChannel> Channels { get; }

    Task<IReadOnlyList<NotificationDelivery>> RecentAsync(int max = 50);
}

public sealed class NotificationLog(IGrainFactory grains, IOptions<NotificationOptions> options) : INotificationLog
{
    public IReadOnlyList<NotificationChannel> Channels => options.Value.Channels;

    public async Task<IReadOnlyList<NotificationDelivery>> RecentAsync(int max = 50) =>
        await grains.GetGrain<INotificationLedgerGrain>(NotificationLedgerGrain.Key).LogAsync(max);
}
