using Dashboard.Web.Components.Shared;
using Dashboard.Web.Live;
using Dashboard.Web.Management;
using Dashboard.Web.Security.Displays;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages;

/// <summary>The wall-board: one tile per queue, the floor in one line, and alerts nobody can miss.
/// Query: <c>?sound=on</c> beeps on each new critical alert; <c>?queues=a,b</c> shows those queues in that order.</summary>
public partial class Wallboard
{
    /// <summary>The last update is stale (shown red) when older than this.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    private List<QueueSnapshot> _queues = [];
    private TileGrid _grid = TileGrid.For(0);
    private int _totalWaiting;
    private (int Offered, int Answered, int Abandoned) _today;
    private DateTime _local;
    private static readonly AgentState[] BoardStates = [AgentState.Available, AgentState.OnCall, AgentState.WrapUp, AgentState.NotReady];
    private readonly int[] _agentsByState = new int[Enum.GetValues<AgentState>().Length];
    private HashSet<string> _critical = new(StringComparer.Ordinal);
    private ImmutableArray<Alert> _alertsSeen;
    private bool _sound;
    private StaffingNow _staffing = new(null, []);
    private FloorSettings? _settingsSeen;
    private Dictionary<string, Dashboard.Grains.Alerts.AlertLevels> _thresholds = new(StringComparer.Ordinal);
    private bool _beepPending;
    // Supervisors and managers acknowledge alerts from the banner, once the page is interactive.
    private EventCallback<Alert> _acknowledge;
    private bool _interactive;
    private System.Security.Claims.ClaimsPrincipal? _user;

