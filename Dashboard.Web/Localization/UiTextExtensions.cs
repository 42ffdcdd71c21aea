using System.Globalization;
using Dashboard.Grains.Alerts;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Localization;

/// <summary>Texts built from data rather than written on one page: state names, reason codes, alert lines.</summary>
public static partial class UiTextExtensions
{
    /// <summary>An agent state's name ("Not ready", "示忙").</summary>
    public static string State(this IStringLocalizer text, AgentState state) => text["State." + AgentStateNames.WireName(state)];

    /// <summary>A threshold's span of time in the fewest words: "20 s", "3 min", "4 h" ("20秒", "3分钟", "4小时"); whole
    /// minutes and hours only, else the next smaller unit, so an e-mail queue's "within 1 h" fits where "3600s" did not.</summary>
    public static string Span(this IStringLocalizer text, int seconds) =>
        seconds >= 3600 && seconds % 3600 == 0 ? text["Span.Hours", seconds / 3600]
        : seconds >= 60 && seconds % 60 == 0 ? text["Span.Minutes", seconds / 60]
        : text["Span.Seconds", seconds];

    /// <summary>An open complaint's next due time ("first response by 10:30", "resolve by Tue 14:00"), and how late
    /// when it has passed: one wording for the desk and the agent's page.</summary>
    public static string ComplaintDue(this IStringLocalizer text, Complaints.ComplaintDueState due, DateTimeOffset now, CenterClock clock)
    {
        var next = text[due.NextIsFirstResponse ? "Complaints.Due.FirstResponse" : "Complaints.Due.Resolution", Format.Due(due.NextDue, now, clock)].Value;
        return due.Overdue != Complaints.ComplaintOverdue.None ? text["Complaints.Overdue", next, Format.Span(now - due.NextDue)] : next;
    }

    /// <summary>A role's name ("Supervisor", "客服主管"); a role we do not know by its own name.</summary>
    public static string Role(this IStringLocalizer text, string role)
    {
        var name = text["Role." + role];
        return name.ResourceNotFound ? role : name.Value;
    }

    /// <summary>A not-ready reason: the well-known codes (break, lunch, training, meeting, callback, coaching) in the
    /// reader's language; other codes by their configured label, or the code itself.</summary>
    public static string Reason(this IStringLocalizer text, string code, string? configuredLabel)
    {
        if (code.Length == 0)
        {
            return text["Reason.None"];
        }
        var known = text["Reason." + code];
        return known.ResourceNotFound ? configuredLabel ?? code : known.Value;
    }

