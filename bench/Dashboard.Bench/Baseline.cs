using Dashboard.Grains.Abstractions;
using Dashboard.Grains.Agents;
using Dashboard.Grains.Calls;
using Dashboard.Grains.Center;
using Dashboard.Grains.Queues;

namespace Dashboard.Bench;

/// <summary>
/// The near-limit reference: the same KPI logic as the grains (CallLifecycle, AgentTimeline, QueueLedger),
/// driven single-threaded through plain dictionaries, with the same per-batch work — re-derive each touched
/// contact, report completed handling, compute each touched agent's and queue's figures — and no Orleans,
/// HTTP or JSON.
/// </summary>
public sealed class PlainCenter(CenterClock clock)
{
    private readonly Dictionary<string, CallState> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentRecord> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueueLedger> _queues = new(StringComparer.Ordinal);
    private long _version;

    public void Apply(CenterEvent[] batch)
    {
        var changedCalls = new HashSet<string>(StringComparer.Ordinal);
        var touchedAgents = new HashSet<string>(StringComparer.Ordinal);
        var touchedQueues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in batch)
        {
            if (e.Type.IsCallEvent())
            {
                if (!_calls.TryGetValue(e.CallId!, out var call))
                {
                    _calls[e.CallId!] = call = new CallState();
                }
                if (call.Ids.Add(e.Id))
                {
                    call.Events.Add(e);
                    changedCalls.Add(e.CallId!);
                }
            }
            else if (!e.Type.IsComplaintEvent())
            {
                var agent = Agent(e.AgentId!);
                if (agent.Ids.Add(e.Id))
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
    }

    private sealed class AgentRecord
    {
        public AgentTimeline Timeline { get; } = new(_ => true);
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, HandledContact> Reported { get; } = new(StringComparer.Ordinal);
    }
}