    [Inject] private IAlertAcknowledgements Acknowledgements { get; set; } = default!;

    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    [Inject] private CenterClock Clock { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private Dashboard.Web.Complaints.IComplaintDesk ComplaintDesk { get; set; } = default!;

    private ImmutableDictionary<string, int> _overdueComplaints = ImmutableDictionary<string, int>.Empty;
    private DateTimeOffset _overdueReadAt = DateTimeOffset.MinValue;
    private bool _readingOverdue;

    [SupplyParameterFromQuery(Name = "sound")] public string? Sound { get; set; }

    [SupplyParameterFromQuery(Name = "queues")] public string? QueueFilter { get; set; }

    private bool IsStale => Now - View.LastUpdate > StaleAfter;

    /// <summary>Watched through a display link (a TV, no account), whichever queues the link shows.</summary>
    private bool IsDisplay => _user?.IsInRole(Security.Roles.Display) == true;

    /// <summary>Who watches: a display link's queues replace the query's (a TV shows what its link was made for).</summary>
    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    protected override void OnInitialized()
    {
        _sound = string.Equals(Sound, "on", StringComparison.OrdinalIgnoreCase);
        base.OnInitialized();
    }

    protected override async Task OnInitializedAsync()
    {
        await ReadOverdueAsync();
        if (Authentication is null)
        {
            return;
        }
        _user = (await Authentication).User;
        if (_user.FindFirst(DisplayLinks.QueuesClaim)?.Value is { } linkQueues)
        {
            QueueFilter = linkQueues;
            OnViewChanged(View, null);
        }
        if ((await Authorization.AuthorizeAsync(_user, Security.Policies.AcknowledgeAlerts)).Succeeded)
        {
            _acknowledge = EventCallback.Factory.Create<Alert>(this, alert => Acknowledgements.AcknowledgeAsync(alert.Id, _user));
        }
    }

    protected override void OnViewChanged(FloorView view, FloorDelta? delta)
    {
        if (delta is null || !delta.Queues.IsDefaultOrEmpty)
        {
            _queues = SelectQueues(view.Queues, QueueFilter);
            _grid = TileGrid.For(_queues.Count);
            _totalWaiting = _queues.Sum(q => q.Waiting);
            _today = (_queues.Sum(q => q.Today.Offered), _queues.Sum(q => q.Today.Answered), _queues.Sum(q => q.Today.Abandoned));
        }
        if (delta is null || !delta.Agents.IsDefaultOrEmpty)
        {
            CountAgents(view.Agents);
        }
        if (!ReferenceEquals(view.Settings, _settingsSeen))
        {
            // One levels object per queue per settings change, so a tile sees the same reference until the next change.
            _settingsSeen = view.Settings;
            _thresholds = view.Settings is { } settings
                ? view.Queues.Keys.ToDictionary(id => id, settings.Alerts.For, StringComparer.Ordinal)
                : new(StringComparer.Ordinal);
        }
        _local = Clock.ToLocal(Now).DateTime;
        _staffing = StaffingNow.Compute(
            view.Settings?.Staffing ?? StaffingPlan.Empty, view.Agents.Values, TimeOnly.FromDateTime(Clock.ToLocal(Clock.Now).DateTime));
        if (_alertsSeen != view.Alerts)
        {
            _alertsSeen = view.Alerts;
            NoteCriticalAlerts(view.Alerts, firstLook: delta is null);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (firstRender && _acknowledge.HasDelegate)
        {
            _interactive = true; // after-render runs only in a circuit: no dead buttons while prerendered
            StateHasChanged();
        }
        if (_beepPending)
        {
            _beepPending = false;
            await JS.InvokeVoidAsync("dashboard.beep");
        }
    }

    // Ringing is counted with on call, as on the tiles.
    private int AgentsIn(AgentState state) =>
        _agentsByState[(int)state] + (state == AgentState.OnCall ? _agentsByState[(int)AgentState.Ringing] : 0);

    protected override void OnTick()
    {
        _local = Clock.ToLocal(Now).DateTime;
        if (!_readingOverdue && Now - _overdueReadAt >= Dashboard.Web.Complaints.ComplaintDesk.OverdueReuse)
            _ = RefreshOverdueAsync();
    }

    /// <summary>Overdue complaints per queue: judged by the desk's due times (not part of the live feed), read every few seconds.</summary>
    private async Task ReadOverdueAsync()
    {
        _readingOverdue = true;
        try
        {
            _overdueComplaints = (await ComplaintDesk.OverdueAsync()).ByQueue;
        }
        finally
        {
            _overdueReadAt = Time.GetUtcNow();
            _readingOverdue = false;
        }
    }

    private async Task RefreshOverdueAsync()
    {
        try
        {
            var before = _overdueComplaints;
            await ReadOverdueAsync();
            if (!ReferenceEquals(before, _overdueComplaints))
                await InvokeAsync(StateHasChanged);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OrleansException or TimeoutException)
        {
            // The circuit went away, or the silo is busy: the next tick tries again.
        }
    }

    private Dashboard.Grains.Alerts.AlertLevels? ThresholdsFor(string queueId) =>
        _thresholds.GetValueOrDefault(queueId) ?? _settingsSeen?.Alerts.Center;

    private void ToggleSound()
    {
        _sound = !_sound;
        // The click is the user gesture browsers want before they play sound: confirm with one beep.
        _beepPending = _sound;
    }

    private void NoteCriticalAlerts(ImmutableArray<Alert> alerts, bool firstLook)
    {
        var critical = new HashSet<string>(StringComparer.Ordinal);
        var anyNew = false;
        foreach (var alert in alerts)
        {
            if (alert.Severity == AlertSeverity.Critical && alert.ClearedAt is null && critical.Add(alert.Id))
            {
                anyNew |= !_critical.Contains(alert.Id);
            }
        }
        _critical = critical;
        if (anyNew && !firstLook && _sound)
        {
            _beepPending = true;
        }
    }

    private void CountAgents(ImmutableDictionary<string, AgentSnapshot> agents)
    {
        Array.Clear(_agentsByState);
        foreach (var agent in agents.Values)
        {
            _agentsByState[(int)agent.State]++;
        }
    }

    /// <summary>The queues to show: those named in the filter in its order, or all of them by name.</summary>
    public static List<QueueSnapshot> SelectQueues(ImmutableDictionary<string, QueueSnapshot> queues, string? filter)
    {
        if (!string.IsNullOrWhiteSpace(filter))
        {
            return [.. filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => queues.GetValueOrDefault(id))
                .OfType<QueueSnapshot>()];
        }
        var all = queues.Values.ToList();
        all.Sort(static (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name));
        return all;
    }
}

/// <summary>How many columns and rows of tiles fill a 16:9 screen without scrolling.</summary>
public readonly record struct TileGrid(int Columns, int Rows)
{
    public static TileGrid For(int tiles)
    {
        var columns = tiles switch
        {
            <= 3 => Math.Max(1, tiles),
            4 => 2,
            <= 6 => 3,
            <= 8 => 4,
            9 => 3,
            <= 12 => 4,
            _ => (int)Math.Ceiling(Math.Sqrt(tiles * 16.0 / 9.0 / 1.4)),
        };
        return new TileGrid(columns, Math.Max(1, (tiles + columns - 1) / columns));
    }
}
