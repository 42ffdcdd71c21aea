using Dashboard.Grains.Abstractions;
using Dashboard.Grains.Agents;
using Dashboard.Grains.Calls;
using Dashboard.Grains.Center;
using Dashboard.Grains.Queues;
using Dashboard.Grains.Ingestion;

namespace Dashboard.Bench;

/// <summary>
/// The near-limit reference: the same KPI logic as the grains (CallLifecycle, AgentTimeline, QueueLedger),
/// driven single-threaded through plain dictionaries, with the same per-batch work — re-derive each touched
/// contact, report completed handling, compute each touched agent's and queue's figures — and no Orleans,
/// HTTP or JSON. It lets go of detail the way the grains do (docs/events.md §1.5: finished contacts and agent
/// detail a reorder window behind the latest event, queue detail two windows behind), so its cost per event
/// stays flat over a long run as theirs does.
/// </summary>
public sealed class PlainCenter(CenterClock clock)
{
    private readonly Dictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentRecord> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueueLedger> _queues = new(StringComparer.Ordinal);
    private static readonly TimeSpan ReorderWindow = new IngestionOptions().ReorderWindow;
    private long _version;
    private DateTimeOffset _latest = DateTimeOffset.MinValue;
    private DateTimeOffset _lastLetGo = DateTimeOffset.MinValue;

    public void Apply(CenterEvent[] batch)
    {
        var changedCalls = new HashSet<string>(StringComparer.Ordinal);
        var touchedAgents = new HashSet<string>(StringComparer.Ordinal);
        var touchedQueues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in batch)
        {
            _latest = e.At > _latest ? e.At : _latest;
            if (e.Type.IsCallEvent())
            {
                if (!_calls.TryGetValue(e.CallId!, out var call))
                {
                    _calls[e.CallId!] = call = new CallState();
                }
                if (call.Ids.Add(e.Id))
                {
                    call.Events.Add(e);
                    call.LastAt = e.At > call.LastAt ? e.At : call.LastAt;
                    changedCalls.Add(e.CallId!);
                }
            }
            else if (!e.Type.IsComplaintEvent())
            {
                var agent = Agent(e.AgentId!);
                if (agent.Ids.TryAdd(e.Id, e.At))
                {
                    agent.Timeline.Apply(e);
                    touchedAgents.Add(e.AgentId!);
                }
            }
        }

        foreach (var callId in changedCalls)
        {
            var call = _calls[callId];
            var before = call.Picture;
            call.Picture = CallLifecycle.Derive(callId, call.Events);
            var version = ++_version;
            foreach (var queueId in before.Visits.Select(v => v.QueueId).Union(call.Picture.Visits.Select(v => v.QueueId)))
            {
                Queue(queueId).Apply(new QueueVisitUpdate(
                    queueId, callId, version, [.. call.Picture.Visits.Where(v => v.QueueId == queueId)]));
                touchedQueues.Add(queueId);
            }
            foreach (var part in call.Picture.Agents)
            {
                Agent(part.AgentId).Timeline.Apply(part with { Version = version });
                touchedAgents.Add(part.AgentId);
            }
        }

        var now = clock.Now;
        var dayStart = clock.DayStart(now);
        foreach (var agentId in touchedAgents)
        {
            var agent = _agents[agentId];
            foreach (var handled in agent.Timeline.Handled())
            {
                if (!agent.Reported.TryGetValue(handled.CallId, out var reported) || reported != handled)
                {
                    agent.Reported[handled.CallId] = handled;
                    Queue(handled.QueueId).Apply(handled with { AgentId = agentId, Version = ++_version });
                    touchedQueues.Add(handled.QueueId);
                }
            }
            _ = agent.Timeline.Current;
            _ = agent.Timeline.Today(dayStart, now);
        }
        foreach (var queueId in touchedQueues)
        {
            var queue = _queues[queueId];
            _ = queue.Today(now);
            _ = queue.Last30Minutes(now);
        }
        LetGo(dayStart);
    }

    // Each time event time moves a quarter of the reorder window, as the grains do.
    private void LetGo(DateTimeOffset dayStart)
    {
        if (_latest - _lastLetGo < ReorderWindow / 4)
        {
            return;
        }
        _lastLetGo = _latest;
        var cut = _latest - ReorderWindow;
        foreach (var (callId, call) in _calls)
        {
            if (call.LastAt < cut && call.Picture.IsFinished)
            {
                _calls.Remove(callId);
            }
        }
        foreach (var agent in _agents.Values)
        {
            agent.Timeline.Forget(cut, dayStart);
            foreach (var (id, at) in agent.Ids)
            {
                if (at < cut)
                {
                    agent.Ids.Remove(id);
                }
            }
            foreach (var (callId, handled) in agent.Reported)
            {
                if (handled.CompletedAt < cut)
                {
                    agent.Reported.Remove(callId);
                }
            }
        }
        foreach (var queue in _queues.Values)
        {
            queue.Forget(_latest - 2 * ReorderWindow);
        }
    }

    private AgentRecord Agent(string agentId)
    {
        if (!_agents.TryGetValue(agentId, out var agent))
        {
            _agents[agentId] = agent = new AgentRecord();
        }
        return agent;
    }

    private QueueLedger Queue(string queueId)
    {
        if (!_queues.TryGetValue(queueId, out var queue))
        {
            _queues[queueId] = queue = new QueueLedger(QueueSettings.Default, clock);
        }
        return queue;
    }

    private sealed class CallState
    {
        public List<CenterEvent> Events { get; } = [];
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
        public CallPicture Picture { get; set; } = new([], []);
        public DateTimeOffset LastAt { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class AgentRecord
    {
        public AgentTimeline Timeline { get; } = new(_ => true);
        public Dictionary<string, DateTimeOffset> Ids { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, HandledContact> Reported { get; } = new(StringComparer.Ordinal);
    }
}
