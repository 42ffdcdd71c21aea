namespace Dashboard.Web.Notifications;

/// <summary>One sending that is due: an alert, by one route, its nth time (0 the first), to these channels.</summary>
public sealed record DueNotification(Alert Alert, int Route, int Attempt, IReadOnlyList<NotificationChannel> Channels)
{
    /// <summary>The same everywhere in the cluster, so one host sends it (the ledger's claim).</summary>
    public string Key => $"{Alert.Id}/{Route}/{Attempt}";
}

/// <summary>
/// The one home of who is told of an alert and when: a route matches by rule and severity; it is due once the alert
/// has stood unacknowledged for the route's <see cref="NotificationRoute.After"/>, then again every
/// <see cref="NotificationOptions.RepeatEvery"/> up to <see cref="NotificationOptions.MaxRepeats"/>, while nobody
/// acknowledges it and it has not cleared; in quiet hours only alerts at the exempt severity go out.
/// </summary>
public static class NotificationPlan
{
    /// <summary>What is due now for these alerts: at most one attempt per alert and route (the latest one due).</summary>
    public static IEnumerable<DueNotification> Due(IEnumerable<Alert> alerts, NotificationOptions options, DateTimeOffset now, CenterClock clock)
    {
        if (options.Channels.Count == 0)
            yield break;
        var quiet = InQuietHours(options.QuietHours, TimeOnly.FromDateTime(clock.ToLocal(now).DateTime));
        foreach (var alert in alerts)
        {
            if (alert.ClearedAt is not null || alert.AcknowledgedAt is not null)
                continue;
            if (quiet && alert.Severity < options.QuietHours!.Except)
                continue;
            for (var r = 0; r < options.Routes.Count; r++)
            {
                var route = options.Routes[r];
                if (alert.Severity < route.MinSeverity || (route.Rules.Count > 0 && !route.Rules.Contains(alert.Rule, StringComparer.Ordinal)))
                    continue;
                var standing = now - alert.RaisedAt - route.After;
                if (standing < TimeSpan.Zero)
                    continue;
                var attempt = (int)Math.Min(options.MaxRepeats, standing.Ticks / Math.Max(1, options.RepeatEvery.Ticks));
                var channels = options.Channels.Where(c => c.Roles.Intersect(route.Roles, StringComparer.OrdinalIgnoreCase).Any()).ToList();
                if (channels.Count > 0)
                    yield return new DueNotification(alert, r, attempt, channels);
            }
        }
    }

    /// <summary>Whether a local time falls in the quiet hours (the start in, the end out; they may run past midnight).</summary>
    public static bool InQuietHours(QuietHours? quiet, TimeOnly local)
    {
        if (quiet is null || NotificationOptions.ParseTime(quiet.From) is not { } from || NotificationOptions.ParseTime(quiet.To) is not { } to || from == to)
            return false;
        return from < to ? local >= from && local < to : local >= from || local < to;
    }
}
