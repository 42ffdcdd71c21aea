using System.Globalization;
using Dashboard.Grains.Notifications;
using Dashboard.Web.Localization;
using Dashboard.Web.Live;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Notifications;

/// <summary>
/// Takes the floor's alerts off the screen: every few seconds, what <see cref="NotificationPlan"/> says is due is
/// claimed in the cluster's <see cref="INotificationLedgerGrain"/> (so of several hosts one sends it), sent down each
/// channel of the route's roles, and logged with its result.
/// </summary>
public sealed partial class AlertNotifier(
    ILiveFeed feed, IGrainFactory grains, NotificationSender sender, IOptions<NotificationOptions> options, CenterClock clock,
    IStringLocalizer<UiText> text, TimeProvider time, ILogger<AlertNotifier> logger) : BackgroundService
{
    private INotificationLedgerGrain Ledger => grains.GetGrain<INotificationLedgerGrain>(NotificationLedgerGrain.Key);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Channels.Count == 0 || options.Value.Routes.Count == 0)
            return;
        using var timer = new PeriodicTimer(options.Value.CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
            {
                // The silo is starting or busy: the next look sends what is still due.
                LogCheckFailed(ex.Message);
            }
        }
    }

    /// <summary>One look at the alerts: sends what is due and not yet claimed.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var due in NotificationPlan.Due(feed.Current.Alerts, options.Value, now, clock).ToList())
        {
            if (!await Ledger.TryClaimAsync(due.Key, now))
                continue;
            var message = Compose(due);
            var deliveries = new List<NotificationDelivery>();
            foreach (var channel in due.Channels)
            {
                var error = await sender.SendAsync(channel, message, cancellationToken);
                if (error is null)
                    LogSent(due.Alert.Rule, due.Alert.SubjectName, channel.Name, due.Attempt);
                else
                    LogNotSent(due.Alert.Rule, due.Alert.SubjectName, channel.Name, error);
                deliveries.Add(new NotificationDelivery(due.Key, due.Alert.Id, due.Alert.Rule, due.Alert.Severity, due.Alert.SubjectName,
                    due.Attempt, channel.Name, channel.Kind, time.GetUtcNow(), error, Environment.MachineName));
            }
            await Ledger.RecordAsync([.. deliveries]);
        }
    }

    /// <summary>The message in the center's language (<see cref="NotificationOptions.Language"/>): "[Critical] Pre-sales · Long wait"
    /// and the alert's line as the wall-board writes it; a repeat says so.</summary>
    public NotificationMessage Compose(DueNotification due)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(options.Value.Language);
        try
        {
            var alert = due.Alert;
            var rule = text["Alert.Rule." + alert.Rule] is { ResourceNotFound: false } title ? title.Value : alert.Rule;
            var severity = text[alert.Severity == AlertSeverity.Critical ? "Notify.Critical" : "Notify.Warning"];
            var line = text.AlertLine(alert, clock: clock);
            var since = clock.ToLocal(alert.RaisedAt).ToString("HH:mm", CultureInfo.InvariantCulture);
            var body = due.Attempt == 0
                ? text["Notify.Text", line, since]
                : text["Notify.Repeat", line, since, due.Attempt];
            return new NotificationMessage(text["Notify.Title", severity, alert.SubjectName, rule], body, options.Value.DashboardUrl);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Rule} of {Subject} sent to {Channel} (repeat {Attempt})")]
    private partial void LogSent(string rule, string subject, string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Rule} of {Subject} not sent to {Channel}: {Error}")]
    private partial void LogNotSent(string rule, string subject, string channel, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert notifications: a look at the alerts failed ({Error}); trying again")]
    private partial void LogCheckFailed(string error);
}