    /// <summary>
    /// An alert's line, from its figures (rule, value, threshold, severity, peak) in the reader's language, with the
    /// tiles' percent and duration formats (<see cref="Format"/>); the API's English message is this line too. While
    /// the condition holds it states the figure now; once it no longer holds, since when and the peak, never the last
    /// figure as if it were current.
    /// </summary>
    /// <param name="reason">The reason of an agent not ready, already as a label, when known; else the alert's code.</param>
    /// <param name="clock">The center's clock, for "since 10:42"; UTC without it.</param>
    public static string AlertLine(this IStringLocalizer text, Alert alert, string? reason = null, CenterClock? clock = null)
    {
        if (!alert.Holding && text[RuleTitleKey(alert.Rule)] is { ResourceNotFound: false } title)
        {
            var since = (clock?.ToLocal(alert.RaisedAt).DateTime ?? alert.RaisedAt.UtcDateTime).ToString("HH:mm", CultureInfo.InvariantCulture);
            var peak = Figure(alert.Rule, alert.Peak, alert.Threshold);
            return alert.Rule == AlertEngine.ServiceLevelRule
                ? text["Alert.Since.Lowest", title.Value, since, peak]
                : text["Alert.Since", title.Value, since, peak];
        }
        var value = alert.Value;
        var threshold = alert.Threshold;
        reason ??= alert.Reason;
        return alert.Rule switch
        {
            AlertEngine.ServiceLevelRule => alert.Severity == AlertSeverity.Critical
                ? text["Alert.ServiceLevel.Critical", Format.Percent(value, threshold), Format.Percent(threshold)]
                : text["Alert.ServiceLevel", Format.Percent(value, threshold), Format.Percent(threshold)],
            AlertEngine.AbandonRateRule => text["Alert.AbandonRate", Format.Percent(value, threshold), Format.Percent(threshold)],
            AlertEngine.LongestWaitRule => text["Alert.LongestWait", Format.Duration(value), Format.Duration(threshold)],
            AlertEngine.NoAgentAvailableRule => value == 1
                ? text["Alert.NoAgent.One"]
                : text["Alert.NoAgent", value.ToString("0", CultureInfo.InvariantCulture)],
            AlertEngine.WrapUpRule => text["Alert.WrapUp", Format.Duration(value), Format.Duration(threshold)],
            AlertEngine.NotReadyRule => string.IsNullOrEmpty(reason)
                ? text["Alert.NotReady", Format.Duration(value), Format.Duration(threshold)]
                : text["Alert.NotReady.Reason", reason, Format.Duration(value), Format.Duration(threshold)],
            AlertEngine.CallDurationRule => text["Alert.CallDuration", Format.Duration(value), Format.Duration(threshold)],
            Complaints.ComplaintAlerts.SeriousOpenedRule => text["Alert.ComplaintSeriousOpened", alert.Reason ?? "", Format.Span(TimeSpan.FromMinutes(value))],
            Complaints.ComplaintAlerts.FirstResponseOverdueRule => text["Alert.ComplaintFirstResponseOverdue", alert.Reason ?? "", Format.Span(TimeSpan.FromMinutes(value))],
            Complaints.ComplaintAlerts.ResolutionOverdueRule => text["Alert.ComplaintResolutionOverdue", alert.Reason ?? "", Format.Span(TimeSpan.FromMinutes(value))],
            Complaints.ComplaintAlerts.CallbacksOverdueRule => text["Alert.CallbacksOverdue", alert.Reason ?? "1", Format.Span(TimeSpan.FromMinutes(value))],
            _ => $"{alert.Rule}: {value.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    private static string RuleTitleKey(string rule) => "Alert.Rule." + rule;

    /// <summary>A rule's figure as the tiles write it: rates as percents, counts as numbers, the rest as durations.</summary>
    private static string Figure(string rule, double value, double threshold) => rule switch
    {
        AlertEngine.ServiceLevelRule or AlertEngine.AbandonRateRule => Format.Percent(value, threshold),
        AlertEngine.NoAgentAvailableRule => value.ToString("0", CultureInfo.InvariantCulture),
        _ => Format.Duration(value),
    };

    /// <summary>
    /// A validation message of a service shared with the API (written in English there, e.g. "must be a whole number
    /// of seconds from 1 to 3600"), in the reader's language: looked up under <c>Msg:</c> and the message with its
    /// numbers and 'quoted names' as placeholders ("Msg:must be a whole number of seconds from {0} to {1}").
    /// A message without a translation is shown as it is.
    /// </summary>
    public static string Validation(this IStringLocalizer text, string message)
    {
        var arguments = new List<object>();
        var pattern = Placeholders().Replace(message, match =>
        {
            arguments.Add(match.Value);
            return "{" + (arguments.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        });
        var found = text["Msg:" + pattern, [.. arguments]];
        return found.ResourceNotFound ? message : found.Value;
    }

    /// <summary>A field of a validation problem as the API names it ("shifts[1].start"), in the reader's words
    /// ("班次 2 · 开始"); unknown fields as they are.</summary>
    public static string Field(this IStringLocalizer text, string field)
    {
        var parts = field.Split('.');
        var words = new List<string>();
        foreach (var part in parts)
        {
            var match = Indexed().Match(part);
            var name = match.Success ? match.Groups[1].Value : part;
            var label = text["Field:" + name];
            if (label.ResourceNotFound)
            {
                return field;
            }
            words.Add(match.Success
                ? text["Field.Indexed", label.Value, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + 1]
                : label.Value);
        }
        return string.Join(" · ", words);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"'[^']*'|\d+(?:\.\d+)?")]
    private static partial System.Text.RegularExpressions.Regex Placeholders();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\w+)\[(\d+)\]$")]
    private static partial System.Text.RegularExpressions.Regex Indexed();
}
