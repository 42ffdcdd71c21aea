using System.Text.Json;
using Dashboard.Grains.Alerts;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Live;
using Dashboard.Web.Localization;
using Dashboard.Web.Security;
using Dashboard.Web.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Web.Components.Pages;

/// <summary>The settings managers edit and supervisors and analysts read: per-queue service level, alert levels,
/// the staffing plan. Loaded once interactive; every change goes through <see cref="CenterSettingsService"/>.</summary>
public partial class Settings
{
    private bool _loaded;
    private bool _canEdit;
    private List<(string Id, string Name, QueueSettingsDocument Settings)> _queues = [];
    private AlertLevels _alerts = new();
    private Dictionary<string, QueueAlertRules> _queueAlerts = new(StringComparer.Ordinal);
    private double _raiseAfterSeconds, _clearAfterSeconds;
    private IDictionary<string, string[]>? _alertErrors, _planErrors;
    private List<EditableShift> _shifts = [];
    private List<string> _teams = [];
    private string _newTeam = "";
    private AlertPreviewResult? _preview;
    private bool _previewing, _previewOfEdits, _previewUnavailable;

    [Inject] private CenterSettingsService Service { get; set; } = default!;

    [Inject] private ILiveFeed Feed { get; set; } = default!;

    [Inject] private AlertPreviewService Preview { get; set; } = default!;

