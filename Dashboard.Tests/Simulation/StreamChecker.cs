namespace Dashboard.Tests.Simulation;

/// <summary>
/// Replays a simulator's event stream against the ingestion contract's meaning and fails on the first
/// inconsistency: duplicate ids, time going backwards or ahead of the model, a call answered that was never
/// queued and offered to that agent, an offer to an agent who is not free or not assigned to the queue, an
/// unconfigured reason code, and so on. Feed it batch by batch, so the live assignment it checks against is the
/// one in force when the batch was produced.
/// </summary>
internal sealed class StreamChecker
{
    private readonly CenterOptions _center;
    private readonly Func<string, IReadOnlyDictionary<string, int>?> _liveSkills;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reasonCodes;
    private readonly Dictionary<string, AgentTrack> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallTrack> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComplaintStatus> _complaints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CenterEvent> _callbacks = new(StringComparer.Ordinal);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public StreamChecker(CenterOptions center, Func<string, IReadOnlyDictionary<string, int>?>? liveSkills = null)
    {
        _center = center;
        _liveSkills = liveSkills ?? Sim.Configured;
        _reasonCodes = center.ReasonCodes.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every offer: which call of which queue went to which agent, when.</summary>
    public List<(string CallId, string QueueId, string AgentId, DateTimeOffset At)> Offers { get; } = [];

    /// <summary>Offers that rang out (the agent did not answer).</summary>
    public int RingNoAnswers { get; private set; }

    /// <summary>Waits of abandoned contacts, in seconds.</summary>
    public List<double> AbandonWaits { get; } = [];

    public int Transfers { get; private set; }

    public void Check(IReadOnlyList<CenterEvent> batch, DateTimeOffset until)
    {
        foreach (var e in batch)
        {
            Expect(_ids.Add(e.Id), e, "duplicate id");
            Expect(e.At >= _last, e, $"time went backwards from {_last:O}");
            Expect(e.At <= until, e, $"time is after the model's clock {until:O}");
            _last = e.At;
            Apply(e);
        }
    }

    private void Apply(CenterEvent e)
    {
        switch (e.Type)
        {
            case EventType.AgentLogin:
                var definition = _center.Agents.SingleOrDefault(a => a.Id == e.AgentId);
                Expect(definition is not null, e, "login of an agent who is not configured");
                Expect(e.Name == definition!.Name && e.Team == definition.Team, e, "login without the configured name and team");
                Expect(e.Queues is { } q && q.SequenceEqual(definition.Queues), e, "login without the configured queues");
                _agents[e.AgentId!] = new AgentTrack();
                break;

            case EventType.AgentState:
                ApplyAgentState(e);
                break;

            case EventType.CallQueued:
                Expect(!_calls.ContainsKey(e.CallId!), e, "call queued twice");
                Expect(IsQueue(e.QueueId), e, "queued to an unknown queue");
                _calls[e.CallId!] = new CallTrack { QueueId = e.QueueId!, EnqueuedAt = e.At };
                break;

            case EventType.CallOffered:
            {
                var call = Call(e);
                var agent = Agent(e, e.AgentId);
                Expect(call.Status == CallStatus.Waiting, e, $"offered while {call.Status}");
                Expect(agent.State == AgentState.Available, e, $"offered to agent {e.AgentId} who is {agent.State} (call {agent.CallId})");
                var queues = _liveSkills(e.AgentId!)?.Keys ?? _center.Agents.Single(a => a.Id == e.AgentId).Queues;
                Expect(queues.Contains(call.QueueId), e, $"offered to agent {e.AgentId} who does not serve {call.QueueId}");
                call.Status = CallStatus.Offered;
                call.AgentId = e.AgentId;
                agent.State = AgentState.Ringing;
                agent.CallId = e.CallId;
                Offers.Add((e.CallId!, call.QueueId, e.AgentId!, e.At));
                break;
            }

            case EventType.CallAnswered:
            {
                var call = Call(e);
                var agent = Agent(e, e.AgentId);
                Expect(call.Status == CallStatus.Offered && call.AgentId == e.AgentId, e, "answered without being offered to this agent");
                Expect(agent.State == AgentState.Ringing && agent.CallId == e.CallId, e, "answered by an agent not ringing with it");
                Expect(e.QueueId == call.QueueId, e, "answered with another queue than it waited in");
                call.Status = CallStatus.Connected;
                agent.State = AgentState.OnCall;
                break;
            }

            case EventType.CallHeld:
            case EventType.CallResumed:
                Expect(Call(e).Status == CallStatus.Connected, e, "hold or resume of a call not connected");
                break;

            case EventType.CallEnded:
            {
                var call = Call(e);
                Expect(call.Status == CallStatus.Connected, e, $"ended while {call.Status}");
                call.Status = CallStatus.Done;
                var agent = Agent(e, call.AgentId);
                agent.State = WrapUp(call.QueueId) ? AgentState.WrapUp : AgentState.Available;
                agent.CallId = null;
                break;
            }

            case EventType.CallAbandoned:
            {
                var call = Call(e);
                Expect(call.Status == CallStatus.Waiting, e, $"abandoned while {call.Status}");
                call.Status = CallStatus.Done;
                AbandonWaits.Add((e.At - call.EnqueuedAt).TotalSeconds);
                break;
            }

            case EventType.CallTransferred:
            {
                var call = Call(e);
                Expect(call.Status == CallStatus.Connected, e, $"transferred while {call.Status}");
                Expect(IsQueue(e.ToQueueId) && e.ToQueueId != call.QueueId, e, "transferred to an unknown or the same queue");
                var agent = Agent(e, call.AgentId);
                agent.State = AgentState.WrapUp; // the agent's part ended; an agent.state follows
                agent.CallId = null;
                call.QueueId = e.ToQueueId!;
                call.EnqueuedAt = e.At;
                call.Status = CallStatus.Waiting;
                call.AgentId = null;
                Transfers++;
                break;
            }

            case EventType.ComplaintOpened:
            {
                Expect(_complaints.TryAdd(e.ComplaintId!, ComplaintStatus.Open), e, "complaint opened twice");
                var call = Call(e);
                Expect(call.Status == CallStatus.Done && e.AgentId == call.AgentId && e.QueueId == call.QueueId, e,
                    "complaint not on a finished call of this agent and queue");
                Expect(e.Severity is not null, e, "complaint without severity");
                break;
            }

            case EventType.ComplaintAssigned:
                Expect(e.AgentId is not null, e, "complaint assigned to nobody");
                Progress(e, ComplaintStatus.Assigned);
                break;
            case EventType.ComplaintNoted:
                Expect(_complaints.TryGetValue(e.ComplaintId!, out var noted) && noted != ComplaintStatus.Closed, e, "note on an unknown or closed complaint");
                Expect(!string.IsNullOrWhiteSpace(e.Note), e, "empty note");
                break;
            case EventType.ComplaintReturnCall:
                Expect(_complaints.GetValueOrDefault(e.ComplaintId!) == ComplaintStatus.Resolved, e, "return call before the resolution");
                _complaints[e.ComplaintId!] = e.ReturnCallOutcome == ReturnCallOutcome.Satisfied ? ComplaintStatus.ReturnCallMade : ComplaintStatus.InProgress;
                break;
            case EventType.ComplaintEscalated:
                Progress(e, ComplaintStatus.Escalated);
                break;
            case EventType.ComplaintResolved:
                Progress(e, ComplaintStatus.Resolved);
                break;
            case EventType.ComplaintClosed:
                Progress(e, ComplaintStatus.Closed);
                break;

            case EventType.SurveyCompleted:
                Expect(e.Score is >= 1 and <= 5, e, "survey score outside 1–5");
                Expect(_agents.ContainsKey(e.AgentId!) && _calls.ContainsKey(e.CallId!), e, "survey for an unknown agent or call");
                break;

            case EventType.CallbackScheduled:
                Expect(_agents.ContainsKey(e.AgentId!) && _calls.ContainsKey(e.CallId!), e, "callback for an unknown agent or call");
                Expect(e.DueAt > e.At, e, "callback due before it was promised");
                Expect(_callbacks.TryAdd(e.CallbackId!, e), e, "callback scheduled twice");
                break;

            case EventType.CallbackCompleted:
                Expect(_callbacks.Remove(e.CallbackId!, out var promised) && promised.AgentId == e.AgentId && e.At >= promised.DueAt,
                    e, "callback completed that was not owed by this agent, or before it was due");
                break;

            default:
                Expect(false, e, "unexpected event type");
                break;
        }
    }

    private void ApplyAgentState(CenterEvent e)
    {
        var agent = Agent(e, e.AgentId);
        switch (e.State)
        {
            case AgentState.Available:
                Expect(agent.State != AgentState.OnCall, e, "available while on a call");
                if (agent.State == AgentState.Ringing)
                {
                    StopRinging(agent); // ring-no-answer
                }
                agent.State = AgentState.Available;
                agent.CallId = null;
                break;
            case AgentState.NotReady:
                Expect(e.Reason is not null && _reasonCodes.Contains(e.Reason), e, $"reason '{e.Reason}' is not configured");
                Expect(agent.State != AgentState.OnCall, e, "not ready during a call");
                if (agent.State == AgentState.Ringing)
                {
                    // Ring-no-answer by an agent with a break pending: not ready at once (as Asterisk pauses a
                    // member who lets a call ring out), and the contact goes back to waiting.
                    StopRinging(agent);
                }
                agent.State = AgentState.NotReady;
                agent.CallId = null;
                break;
            case AgentState.WrapUp:
                Expect(agent.State is not (AgentState.OnCall or AgentState.Ringing), e, "wrap-up during a call");
                agent.State = AgentState.WrapUp;
                break;
            default:
                Expect(false, e, "agent.state other than available, not_ready or wrap_up");
                break;
        }
    }

    /// <summary>Ring-no-answer: the contact goes back to waiting.</summary>
    private void StopRinging(AgentTrack agent)
    {
        var call = _calls[agent.CallId!];
        call.Status = CallStatus.Waiting;
        call.AgentId = null;
        RingNoAnswers++;
    }

    private void Progress(CenterEvent e, ComplaintStatus next)
    {
        Expect(_complaints.TryGetValue(e.ComplaintId!, out var status), e, "unknown complaint");
        Expect(Rank(next) > Rank(status), e, $"complaint went from {status} to {next}");
        _complaints[e.ComplaintId!] = next;
    }

    /// <summary>The lifecycle's order (docs/complaints.md); the enum's numbers are not, as statuses were appended.</summary>
    private static int Rank(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Open => 0,
        ComplaintStatus.Assigned => 1,
        ComplaintStatus.InProgress => 2,
        ComplaintStatus.Escalated => 3,
        ComplaintStatus.Resolved => 4,
        ComplaintStatus.ReturnCallMade => 5,
        _ => 6,
    };

    private bool IsQueue(string? queueId) => _center.Queues.Any(q => q.Id == queueId);

    private bool WrapUp(string queueId) => _center.Queues.Single(q => q.Id == queueId).WrapUp;

    private CallTrack Call(CenterEvent e)
    {
        Expect(e.CallId is not null && _calls.ContainsKey(e.CallId), e, "unknown call (never queued)");
        return _calls[e.CallId!];
    }

    private AgentTrack Agent(CenterEvent e, string? agentId)
    {
        Expect(agentId is not null && _agents.ContainsKey(agentId), e, $"agent '{agentId}' never logged in");
        return _agents[agentId!];
    }

    private static void Expect(bool condition, CenterEvent e, string problem)
    {
        if (!condition)
        {
            Assert.Fail($"{e.Type.Name()} {e.Id} at {e.At:O} (call {e.CallId}, agent {e.AgentId}): {problem}");
        }
    }

    private sealed class AgentTrack
    {
        public AgentState State { get; set; } = AgentState.Offline;
        public string? CallId { get; set; }
    }

    private enum CallStatus { Waiting, Offered, Connected, Done }

    private sealed class CallTrack
    {
        public required string QueueId { get; set; }
        public DateTimeOffset EnqueuedAt { get; set; }
        public CallStatus Status { get; set; }
        public string? AgentId { get; set; }
    }
}
