using Dashboard.Grains.Alerts;
using Dashboard.Grains.Queues;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Shared;

public partial class AgentRow
{
    private KpiStatus? _status;
    private double? _timeInState;
    private KpiLevel _timeInStateLevel;
    private double? _overLimit;

    [Inject] private IOptions<AlertLevels> ConfiguredLevels { get; set; } = default!;

    [Parameter, EditorRequired] public AgentSnapshot Agent { get; set; } = default!;

    /// <summary>Now, for the ticking time in state and call duration.</summary>
    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }

    /// <summary>Queue id → display name; ids without a name are shown as they are.</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? QueueNames { get; set; }

    /// <summary>Reason code → label (CenterDirectory's reason codes); unknown codes are shown as they are.</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? ReasonLabels { get; set; }

    /// <summary>Given to managers once the page is interactive: the edit button beside the queues opens the move dialog.</summary>
    [Parameter] public EventCallback<AgentSnapshot> OnEditQueues { get; set; }

    /// <summary>The levels the alert engine uses now (a manager's, live); the configured ones until the floor says.</summary>
    [Parameter] public AlertLevels? Thresholds { get; set; }

    protected override void OnParametersSet()
    {
        var thresholds = Thresholds ?? ConfiguredLevels.Value;
        if (_status is null || !ReferenceEquals(_status.Levels, thresholds))
        {
            _status = new KpiStatus(thresholds);
        }
        // What the colour judges (a call from its start); none for an agent never seen (offline since ever).
        _timeInState = Agent.StateSince == DateTimeOffset.MinValue ? null : KpiJudgement.SecondsInState(Agent, Now);
        _timeInStateLevel = _status.TimeInState(Agent, Now);
        _overLimit = KpiJudgement.SecondsOverLimit(Agent, Now, thresholds);
    }

    private string ReasonLabel(string code) => ReasonLabels?.GetValueOrDefault(code) ?? code;

    private string QueueList()
    {
        if (Agent.Queues.IsDefaultOrEmpty)
        {
            return "";
        }
        return QueueNames is null
            ? string.Join(", ", Agent.Queues)
            : string.Join(", ", Agent.Queues.Select(q => QueueNames.GetValueOrDefault(q) ?? q));
    }
}
