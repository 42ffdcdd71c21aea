using Dashboard.Grains.Alerts;
using Dashboard.Grains.Queues;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Live;
using Dashboard.Web.Localization;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dashboard.Web.Components.Pages;

/// <summary>The agent grid, filterable by queue, team, state and name (also from the query:
/// <c>/floor?queue=sales&amp;team=A&amp;state=not_ready</c>) and sortable by column. Agents past an alert level
/// (not ready, wrap-up or a call too long) stand out, can be shown alone, and sort first on request
/// (the first column, or <c>?sort=attention</c> for a screen that should open that way).</summary>
public partial class Floor
{
    private const string All = "";

    // Sort keys: object-typed as MudTableSortLabel wants them; static so they are not allocated per render.
    private static readonly Func<AgentSnapshot, object> ByName = a => a.Name;
    private static readonly Func<AgentSnapshot, object> ByTeam = a => a.Team;
    private static readonly Func<AgentSnapshot, object> ByState = a => (int)a.State;
    private static readonly Func<AgentSnapshot, object> ByTimeInState = a => -a.StateSince.UtcTicks;
    private static readonly Func<AgentSnapshot, object> ByCall = a => a.CallSince is { } since ? -since.UtcTicks : long.MinValue;
    private static readonly Func<AgentSnapshot, object> ByHandled = a => a.Today.Handled;
    private static readonly Func<AgentSnapshot, object> ByAht = a => a.Today.AhtSeconds ?? -1;
    private static readonly Func<AgentSnapshot, object> ByComplaints = a => a.Today.ComplaintsOpen;

    private List<AgentSnapshot> _rows = [];
    private List<(string Id, string Name)> _queueOptions = [];
    private List<string> _teamOptions = [];
    private Dictionary<string, string> _queueNames = new(StringComparer.Ordinal);
    private Dictionary<string, string> _reasonLabels = new(StringComparer.Ordinal);

    private string _queue = All;
    private string _team = All;
    private string _state = All;
    private string _search = "";
    // The supervisor's own team, while the floor opened on it by default: when nobody on the floor is in it (a replayed
    // bank has no "Sales"), the floor shows every team instead and says so, rather than "no agents match".
    private string? _defaultTeam;
    private string? _defaultTeamMissing;
    private StaffingNow _staffing = new(null, []);
    private bool _overOnly;
    private bool _attentionFirst;
    private int _overCount;
    private AlertLevels _levels = new();
    private readonly Func<AgentSnapshot, object> _byAttention;

    public Floor() =>
        // Furthest past its level first: critical before warning, then by how far over; the rest keep their order.
        _byAttention = a => -(KpiJudgement.SecondsOverLimit(a, Now, _levels) is { } over
            ? (KpiJudgement.TimeInState(a, Now, _levels) == KpiVerdict.Critical ? 1e9 : 1e8) + over
            : 0);

    // Set for managers only: rows show the edit button when it has a delegate, once the page is interactive
    // (after-render runs only in a circuit, never while prerendered: no dead buttons).
    private EventCallback<AgentSnapshot> _editQueues;
    private bool _interactive;

    [Inject] private CenterDirectory Directory { get; set; } = default!;

