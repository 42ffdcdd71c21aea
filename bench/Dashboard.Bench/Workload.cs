using System.Buffers;
using System.Text.Json;
using Dashboard.Grains.Abstractions;

namespace Dashboard.Bench;

/// <summary>
/// A center of N agents and M queues, as a stream of contract events in the simulator's proportions: per agent,
/// back-to-back contact cycles (queued, offered, answered, held/resumed for 20 %, ended, wrap-up then available,
/// a survey for 25 %), with 5 % abandons, 5 % transfers and 5 % breaks. Event times advance per agent and stay in
/// the past, so every agent's and contact's events are in order, as a real ACD sends them.
/// <para>
/// Event time runs faster than wall time, like a fast replay: realistic ~150 s contact cycles give about one
/// event per agent every <see cref="EventTimePerAgentEvent"/>, so 10,000 agents make ~300 events per second of
/// event time, and 50,000 events/s advance it ~170× faster than the clock. That compression is the honest
/// consequence of such rates from a center of this size; <see cref="StartFor"/> starts far enough back.
/// </para>
/// </summary>
public sealed class Workload
{
    private readonly int _agents;
    private readonly int _queues;
    private readonly long[] _cursor;
    private readonly Random _random = new(20261126);
    private readonly Queue<CenterEvent> _pending = new();
    // The agent whose next cycle starts earliest goes next, so the stream stays in event-time order up to one
    // cycle's length (≤ 310 s), as a real feed is. Round-robin let cycles of different lengths drift agents
    // apart without bound, and after a few minutes of a run the laggards' events came in far behind the others.
    private readonly PriorityQueue<int, long> _byCursor = new();
    private long _nextEvent;
    private long _nextCall;
    private bool _loggedIn;

    public Workload(int agents, int queues, DateTimeOffset start)
    {
        _agents = agents;
        _queues = queues;
        _cursor = new long[agents];
        for (var a = 0; a < agents; a++)
        {
            // Spread the agents over the first cycle so the center does not move in lock-step.
            _cursor[a] = start.AddSeconds(a % 150).UtcTicks;
            _byCursor.Enqueue(a, _cursor[a]);
        }
        Start = start;
    }

    public DateTimeOffset Start { get; }

    private long _latestTicks;

    /// <summary>The latest event time handed out so far: where the stream's event-time clock stands. Events of
    /// other origin mixed into the stream (the hub probes) take this time, not the wall clock's, or they would
    /// push the server's watermark ahead and turn the workload's own events into stragglers.</summary>
    public DateTimeOffset Latest => new(Interlocked.Read(ref _latestTicks), TimeSpan.Zero);

    /// <summary>Event time per event of one agent, rounded up from the ~34 s measured (3 M events, 10,000 agents).</summary>
    public static readonly TimeSpan EventTimePerAgentEvent = TimeSpan.FromSeconds(40);

    /// <summary>
    /// A start far enough back that a run of <paramref name="run"/> at up to <paramref name="maxEventsPerSecond"/>
    /// never emits an event later than now. Why not clamp times to the clock instead: once caught up, every
    /// contact would be squeezed into the same instant (zero talk and wait times), changing the work measured;
    /// starting earlier keeps every contact's shape, at the price of long fast runs replaying several days.
    /// </summary>
    public static DateTimeOffset StartFor(int agents, TimeSpan run, double maxEventsPerSecond) =>
        DateTimeOffset.UtcNow - run * (maxEventsPerSecond * EventTimePerAgentEvent.TotalSeconds / agents)
        - TimeSpan.FromMinutes(10);

    public static string Agent(int a) => "a" + a;

    public static string Queue(int q) => "q" + q;

