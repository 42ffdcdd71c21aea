using Dashboard.Grains.Notifications;
using Dashboard.Web.Security;

namespace Dashboard.Web.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Alerts off the screen (section Notifications): nothing is sent until a channel and a route are configured.</summary>
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().Bind(builder.Configuration.GetSection(NotificationOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(NotificationSender.HttpClientName);
        builder.Services.AddSingleton<NotificationSender>();
        builder.Services.AddSingleton<AlertNotifier>();
        builder.Services.AddSingleton<INotificationLog, NotificationLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertNotifier>());
    }

    /// <summary><c>GET /api/notifications/deliveries</c>: the delivery log, newest first.</summary>
    public static void MapNotifications(this WebApplication app)
    {
        app.MapGroup("/api").WithTags("Notifications")
            .MapGet("/notifications/deliveries", async (IGrainFactory grains, int? max) =>
                TypedResults.Ok((await grains.GetGrain<INotificationLedgerGrain>(NotificationLedgerGrain.Key).LogAsync(Math.Clamp(max ?? 100, 1, NotificationLedgerGrain.LogSize)))
                    .Select(d => new
                    {
                        d.AlertId, d.Rule, severity = d.Severity == AlertSeverity.Critical ? "critical" : "warning", subject = d.SubjectName,
                        d.Attempt, d.Channel, d.Kind, d.At, delivered = d.Error is null, d.Error, d.Host,
                    })))
            .WithSummary("Alerts sent off the screen (e-mail, chat robots), newest first, each with its result.")
            .RequireAuthorization(Policies.ReadSettings);
    }
}
