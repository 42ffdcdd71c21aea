using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Ingestion;

/// <summary>
/// How many agents and queues one source (an API key on one ingestion endpoint) may bring into being a minute
/// (<c>Ingestion:NewAgentsPerMinute</c>, <c>Ingestion:NewQueuesPerMinute</c>). Agents and queues are created on
/// first sight and live until a restart, so without a cap one request of made-up ids fills the live model and every
/// screen. Configured ones and those already seen cost nothing.
/// </summary>
/// <remarks>
/// What has been seen is known per host: taken from the floor at the first use, then added to as this host admits
/// events. In a cluster an id another host brought in first may cost this host one unit of allowance, once.
/// </remarks>
public sealed class NewSubjectBudget(CenterDirectory directory, IGrainFactory grains, IOptions<IngestionHttpOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, byte> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Allowance> _sources = new(StringComparer.Ordinal);
    private volatile bool _seeded;

    /// <summary>Learns the agents and queues the floor already has, once (until it answers).</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (_seeded)
            return;
        var floor = await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetStateAsync().WaitAsync(cancellationToken);
        foreach (var agent in floor.Agents)
            _agents.TryAdd(agent.AgentId, 0);
        foreach (var queue in floor.Queues)
            _queues.TryAdd(queue.QueueId, 0);
        _seeded = true;
    }

    /// <summary>
    /// Null when the events (one JSON event, or the events of one queue_log line: all or none) may go on — the new
    /// agents and queues they name are then counted and known — else "field: rule" for the first one over the cap.
    /// </summary>
    public string? Admit(string source, IReadOnlyList<CenterEvent> events)
    {
        // Nearly every event names only known agents and queues: nothing is allocated for those.
        List<(string Field, string Id)>? newAgents = null, newQueues = null;
        foreach (var e in events)
        {
            New(ref newAgents, "agentId", e.AgentId, _agents, directory.IsConfiguredAgent);
            New(ref newAgents, "toAgentId", e.ToAgentId, _agents, directory.IsConfiguredAgent);
            New(ref newQueues, "queueId", e.QueueId, _queues, directory.IsConfiguredQueue);
            New(ref newQueues, "toQueueId", e.ToQueueId, _queues, directory.IsConfiguredQueue);
            foreach (var queue in e.Queues ?? [])
                New(ref newQueues, "queues", queue, _queues, directory.IsConfiguredQueue);
        }
        if (newAgents is null && newQueues is null)
            return null;
        newAgents ??= [];
        newQueues ??= [];

        var limits = options.Value;
        var allowance = _sources.GetOrAdd(source, _ => new Allowance());
        lock (allowance)
        {
            var now = time.GetUtcNow();
            if (now - allowance.Since >= Window)
                (allowance.Since, allowance.Agents, allowance.Queues) = (now, 0, 0);
            if (allowance.Agents + newAgents.Count > limits.NewAgentsPerMinute)
                return $"{newAgents[0].Field}: names a new agent, and this source has brought in the {limits.NewAgentsPerMinute} "
                    + "new agents it may per minute (Ingestion:NewAgentsPerMinute); send it again in a minute";
            if (allowance.Queues + newQueues.Count > limits.NewQueuesPerMinute)
                return $"{newQueues[0].Field}: names a new queue, and this source has brought in the {limits.NewQueuesPerMinute} "
                    + "new queues it may per minute (Ingestion:NewQueuesPerMinute); send it again in a minute";
            allowance.Agents += newAgents.Count;
            allowance.Queues += newQueues.Count;
        }
        foreach (var (_, id) in newAgents)
            _agents.TryAdd(id, 0);
        foreach (var (_, id) in newQueues)
            _queues.TryAdd(id, 0);
        return null;
    }

    private static void New(
        ref List<(string Field, string Id)>? found, string field, string? id, ConcurrentDictionary<string, byte> known, Func<string, bool> configured)
    {
        if (id is not null && !known.ContainsKey(id) && !configured(id) && (found is null || !found.Exists(f => f.Id == id)))
            (found ??= []).Add((field, id));
    }

    private sealed class Allowance
    {
        public DateTimeOffset Since = DateTimeOffset.MinValue;
        public int Agents;
        public int Queues;
    }
}
