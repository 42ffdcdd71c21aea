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

    /// <summary>At most this many lines; the rest are counted as "+ n more".</summary>
    [Parameter] public int MaxLines { get; set; } = 4;

    protected override void OnParametersSet()
    {
        // Alerts change far less often than the banner's parent renders: sort only when they did.
        if (_sortedFrom == Alerts && _sortedFor == MaxLines)
        {
            return;
        }
        _sortedFrom = Alerts;
        _sortedFor = MaxLines;
        var active = Order(Alerts.IsDefault ? [] : Alerts);
        _hasCritical = active.Count > 0 && active[0].Severity == AlertSeverity.Critical;
        _flash = active.Any(a => a.Severity == AlertSeverity.Critical && a.AcknowledgedBy is null); // acknowledged: seen, stop shouting
        _shown = [.. active.Take(MaxLines)];
        _more = active.Count - _shown.Length;
    }

    [Inject] private CenterDirectory Directory { get; set; } = default!;

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
