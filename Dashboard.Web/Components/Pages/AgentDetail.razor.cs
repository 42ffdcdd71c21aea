using Dashboard.Web.Components.Shared;
using Dashboard.Web.Live;
using Dashboard.Web.Localization;
using Dashboard.Grains.Alerts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Pages;

/// <summary>One agent: live state and today's figures against the team average.</summary>
public partial class AgentDetail
{
    /// <summary>The team average walks the whole floor: at most this often.</summary>
    private static readonly TimeSpan TeamAverageEvery = TimeSpan.FromSeconds(1);

    private AgentSnapshot? _agent;
    private TeamAverage _team = TeamAverage.Of([], "");
    private DateTimeOffset _teamAt = DateTimeOffset.MinValue;
    private List<string> _reasons = [];
    private Dictionary<string, string> _reasonLabels = new(StringComparer.Ordinal);
    private KpiStatus? _status;
    private KpiLevel _timeInStateLevel;

    [Inject] private CenterDirectory Directory { get; set; } = default!;

    [Inject] private IOptions<AlertLevels> ConfiguredLevels { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";

    protected override void OnInitialized()
    {
        _reasonLabels = Directory.ReasonCodes.ToDictionary(r => r.Code, r => L.Reason(r.Code, r.Label), StringComparer.Ordinal);
        base.OnInitialized();
    }

    protected override void OnParametersSet()
    {
        // Navigating from one agent to another reuses the component with a new id.
        if (_agent is not null && _agent.AgentId != Id)
        {
            _teamAt = DateTimeOffset.MinValue;
            OnViewChanged(View, null);
        }
    }

    protected override void OnViewChanged(FloorView view, FloorDelta? delta)
    {
        _agent = view.Agents.GetValueOrDefault(Id);
        if (_agent is null)
        {
            return;
        }
        if (_team.Team != _agent.Team || Now - _teamAt >= TeamAverageEvery)
        {
            _team = TeamAverage.Of(view.Agents.Values, _agent.Team);
            _teamAt = Now;
        }
        _reasons = [.. _agent.Today.NotReadyByReason.Keys.Union(_team.NotReadyByReason.Keys).Order(StringComparer.Ordinal)];
        UpdateLevel();
    }

    protected override void OnTick() => UpdateLevel();

    private void UpdateLevel()
    {
        if (_agent is not null)
        {
            // The levels the alert engine uses now (a manager's, live); the configured ones until the floor says.
            var thresholds = View.Settings?.Alerts.Center ?? ConfiguredLevels.Value;
            if (_status is null || !ReferenceEquals(_status.Levels, thresholds))
            {
                _status = new KpiStatus(thresholds);
            }
            _timeInStateLevel = _status.TimeInState(_agent, Now);
        }
    }

    private string ReasonLabel(string code) => _reasonLabels.GetValueOrDefault(code) ?? L.Reason(code, null);

    private string QueueName(string queueId) => View.Queues.TryGetValue(queueId, out var queue) ? queue.Name : queueId;

    private string QueueList(AgentSnapshot agent) =>
        agent.Queues.IsDefaultOrEmpty
            ? L["Agent.NoQueues"]
            : string.Join(", ", agent.Queues.Select(q => View.Queues.GetValueOrDefault(q)?.Name ?? q));
}
