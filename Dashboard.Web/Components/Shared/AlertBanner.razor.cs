using Dashboard.Web.Localization;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Shared;

public partial class AlertBanner
{
    private ImmutableArray<Alert> _sortedFrom;
    private Alert[] _shown = [];
    private int _more;
    private int _sortedFor;
    private bool _hasCritical;
    private bool _flash;

    /// <summary>The feed's alerts; alerts that have just cleared (ClearedAt set) are not shown.</summary>
    [Parameter, EditorRequired] public ImmutableArray<Alert> Alerts { get; set; }

    /// <summary>Now, for each alert's age.</summary>
    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }

    /// <summary>Given to supervisors and managers: each unacknowledged line gets an Acknowledge button.</summary>
    [Parameter] public EventCallback<Alert> OnAcknowledge { get; set; }

    /// <summary>The floor's agents, for the reason of an agent's not-ready alert (optional).</summary>
    [Parameter] public IReadOnlyDictionary<string, AgentSnapshot>? Agents { get; set; }

    /// <summary>
    /// A public screen (a display link, no account): agents' alerts are told as a count per team and rule ("Sales: 2
    /// agents · Long not ready"), never by name — who is on a long lunch is not for everyone walking past the TV.
    /// </summary>
    [Parameter] public bool AgentsByTeam { get; set; }

    private Dictionary<string, string> _groupText = new(StringComparer.Ordinal);
    private bool _groupedFor;

    /// <summary>At most this many lines; the rest are counted as "+ n more".</summary>
    [Parameter] public int MaxLines { get; set; } = 4;

    protected override void OnParametersSet()
    {
        // Alerts change far less often than the banner's parent renders: sort only when they did.
        if (_sortedFrom == Alerts && _sortedFor == MaxLines && _groupedFor == AgentsByTeam)
        {
            return;
        }
        _sortedFrom = Alerts;
        _sortedFor = MaxLines;
        _groupedFor = AgentsByTeam;
        var alerts = Alerts.IsDefault ? [] : Alerts;
        _groupText = new(StringComparer.Ordinal);
        var active = Order(AgentsByTeam ? ByTeam(alerts) : alerts);
        _hasCritical = active.Count > 0 && active[0].Severity == AlertSeverity.Critical;
        _flash = active.Any(a => a.Severity == AlertSeverity.Critical && a.AcknowledgedBy is null); // acknowledged: seen, stop shouting
        _shown = [.. active.Take(MaxLines)];
        _more = active.Count - _shown.Length;
    }

    [Inject] private CenterDirectory Directory { get; set; } = default!;

    // One line per team and rule in place of each agent's: the worst severity, since the first was raised.
    private IEnumerable<Alert> ByTeam(IEnumerable<Alert> alerts)
    {
        foreach (var alert in alerts.Where(a => a.Scope != AlertScope.Agent))
            yield return alert;
        var groups = alerts.Where(a => a.Scope == AlertScope.Agent && a.ClearedAt is null)
            .GroupBy(a => (Team: Agents?.GetValueOrDefault(a.SubjectId)?.Team ?? "", a.Rule));
        foreach (var group in groups)
        {
            var team = group.Key.Team.Length > 0 ? group.Key.Team : L["Alert.NoTeam"].Value;
            var id = $"team:{group.Key.Team}:{group.Key.Rule}";
            _groupText[id] = L["Alert.AgentsOfTeam", group.Count(), L["Alert.Rule." + group.Key.Rule]];
            yield return group.First() with
            {
                Id = id, SubjectId = group.Key.Team, SubjectName = team,
                Severity = group.Max(a => a.Severity), RaisedAt = group.Min(a => a.RaisedAt),
                AcknowledgedBy = null, AcknowledgedAt = null,
            };
        }
    }

    /// <summary>The not-ready reason of the agent an alert is about, as a label; null for other alerts.</summary>
    private string? ReasonOf(Alert alert) =>
        alert.Rule == Dashboard.Grains.Alerts.AlertEngine.NotReadyRule && Agents?.GetValueOrDefault(alert.SubjectId) is { Reason: { Length: > 0 } reason }
            ? L.Reason(reason, Directory.ReasonCodes.FirstOrDefault(r => r.Code == reason)?.Label)
            : null;

    /// <summary>Active alerts in banner order: critical first, queues before agents, then the longest-standing first.</summary>
    public static List<Alert> Order(IEnumerable<Alert> alerts)
    {
        var active = alerts.Where(a => a.ClearedAt is null).ToList();
        active.Sort(static (a, b) =>
        {
            var bySeverity = b.Severity.CompareTo(a.Severity);
            if (bySeverity != 0)
            {
                return bySeverity;
            }
            var byScope = a.Scope.CompareTo(b.Scope);
            return byScope != 0 ? byScope : a.RaisedAt.CompareTo(b.RaisedAt);
        });
        return active;
    }
}