    public CenterEvent[] NextBatch(int size)
    {
        var batch = new CenterEvent[size];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < size; i++)
        {
            while (_pending.Count == 0)
            {
                Refill();
            }
            batch[i] = _pending.Dequeue();
            if (batch[i].At.UtcTicks > Interlocked.Read(ref _latestTicks))
            {
                Interlocked.Exchange(ref _latestTicks, batch[i].At.UtcTicks);
            }
            // Loud rather than silently wrong: the server rejects future events, and "today" would mean nothing.
            if (batch[i].At > now)
            {
                throw new InvalidOperationException(
                    $"The workload reached the present ({Start:u} start): pass a higher rate to {nameof(StartFor)}.");
            }
        }
        return batch;
    }

    private void Refill()
    {
        if (!_loggedIn)
        {
            for (var a = 0; a < _agents; a++)
            {
                Add(EventType.AgentLogin, At(a, 0), agent: a, queues: [Queue(a % _queues)]);
            }
            _loggedIn = true;
            return;
        }
        var agent = _byCursor.Peek();
        var queue = agent % _queues;
        var roll = _random.NextDouble();
        if (roll < 0.05)
        {
            Add(EventType.AgentState, At(agent, 1), agent: agent, state: AgentState.NotReady, reason: "break");
            Add(EventType.AgentState, At(agent, 300), agent: agent, state: AgentState.Available);
            Advance(agent, TimeSpan.FromSeconds(310));
            return;
        }
        var call = "c" + _nextCall++;
        Add(EventType.CallQueued, At(agent, 0), call: call, queue: queue);
        if (roll < 0.10)
        {
            Add(EventType.CallAbandoned, At(agent, 30), call: call);
            Advance(agent, TimeSpan.FromSeconds(31));
            return;
        }
        Add(EventType.CallOffered, At(agent, 2), call: call, agent: agent);
        Add(EventType.CallAnswered, At(agent, 4), call: call, agent: agent);
        if (_random.NextDouble() < 0.2)
        {
            Add(EventType.CallHeld, At(agent, 20), call: call);
            Add(EventType.CallResumed, At(agent, 35), call: call);
        }
        if (roll < 0.15)
        {
            Add(EventType.CallTransferred, At(agent, 100), call: call, toQueue: (queue + 1) % _queues);
            Add(EventType.CallAbandoned, At(agent, 110), call: call);
            Add(EventType.AgentState, At(agent, 115), agent: agent, state: AgentState.Available);
        }
        else
        {
            Add(EventType.CallEnded, At(agent, 120), call: call);
            Add(EventType.AgentState, At(agent, 135), agent: agent, state: AgentState.Available);
            if (_random.NextDouble() < 0.25)
            {
                Add(EventType.SurveyCompleted, At(agent, 140), agent: agent, score: 1 + _random.Next(5));
            }
        }
        Advance(agent, TimeSpan.FromSeconds(150));
    }

    private void Advance(int agent, TimeSpan cycle)
    {
        _cursor[agent] += cycle.Ticks;
        _byCursor.DequeueEnqueue(agent, _cursor[agent]);
    }

    private DateTimeOffset At(int agent, int seconds) => new(_cursor[agent] + TimeSpan.FromSeconds(seconds).Ticks, TimeSpan.Zero);

    private void Add(
        EventType type, DateTimeOffset at, int agent = -1, string? call = null, int queue = -1, AgentState? state = null,
        string? reason = null, int toQueue = -1, int? score = null, ImmutableArray<string>? queues = null)
    {
        _pending.Enqueue(new CenterEvent
        {
            Id = "e" + _nextEvent++,
            Type = type,
            At = at,
            AgentId = agent >= 0 ? Agent(agent) : null,
            CallId = call,
            QueueId = queue >= 0 ? Queue(queue) : null,
            State = state,
            Reason = reason,
            ToQueueId = toQueue >= 0 ? Queue(toQueue) : null,
            Score = score,
            Queues = queues,
        });
    }

    /// <summary>The batch as the ingestion contract's JSON (docs/events.md).</summary>
    public static byte[] ToJson(CenterEvent[] batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Length * 140);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var e in batch)
            {
                json.WriteStartObject();
                json.WriteString("id", e.Id);
                json.WriteString("type", e.Type.Name());
                json.WriteString("at", e.At.UtcDateTime);
                WriteIfSet(json, "agentId", e.AgentId);
                WriteIfSet(json, "callId", e.CallId);
                WriteIfSet(json, "queueId", e.QueueId);
                WriteIfSet(json, "toQueueId", e.ToQueueId);
                WriteIfSet(json, "reason", e.Reason);
                if (e.State is { } state)
                {
                    json.WriteString("state", state == AgentState.NotReady ? "not_ready" : "available");
                }
                if (e.Score is { } score)
                {
                    json.WriteNumber("score", score);
                }
                if (e.Queues is { } queues)
                {
                    json.WriteStartArray("queues");
                    foreach (var q in queues)
                    {
                        json.WriteStringValue(q);
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