    [Inject] private CenterClock Clock { get; set; } = default!;

    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        _canEdit = (await Authorization.AuthorizeAsync((await Authentication).User, Policies.EditSettings)).Succeeded;
        await LoadAsync();
        _loaded = true;
        StateHasChanged();
        await PreviewAsync(edited: false);
    }

    private async Task LoadAsync()
    {
        var queues = new List<(string, string, QueueSettingsDocument)>();
        foreach (var queue in Feed.Current.Queues.Values.OrderBy(q => q.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (await Service.GetQueueSettingsAsync(queue.QueueId) is { } settings)
                queues.Add((queue.QueueId, queue.Name, settings));
        }
        _queues = queues;
        // A copy to edit: the options in force are shared and only ever replaced whole.
        var thresholds = await Service.GetAlertThresholdsAsync();
        var center = thresholds.Center;
        _queueAlerts = thresholds.Queues.ToDictionary(StringComparer.Ordinal);
        _alerts = JsonSerializer.Deserialize<AlertLevels>(JsonSerializer.Serialize(center, CenterSettingsGrain.Json), CenterSettingsGrain.Json)!;
        _raiseAfterSeconds = _alerts.RaiseAfter.TotalSeconds;
        _clearAfterSeconds = _alerts.ClearAfter.TotalSeconds;
        var plan = await Service.GetStaffingPlanAsync();
        _shifts = [.. (plan.Shifts ?? []).OfType<ShiftDocument>().Select(s => new EditableShift
        {
            Name = s.Name ?? "", Start = s.Start ?? "", End = s.End ?? "",
            Planned = (plan.Headcounts ?? []).OfType<HeadcountDocument>().Where(h => h.Shift == s.Name)
                .ToDictionary(h => h.Team ?? "", h => h.Headcount ?? 0, StringComparer.Ordinal),
        })];
        _teams = [.. Feed.Current.Agents.Values.Select(a => a.Team)
            .Concat((plan.Headcounts ?? []).OfType<HeadcountDocument>().Select(h => h.Team ?? ""))
            .Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase)];
    }

    private IEnumerable<(string Key, string Label, LevelRule Rule)> LevelRules()
    {
        yield return ("longestWait", L["Settings.Rule.LongestWait"], _alerts.LongestWait);
        yield return ("waitingWithNoAgent", L["Settings.Rule.NoAgent"], _alerts.WaitingWithNoAgent);
        yield return ("abandonRate", L["Settings.Rule.AbandonRate"], _alerts.AbandonRate);
        yield return ("wrapUp", L["Settings.Rule.WrapUp"], _alerts.WrapUp);
        yield return ("notReady", L["Settings.Rule.NotReady"], _alerts.NotReady);
        yield return ("callDuration", L["Settings.Rule.CallDuration"], _alerts.CallDuration);
    }

    private async Task EditQueueAsync(string queueId, string name, QueueSettingsDocument settings)
    {
        var dialog = await Dialogs.ShowAsync<QueueSettingsDialog>(L["QueueSettings.Title", name],
            new DialogParameters<QueueSettingsDialog> { { d => d.QueueId, queueId }, { d => d.QueueName, name }, { d => d.Current, settings } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: QueueSettingsDocument changed })
        {
            var index = _queues.FindIndex(q => q.Id == queueId);
            _queues[index] = (queueId, name, changed);
            Snackbar.Add(L["Settings.Saved.Queue", name, Format.Percent(changed.ServiceLevelTarget), changed.ServiceLevelThresholdSeconds ?? 0], Severity.Success);
        }
    }

    private async Task EditQueueAlertsAsync(string queueId, string name)
    {
        // The levels in force now: the center's may have been saved since the page loaded.
        var thresholds = await Service.GetAlertThresholdsAsync();
        var current = thresholds.Queues.GetValueOrDefault(queueId) ?? QueueAlertRules.None;
        var dialog = await Dialogs.ShowAsync<QueueAlertsDialog>(L["QueueAlerts.Title", name],
            new DialogParameters<QueueAlertsDialog>
            {
                { d => d.QueueId, queueId }, { d => d.QueueName, name }, { d => d.Current, current }, { d => d.Center, thresholds.Center },
            },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: QueueAlertRules changed })
        {
            _queueAlerts[queueId] = changed;
            Snackbar.Add(L["Settings.Saved.QueueAlerts", name], Severity.Success);
        }
    }

    /// <summary>"Center's levels", or the rules the queue has its own levels for.</summary>
    private string QueueAlertsSummary(string queueId)
    {
        if (_queueAlerts.GetValueOrDefault(queueId) is not { IsEmpty: false } own)
            return L["Settings.QueueAlerts.Center"];
        var rules = new List<string>();
        if (own.ServiceLevel is not null)
            rules.Add(L.Field("serviceLevel"));
        if (own.LongestWait is not null)
            rules.Add(L.Field("longestWait"));
        if (own.WaitingWithNoAgent is not null)
            rules.Add(L.Field("waitingWithNoAgent"));
        if (own.AbandonRate is not null)
            rules.Add(L.Field("abandonRate"));
        return L["Settings.QueueAlerts.Own", string.Join(L["Settings.QueueAlerts.Join"], rules)];
    }

    // The save buttons show for managers only; checked again on each save, as a circuit can be driven by hand.
    private async Task<System.Security.Claims.ClaimsPrincipal?> EditorAsync()
    {
        var user = (await Authentication).User;
        return (await Authorization.AuthorizeAsync(user, Policies.EditSettings)).Succeeded ? user : null;
    }

    private async Task SaveAlertsAsync()
    {
        if (!double.IsFinite(_raiseAfterSeconds) || !double.IsFinite(_clearAfterSeconds) || await EditorAsync() is not { } user)
            return;
        _alerts.RaiseAfter = TimeSpan.FromSeconds(Math.Clamp(_raiseAfterSeconds, -1, 86_400));
        _alerts.ClearAfter = TimeSpan.FromSeconds(Math.Clamp(_clearAfterSeconds, -1, 86_400));
        // The service gets a document of its own (a copy): the form keeps editing its levels.
        var outcome = await Service.SetAlertThresholdsAsync(AlertLevelsDocument.Of(_alerts), user);
        _alertErrors = (outcome as CenterSettingsService.Invalid)?.Errors;
        if (_alertErrors is null)
            Snackbar.Add(L["Settings.Saved.Alerts"], Severity.Success);
    }

    /// <summary>Replays today under the levels in force, or under the form's levels as edited (nothing is saved):
    /// a manager sees what a change would have meant before making it.</summary>
    private async Task PreviewAsync(bool edited)
    {
        var thresholds = await Service.GetAlertThresholdsAsync();
        if (edited)
        {
            if (!double.IsFinite(_raiseAfterSeconds) || !double.IsFinite(_clearAfterSeconds))
                return;
            var levels = _alerts;
            levels.RaiseAfter = TimeSpan.FromSeconds(Math.Clamp(_raiseAfterSeconds, -1, 86_400));
            levels.ClearAfter = TimeSpan.FromSeconds(Math.Clamp(_clearAfterSeconds, -1, 86_400));
            var document = AlertLevelsDocument.Of(levels);
            _alertErrors = SettingsValidation.Validate(document) is { Count: > 0 } errors ? errors : null;
            if (_alertErrors is not null)
                return;
            thresholds = thresholds with { Center = document.ToLevels() };
        }
        _previewing = true;
        StateHasChanged();
        try
        {
            _preview = await Preview.TodayAsync(thresholds, CancellationToken.None);
            _previewOfEdits = edited;
            _previewUnavailable = false;
        }
        catch (Dashboard.Web.Reports.HistoryUnavailableException)
        {
            _previewUnavailable = true;
        }
        finally
        {
            _previewing = false;
        }
        StateHasChanged();
    }

    private RenderFragment TodayCell(string level) => builder =>
    {
        if (_preview?.Rules.FirstOrDefault(r => r.Rule == AlertPreview.RuleOf(level)) is not { } rule)
        {
            builder.AddContent(0, "—");
            return;
        }
        builder.OpenElement(1, "span");
        builder.AddAttribute(2, "class", rule.Raised > 0 ? "settings__today settings__today--some" : "settings__today");
        builder.AddAttribute(3, "data-raised", rule.Raised);
        builder.AddContent(4, rule.Raised == 0 ? L["Settings.Today.None"]
            : rule.Critical == 0 ? L["Settings.Today.Raised", rule.Raised] : L["Settings.Today.RaisedCritical", rule.Raised, rule.Critical]);
        builder.CloseElement();
        if (rule.Subjects.Count > 0)
        {
            builder.OpenElement(5, "div");
            builder.AddAttribute(6, "class", "settings__today-who");
            builder.AddContent(7, string.Join(L["Settings.QueueAlerts.Join"], rule.Subjects.Select(x => L["Settings.Today.Subject", x.Name, x.Alerts].Value)));
            builder.CloseElement();
        }
    };

    private string TodayNote()
    {
        if (_previewUnavailable)
            return L["Settings.Today.Unavailable"];
        if (_preview is not { } preview)
            return _previewing ? L["Common.Loading"] : "";
        string Time(DateTimeOffset at) => Clock.ToLocal(at).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return L[_previewOfEdits ? "Settings.Today.NoteEdited" : "Settings.Today.NoteInForce", Time(preview.From), Time(preview.To)];
    }

    private void AddShift() => _shifts.Add(new EditableShift { Name = L["Settings.NewShift", _shifts.Count + 1] });

    private void AddTeam()
    {
        var team = _newTeam.Trim();
        if (team.Length > 0 && !_teams.Contains(team, StringComparer.Ordinal))
            _teams.Add(team);
        _newTeam = "";
    }

    private async Task SavePlanAsync()
    {
        if (await EditorAsync() is not { } user)
            return;
        var body = new StaffingPlanDocument(
            [.. _shifts.Select(s => new ShiftDocument(s.Name, s.Start, s.End))],
            [.. _shifts.SelectMany(s => _teams.Where(t => s.Headcount(t) > 0).Select(t => new HeadcountDocument(t, s.Name, s.Headcount(t))))]);
        var outcome = await Service.SetStaffingPlanAsync(body, user);
        _planErrors = (outcome as CenterSettingsService.Invalid)?.Errors;
        if (_planErrors is null)
            Snackbar.Add(L["Settings.Saved.Plan"], Severity.Success);
    }

    /// <summary>A shift row being edited, with each team's planned headcount.</summary>
    /// <summary>A service-level formula by what it computes, in the reader's language.</summary>
    private string FormulaName(string? formula) => formula switch
    {
        "answered-only" => L["QueueSettings.Formula.AnsweredOnly"],
        "abandons-within-threshold-met" => L["QueueSettings.Formula.AbandonsWithinThresholdMet"],
        "abandons-against" => L["QueueSettings.Formula.AbandonsAgainst"],
        _ => formula ?? "",
    };

    private sealed class EditableShift
    {
        public string Name { get; set; } = "";
        public string Start { get; set; } = "";
        public string End { get; set; } = "";
        public Dictionary<string, int> Planned { get; init; } = new(StringComparer.Ordinal);

        public int Headcount(string team) => Planned.GetValueOrDefault(team);
    }
}