    [Inject] private CenterClock Clock { get; set; } = default!;

    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "queue")] public string? QueueQuery { get; set; }

    [SupplyParameterFromQuery(Name = "team")] public string? TeamQuery { get; set; }

    [SupplyParameterFromQuery(Name = "state")] public string? StateQuery { get; set; }

    [SupplyParameterFromQuery(Name = "sort")] public string? SortQuery { get; set; }

    [Inject] private Microsoft.Extensions.Options.IOptions<AlertLevels> ConfiguredLevels { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication).User;
        if ((await Authorization.AuthorizeAsync(user, Policies.ManageQueues)).Succeeded)
            _editQueues = EventCallback.Factory.Create<AgentSnapshot>(this, EditQueuesAsync);
        // A supervisor's floor opens on their team; "All teams" (or ?team=) shows the rest.
        if (TeamQuery is null && user.IsInRole(Roles.Supervisor) && user.FindFirst(DashboardClaims.Team)?.Value is { Length: > 0 } team)
        {
            _team = team;
            _defaultTeam = team;
            Refilter();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && _editQueues.HasDelegate)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>A manager's move: the dialog sets the agent's queues; the grid and the wall-board follow through the feed.</summary>
    private async Task EditQueuesAsync(AgentSnapshot agent)
    {
        var dialog = await Dialogs.ShowAsync<AgentQueuesDialog>(L["Queues.Title", agent.Name],
            new DialogParameters<AgentQueuesDialog> { { d => d.Agent, agent }, { d => d.Queues, _queueOptions } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false })
            Snackbar.Add(L["Queues.Changed", agent.Name], Severity.Success);
    }

    protected override void OnInitialized()
    {
        _queue = QueueQuery ?? All;
        _team = TeamQuery ?? All;
        _state = AgentStateStyle.Parse(StateQuery) is { } state ? AgentStateNames.WireName(state) : All;
        _reasonLabels = Directory.ReasonCodes.ToDictionary(r => r.Code, r => L.Reason(r.Code, r.Label), StringComparer.Ordinal);
        _attentionFirst = string.Equals(SortQuery, "attention", StringComparison.OrdinalIgnoreCase);
        _levels = ConfiguredLevels.Value;
        base.OnInitialized();
    }

    protected override void OnViewChanged(FloorView view, FloorDelta? delta)
    {
        // The levels the alert engine uses now (a manager's, live), as the rows judge them.
        _levels = view.Settings?.Alerts.Center ?? ConfiguredLevels.Value;
        if (delta is null || !delta.Queues.IsDefaultOrEmpty)
        {
            _queueNames = view.Queues.Values.ToDictionary(q => q.QueueId, q => q.Name, StringComparer.Ordinal);
            _queueOptions = [.. _queueNames.OrderBy(kv => kv.Value, StringComparer.OrdinalIgnoreCase).Select(kv => (kv.Key, kv.Value))];
        }
        if (delta is null || !delta.Agents.IsDefaultOrEmpty)
        {
            Refilter();
        }
        // Every change, heartbeats included (once a second), so the shift in force turns over on time.
        _staffing = StaffingNow.Compute(
            view.Settings?.Staffing ?? StaffingPlan.Empty, view.Agents.Values, TimeOnly.FromDateTime(Clock.ToLocal(Clock.Now).DateTime));
    }

    private void SetQueue(string value) { _queue = value ?? All; Refilter(); }

    private void SetTeam(string value) { _team = value ?? All; _defaultTeam = _defaultTeamMissing = null; Refilter(); }

    private void SetState(string value) { _state = value ?? All; Refilter(); }

    private void SetSearch(string value) { _search = value ?? ""; Refilter(); }

    private void ToggleOverOnly() => _overOnly = !_overOnly;

    private void ClearFilters()
    {
        _queue = _team = _state = All;
        _search = "";
        _overOnly = false;
        _defaultTeam = _defaultTeamMissing = null;
        Refilter();
    }

    private bool IsOver(AgentSnapshot agent) => KpiJudgement.SecondsOverLimit(agent, Now, _levels) is not null;

    /// <summary>The rows shown: those that pass the filters, only those past a level when asked. Counted at each
    /// render, since time alone carries an agent over a level.</summary>
    private List<AgentSnapshot> ShownRows()
    {
        var over = _rows.Where(IsOver).ToList();
        _overCount = over.Count;
        return _overOnly ? over : _rows;
    }

    private string RowClass(AgentSnapshot agent, int index) =>
        KpiJudgement.TimeInState(agent, Now, _levels) switch
        {
            KpiVerdict.Critical => "agent-row agent-row--critical",
            KpiVerdict.Warning => "agent-row agent-row--warning",
            _ => "agent-row",
        };

    /// <summary>One pass over the floor: the rows that pass the filters, and the teams to offer.</summary>
    private void Refilter()
    {
        var state = AgentStateStyle.Parse(_state);
        var teams = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<AgentSnapshot>();
        foreach (var agent in View.Agents.Values)
        {
            if (!string.IsNullOrEmpty(agent.Team))
            {
                teams.Add(agent.Team);
            }
            if (Matches(agent, _queue, _team, state, _search))
            {
                rows.Add(agent);
            }
        }
        if (_defaultTeam is { } own && _team == own && View.Agents.Count > 0 && !teams.Contains(own))
        {
            _defaultTeam = null;
            _defaultTeamMissing = own;
            _team = All;
            Refilter();
            return;
        }
        _rows = rows;
        if (teams.Count != _teamOptions.Count || !teams.SetEquals(_teamOptions))
        {
            _teamOptions = [.. teams.Order(StringComparer.OrdinalIgnoreCase)];
        }
    }

    public static bool Matches(AgentSnapshot agent, string queue, string team, AgentState? state, string search) =>
        (queue.Length == 0 || agent.Queues.Contains(queue))
        && (team.Length == 0 || agent.Team == team)
        && (state is null || agent.State == state)
        && (search.Length == 0 || agent.Name.Contains(search, StringComparison.OrdinalIgnoreCase));
}
