using Dashboard.Grains.Alerts;
using Dashboard.Grains.Queues;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Components.Shared;

public partial class QueueTile
{
    private KpiStatus? _status;

    /// <summary>The levels this tile is judged by.</summary>
    private AlertLevels Levels => _status?.Levels ?? Thresholds ?? ConfiguredLevels.Value;
    private QueueSnapshot? _renderedQueue;
    private long _renderedSecond = -1;
    private bool _changed = true;

    private double _longestWait;
    private KpiLevel _tileLevel, _waitingLevel, _longestWaitLevel, _serviceLevelLevel, _abandonLevel;
    // The contacts behind a service level shown but too few to judge; null when judged or when there is none.
    private int? _serviceLevelContacts;

    [Inject] private IOptions<AlertLevels> ConfiguredLevels { get; set; } = default!;

    [Parameter, EditorRequired] public QueueSnapshot Queue { get; set; } = default!;

    /// <summary>The levels that judge this queue (a manager's, live); the configured ones until the floor says.</summary>
    [Parameter] public AlertLevels? Thresholds { get; set; }

    /// <summary>Now, for the ticking longest wait.</summary>
    [Parameter, EditorRequired] public DateTimeOffset Now { get; set; }

    /// <summary>The queue's open complaints past a due time (the complaint desk's judgement).</summary>
    [Parameter] public int OverdueComplaints { get; set; }

    private int _renderedOverdue;

    protected override void OnParametersSet()
    {
        var thresholds = Thresholds ?? ConfiguredLevels.Value;
        var newLevels = false;
        if (_status is null || !ReferenceEquals(_status.Levels, thresholds))
        {
            _status = new KpiStatus(thresholds);
            newLevels = true;
        }
        _longestWait = Queue.LongestWaitAt(Now);
        var second = (long)_longestWait;
        // A wall-board re-renders up to 10 times a second: a tile renders again only when its queue, its clock, its levels
        // or its overdue complaints moved.
        _changed = newLevels || !ReferenceEquals(Queue, _renderedQueue) || second != _renderedSecond || OverdueComplaints != _renderedOverdue;
        if (!_changed)
        {
            return;
        }
        _renderedQueue = Queue;
        _renderedSecond = second;
        _renderedOverdue = OverdueComplaints;
        _waitingLevel = _status.Waiting(Queue.Waiting, Queue.Agents.Available);
        _longestWaitLevel = _status.LongestWait(_longestWait);
        _serviceLevelLevel = _status.ServiceLevel(Queue);
        _serviceLevelContacts = Queue.Last30m.ServiceLevel is not null
            && KpiJudgement.ServiceLevelContacts(Queue.Last30m, Queue.Settings) is var contacts && contacts < Levels.MinimumContactsForRates
            ? contacts : null;
        _abandonLevel = _status.AbandonRate(Queue);
        _tileLevel = KpiStatus.Worst(_waitingLevel, _longestWaitLevel, _serviceLevelLevel, _abandonLevel);
    }

    protected override bool ShouldRender() => _changed;

    /// <summary>Big numerals shrink when long (12:34, 1:02:03, 1234, 100%) so they never overflow their box;
    /// a per-cent sign is as wide as two digits.</summary>
    private static string LengthClass(string text) => (text.Length + text.Count(c => c == '%')) switch
    {
        <= 4 => "",
        <= 5 => "tile-kpi__value--long",
        _ => "tile-kpi__value--longer",
    };
}
