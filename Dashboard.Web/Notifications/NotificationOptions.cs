using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Dashboard.Web.Notifications;

/// <summary>
/// Alerts off the screen (configuration section <see cref="Section"/>, docs/notifications.md): the channels that
/// reach people (e-mail, WeCom, DingTalk, Slack, Teams), the routes that say which alerts go to which roles' channels
/// and when, quiet hours, and repeats until someone acknowledges. No channel, nothing is sent.
/// </summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Notifications";

    public List<NotificationChannel> Channels { get; set; } = [];

    /// <summary>Which alerts go to whom: every route that matches an alert sends to the channels of its roles.</summary>
    public List<NotificationRoute> Routes { get; set; } = [];

    public SmtpSettings Smtp { get; set; } = new();

    public QuietHours? QuietHours { get; set; }

    /// <summary>An alert nobody acknowledged is sent again this often, while it stands.</summary>
    public TimeSpan RepeatEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many repeats after the first sending (0: never repeated).</summary>
    public int MaxRepeats { get; set; } = 6;

    /// <summary>How often the alerts are looked at for what is due.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The language of the messages: <c>en</c> or <c>zh-CN</c>.</summary>
    public string Language { get; set; } = "zh-CN";

    /// <summary>The dashboard's address, for a link in each message (optional).</summary>
    public string? DashboardUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Channels.Count; i++)
        {
            var channel = Channels[i];
            var path = $"{Section}:Channels:{i}";
            if (string.IsNullOrWhiteSpace(channel.Name) || !names.Add(channel.Name))
                yield return new($"{path}:Name is required and must be unique.");
            if (!NotificationKinds.All.Contains(channel.Kind))
                yield return new($"{path}:Kind must be one of {string.Join(", ", NotificationKinds.All)}.");
            else if (channel.Kind == NotificationKinds.Email)
            {
                if (channel.To.Count == 0)
                    yield return new($"{path}:To needs at least one address for an e-mail channel.");
                if (string.IsNullOrWhiteSpace(Smtp.Host) || string.IsNullOrWhiteSpace(Smtp.From))
                    yield return new($"{Section}:Smtp:Host and :From are required for an e-mail channel.");
            }
            else if (!Uri.TryCreate(channel.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                yield return new($"{path}:Url must be the chat's webhook address (http or https).");
            if (channel.Roles.Count == 0)
                yield return new($"{path}:Roles must name whom the channel reaches (supervisor, manager, ...).");
        }
        for (var i = 0; i < Routes.Count; i++)
        {
            if (Routes[i].Roles.Count == 0)
                yield return new($"{Section}:Routes:{i}:Roles must name at least one role.");
            if (Routes[i].After < TimeSpan.Zero)
                yield return new($"{Section}:Routes:{i}:After must not be negative.");
        }
        if (RepeatEvery < TimeSpan.FromMinutes(1))
            yield return new($"{Section}:RepeatEvery must be at least a minute.");
        if (QuietHours is { } quiet && (ParseTime(quiet.From) is null || ParseTime(quiet.To) is null))
            yield return new($"{Section}:QuietHours:From and :To must be local times HH:mm.");
        if (Language is not ("en" or "zh-CN"))
            yield return new($"{Section}:Language must be en or zh-CN.");
    }

    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
}

public static class NotificationKinds
{
    public const string Email = "email";
    public const string WeCom = "wecom";
    public const string DingTalk = "dingtalk";
    public const string Slack = "slack";
    public const string Teams = "teams";

    public static readonly string[] All = [Email, WeCom, DingTalk, Slack, Teams];
}

/// <summary>One way to reach people: an e-mail list, or a group chat's webhook (a robot's address).</summary>
public sealed class NotificationChannel
{
    public string Name { get; set; } = "";

    /// <summary><c>email</c>, <c>wecom</c> (企业微信), <c>dingtalk</c> (钉钉), <c>slack</c> or <c>teams</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The chat's webhook address; it holds the robot's key: set it in the environment, not in a file in the repository.</summary>
    public string? Url { get; set; }

    /// <summary>DingTalk's signing secret (加签), when the robot has one.</summary>
    public string? Secret { get; set; }

    /// <summary>E-mail addresses.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>The roles the channel reaches (<c>supervisor</c>, <c>manager</c>, ...): routes name roles, not channels.</summary>
    public List<string> Roles { get; set; } = [];
}

/// <summary>A rule of who is told: alerts of these rules (empty: every rule) at this severity or worse go to these
/// roles' channels once they have stood <see cref="After"/> unacknowledged (0: at once). A route with a later
/// <see cref="After"/> to the manager is the escalation of an alert nobody took up.</summary>
public sealed class NotificationRoute
{
    public List<string> Rules { get; set; } = [];

    public AlertSeverity MinSeverity { get; set; } = AlertSeverity.Critical;

    public List<string> Roles { get; set; } = [];

    public TimeSpan After { get; set; } = TimeSpan.Zero;
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (the default), <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c> or <c>None</c>.</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    /// <summary>Set it in the environment (<c>Notifications__Smtp__Password</c>), never in a file in the repository.</summary>
    public string? Password { get; set; }

    public string? From { get; set; }
}

/// <summary>Local times (the center's zone) when only alerts at <see cref="Except"/> severity are sent; the rest wait
/// for the next repeat after the quiet hours, if still unacknowledged. May run past midnight (22:00–07:00).</summary>
public sealed class QuietHours
{
    public string From { get; set; } = "22:00";

    public string To { get; set; } = "07:00";

    /// <summary>Alerts at this severity are sent even in quiet hours.</summary>
    public AlertSeverity Except { get; set; } = AlertSeverity.Critical;
}
