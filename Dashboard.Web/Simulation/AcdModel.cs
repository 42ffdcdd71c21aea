using Dashboard.Web.Management;
namespace Dashboard.Web.Simulation;

/// <summary>
/// A deterministic discrete-event model of an ACD: Poisson arrivals per queue following the center's daily
/// profile, routing to the longest-idle available agent who (by the live assignment) serves the queue,
/// ring-no-answer, log-normal talk times, holds, transfers, wrap-up, caller patience, breaks and lunch,
/// complaints and surveys. No hosting and no grains: given a seeded <see cref="Random"/> it produces the same
/// events every time. Not thread-safe; one caller drives it.
/// </summary>
public sealed class AcdModel
{
    /// <summary>Reason code used for lunch.</summary>
    public const string LunchReason = "lunch";

    private static readonly string[] ComplaintCategories =
        ["billing", "delivery", "product-quality", "service-attitude", "refund", "wait-time"];

    private static readonly (int Score, double Weight)[] SurveyScores =
        [(1, 0.04), (2, 0.06), (3, 0.15), (4, 0.35), (5, 0.40)];

    private readonly SimulatorOptions _options;
    private readonly CenterClock _clock;
    private readonly Func<string, IReadOnlyDictionary<string, int>?> _liveSkills;
    private readonly Random _random;
    private readonly string _runId;
    private readonly double _speed;
    private readonly ImmutableArray<double> _profile;
    private readonly List<SimQueue> _queues = [];
    private readonly Dictionary<string, SimQueue> _queuesById = new(StringComparer.Ordinal);
    private readonly List<SimAgent> _agents = [];
    private readonly (string Code, double Weight)[] _breakReasons;
    private readonly bool _lunch;
    private readonly PriorityQueue<Action<DateTimeOffset>, (DateTimeOffset At, long Seq)> _agenda = new();
    private readonly List<Contact> _waiting = [];
    private List<CenterEvent> _output = [];
    private long _eventSeq;
    private long _agendaSeq;
    private long _callSeq;
    private long _complaintSeq;
    private readonly DateTimeOffset _dayStart;

    /// <param name="options">Rates, durations and probabilities (speed factor applied here).</param>
    /// <param name="center">The queues, agents and reason codes to simulate.</param>
    /// <param name="clock">The center's clock: the daily profile follows its local time.</param>
    /// <param name="liveSkills">Each agent's live queue assignment (queue → skill level), or null when not known
    /// yet (then the configured queues apply, at the default level). Asked at every routing decision, so a change
    /// takes effect at once.</param>
    /// <param name="random">The only source of randomness.</param>
    /// <param name="start">The model's start; every configured agent logs in and becomes available then.</param>
    /// <param name="runId">Makes event, call and complaint ids unique to this run.</param>
    public AcdModel(
        SimulatorOptions options,
        CenterOptions center,
        CenterClock clock,
        Func<string, IReadOnlyDictionary<string, int>?> liveSkills,
        Random random,
        DateTimeOffset start,
        string runId)
    {
        _options = options;
        _clock = clock;
        _liveSkills = liveSkills;
        _random = random;
        _runId = runId;
        _speed = options.SpeedFactor > 0 ? options.SpeedFactor : 1;
        _profile = [.. options.EffectiveDailyProfile.Select(v => Math.Max(0, v))];
        Now = start;
        _dayStart = start;

        var codes = center.ReasonCodes.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        _breakReasons = [.. options.EffectiveBreakReasons
            .Where(kv => codes.Contains(kv.Key) && kv.Value > 0)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, kv.Value))];
        _lunch = codes.Contains(LunchReason) && options.LunchIntervalHours > 0;

        var maxLoad = Math.Max(_profile.DefaultIfEmpty(1).Max(), options.MinimumLoad);
        foreach (var definition in center.Queues)
        {
            var perHour = options.ArrivalsPerHour.TryGetValue(definition.Id, out var rate) ? rate : options.DefaultArrivalsPerHour;
            var queue = new SimQueue(
                definition.Id,
                definition.Channel,
                definition.WrapUp,
                PeakPerSecond: Math.Max(0, perHour) / 3600, // simulated time; Seconds() applies the speed factor
                MaxLoad: maxLoad,
                ComplaintProbability: options.ComplaintProbabilityByQueue.TryGetValue(definition.Id, out var p)
                    ? p
                    : options.ComplaintProbability);
            _queues.Add(queue);
            _queuesById[queue.Id] = queue;
        }

        foreach (var definition in center.Agents)
        {
            var agent = new SimAgent(definition.Id, [.. definition.Queues]) { IdleSince = start };
            _agents.Add(agent);
            Add(Event(EventType.AgentLogin, start) with
            {
                AgentId = agent.Id, Name = definition.Name, Team = definition.Team, Queues = agent.ConfiguredQueues,
            });
            Add(Event(EventType.AgentState, start) with { AgentId = agent.Id, State = AgentState.Available });
            ScheduleNextBreak(agent, start);
            if (_lunch)
            {
                Schedule(start + Seconds(_random.Uniform(0, 1) * options.LunchIntervalHours * 3600), t => Lunch(agent, t));
            }
        }

        foreach (var queue in _queues)
        {
            ScheduleNextArrival(queue, start);
        }
    }

    /// <summary>The simulated instant the model has reached.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>Contacts waiting in queues now.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>The contacts not finished yet: waiting or ringing (not connected), or with an agent (connected).</summary>
    public IEnumerable<SimulatorCall> InFlight() =>
        _waiting.Select(c => new SimulatorCall(c.CallId, Connected: false))
            .Concat(_agents.Where(a => a.Contact is { Status: ContactStatus.Offered or ContactStatus.Connected })
                .Select(a => new SimulatorCall(a.Contact!.CallId, a.Contact.Status == ContactStatus.Connected)))
            .DistinctBy(c => c.CallId);

    /// <summary>
    /// Runs the model up to <paramref name="until"/> and returns the events that happened since the last call,
    /// in order, each stamped with its simulated instant (never after <paramref name="until"/>). The first call
    /// also returns the agents' logins.
    /// </summary>
    public IReadOnlyList<CenterEvent> AdvanceTo(DateTimeOffset until)
    {
        while (_agenda.TryPeek(out _, out var key) && key.At <= until)
        {
            var action = _agenda.Dequeue();
            if (key.At > Now)
            {
                Now = key.At;
            }
            action(Now);
            Dispatch(Now);
        }
        if (until > Now)
        {
            Now = until;
        }
        // Live assignments may have changed since the last decision.
        Dispatch(Now);
        return TakeOutput();
    }

    /// <summary>Puts a contact in a queue now (for scenarios and tests); it is routed at once.</summary>
    /// <returns>The contact's call id.</returns>
    public string Enqueue(string queueId, int priority = 0)
    {
        if (!_queuesById.TryGetValue(queueId, out var queue))
        {
            throw new ArgumentException($"Queue '{queueId}' is not configured.", nameof(queueId));
        }
        var callId = Arrive(queue, Now, priority);
        Dispatch(Now);
        return callId;
    }

    private IReadOnlyList<CenterEvent> TakeOutput()
    {
        var output = _output;
        _output = [];
        return output;
    }

    // ---- arrivals ----------------------------------------------------------------------------------------

    /// <summary>Load as a fraction of peak at an instant: the daily profile at the center's local time, never
    /// below <see cref="SimulatorOptions.MinimumLoad"/>.</summary>
    public double LoadAt(DateTimeOffset at)
    {
        var load = 1.0;
        if (_profile.Length > 0)
        {
            var hours = _options.TimeOfDay is { } own
                ? ((own.ToTimeSpan() + (at - _dayStart)).TotalHours % 24 + 24) % 24 // the demo's own day from its start
                : _clock.ToLocal(at).TimeOfDay.TotalHours;
            var n = _profile.Length;
            var position = hours / 24 * n - 0.5; // slot centres sit at (i + 0.5) · 24/n hours
            var lower = (int)Math.Floor(position);
            var fraction = position - lower;
            var a = _profile[((lower % n) + n) % n];
            var b = _profile[(((lower + 1) % n) + n) % n];
            load = a + (b - a) * fraction;
        }
        return Math.Max(load, _options.MinimumLoad);
    }

    // A non-homogeneous Poisson process by thinning: candidates at the maximum rate, each kept with
    // probability rate(t) / maximum.
    private void ScheduleNextArrival(SimQueue queue, DateTimeOffset from)
    {
        var max = queue.PeakPerSecond * queue.MaxLoad;
        if (max <= 0)
        {
            return;
        }
        Schedule(from + Seconds(_random.Exponential(1 / max)), t =>
        {
            if (_random.NextDouble() * max < queue.PeakPerSecond * LoadAt(t))
            {
                Arrive(queue, t, _random.Chance(_options.PriorityShare) ? 1 : 0);
            }
            ScheduleNextArrival(queue, t);
        });
    }

    private string Arrive(SimQueue queue, DateTimeOffset at, int priority)
    {
        var contact = new Contact($"sim-{_runId}-call-{++_callSeq}", _callSeq, priority);
        Add(Event(EventType.CallQueued, at) with
        {
            CallId = contact.CallId, QueueId = queue.Id, Channel = queue.Channel, Priority = priority,
        });
        Wait(contact, queue, at);
        return contact.CallId;
    }

    /// <summary>The contact starts a wait in <paramref name="queue"/> with fresh patience.</summary>
    private void Wait(Contact contact, SimQueue queue, DateTimeOffset at)
    {
        contact.Queue = queue;
        contact.EnqueuedAt = at;
        contact.Status = ContactStatus.Waiting;
        contact.Agent = null;
        contact.ExcludedAgent = null;
        var generation = ++contact.PatienceGeneration;
        _waiting.Add(contact);

        var channel = _options.For(queue.Channel);
        if (channel.PatienceMeanSeconds <= 0)
        {
            contact.PatienceDeadline = null;
            return;
        }
        var patience = _random.Chance(_options.ShortAbandonShare)
            ? _random.Uniform(0.5, 4.5)
            : _random.Exponential(channel.PatienceMeanSeconds);
        contact.PatienceDeadline = at + Seconds(patience);
        Schedule(contact.PatienceDeadline.Value, t =>
        {
            if (contact.Status == ContactStatus.Waiting && contact.PatienceGeneration == generation)
            {
                Abandon(contact, t);
            }
        });
    }

    private void Abandon(Contact contact, DateTimeOffset at)
    {
        _waiting.Remove(contact);
        contact.Status = ContactStatus.Done;
        Add(Event(EventType.CallAbandoned, at) with { CallId = contact.CallId });
    }

    // ---- routing -----------------------------------------------------------------------------------------

    /// <summary>Waiting contacts by priority (high first) then enqueue time, each to the available agent whose live
    /// assignment includes its queue with the highest skill level, the longest idle among equals.</summary>
    private void Dispatch(DateTimeOffset at)
    {
        if (_waiting.Count == 0 || !_agents.Any(a => a.State == AgentState.Available))
        {
            return;
        }
        var assignments = new Dictionary<SimAgent, IReadOnlyDictionary<string, int>>();
        var ordered = _waiting
            .OrderByDescending(c => c.Priority)
            .ThenBy(c => c.EnqueuedAt)
            .ThenBy(c => c.Seq)
            .ToList();
        foreach (var contact in ordered)
        {
            SimAgent? best = null;
            var bestLevel = 0;
            foreach (var agent in _agents)
            {
                if (agent.State != AgentState.Available || (contact.ExcludedAgent == agent && at < contact.ExcludedUntil))
                {
                    continue;
                }
                if (!assignments.TryGetValue(agent, out var skills))
                {
                    skills = _liveSkills(agent.Id) ?? agent.ConfiguredSkills;
                    assignments[agent] = skills;
                }
                if (skills.TryGetValue(contact.Queue.Id, out var level)
                    && (level > bestLevel || (level == bestLevel && agent.IdleSince < best!.IdleSince)))
                {
                    best = agent;
                    bestLevel = level;
                }
            }
            if (best is not null)
            {
                Offer(contact, best, at);
            }
        }
    }

    private void Offer(Contact contact, SimAgent agent, DateTimeOffset at)
    {
        _waiting.Remove(contact);
        contact.Status = ContactStatus.Offered;
        contact.Agent = agent;
        agent.State = AgentState.Ringing;
        agent.Contact = contact;
        Add(Event(EventType.CallOffered, at) with { CallId = contact.CallId, AgentId = agent.Id });

        var channel = contact.Queue.Channel;
        if (channel != Channel.Email && _random.Chance(_options.RingNoAnswerProbability))
        {
            Schedule(at + Seconds(_options.RingTimeoutSeconds), t => RingNoAnswer(contact, agent, t));
        }
        else
        {
            var ring = _options.For(channel).RingSeconds * _random.Uniform(0.5, 1.5);
            Schedule(at + Seconds(ring), t => Answer(contact, agent, t));
        }
    }

    /// <summary>The agent let it ring: back to ready (now the most recently idle), and the contact goes back to
    /// the head of its queue for the next agent.</summary>
    private void RingNoAnswer(Contact contact, SimAgent agent, DateTimeOffset at)
    {
        agent.Contact = null;
        FinishWork(agent, at, announce: true);
        contact.ExcludedAgent = agent;
        contact.ExcludedUntil = at + Seconds(_options.RingTimeoutSeconds);
        contact.Agent = null;
        if (contact.PatienceDeadline is { } deadline && deadline <= at)
        {
            contact.Status = ContactStatus.Done;
            Add(Event(EventType.CallAbandoned, at) with { CallId = contact.CallId });
            return;
        }
        contact.Status = ContactStatus.Waiting;
        _waiting.Add(contact);
    }

    // ---- handling ----------------------------------------------------------------------------------------

    private void Answer(Contact contact, SimAgent agent, DateTimeOffset at)
    {
        contact.Status = ContactStatus.Connected;
        agent.State = AgentState.OnCall;
        var queue = contact.Queue;
        Add(Event(EventType.CallAnswered, at) with { CallId = contact.CallId, AgentId = agent.Id, QueueId = queue.Id });

        var channel = _options.For(queue.Channel);
        var talk = Seconds(_random.LogNormal(channel.TalkMedianSeconds, channel.TalkSigma));

        if (!contact.Transferred && _random.Chance(_options.TransferProbability))
        {
            var targets = _queues.Where(q => q.Channel == queue.Channel && q != queue).ToList();
            if (targets.Count > 0)
            {
                var target = targets[_random.Next(targets.Count)];
                Schedule(at + talk * _random.Uniform(0.3, 0.7), t => Transfer(contact, agent, target, t));
                return;
            }
        }

        var end = at + talk;
        if (queue.Channel == Channel.Voice && _random.Chance(_options.HoldProbability))
        {
            var heldAt = at + talk * _random.Uniform(0.2, 0.7);
            var hold = Seconds(_random.LogNormal(_options.HoldMedianSeconds, 0.6));
            Schedule(heldAt, t => Add(Event(EventType.CallHeld, t) with { CallId = contact.CallId }));
            Schedule(heldAt + hold, t => Add(Event(EventType.CallResumed, t) with { CallId = contact.CallId }));
            end += hold;
        }
        Schedule(end, t => End(contact, agent, t));
    }

    private void End(Contact contact, SimAgent agent, DateTimeOffset at)
    {
        contact.Status = ContactStatus.Done;
        agent.Contact = null;
        Add(Event(EventType.CallEnded, at) with { CallId = contact.CallId });
        FollowUp(contact, agent, at);
        AfterContact(contact.Queue, agent, at, fromTransfer: false);
    }

    /// <summary>The agent hands the contact to another queue: a flow-out here, a new wait there.</summary>
    private void Transfer(Contact contact, SimAgent agent, SimQueue target, DateTimeOffset at)
    {
        var from = contact.Queue;
        agent.Contact = null;
        Add(Event(EventType.CallTransferred, at) with { CallId = contact.CallId, ToQueueId = target.Id });
        contact.Transferred = true;
        AfterContact(from, agent, at, fromTransfer: true);
        Wait(contact, target, at);
    }

    /// <summary>Wrap-up when the queue has it (then ready), else ready at once. call.ended implies the state
    /// change, so it is announced only after a transfer or at the end of wrap-up.</summary>
    private void AfterContact(SimQueue queue, SimAgent agent, DateTimeOffset at, bool fromTransfer)
    {
        if (queue.WrapUp)
        {
            agent.State = AgentState.WrapUp;
            if (fromTransfer)
            {
                Add(Event(EventType.AgentState, at) with { AgentId = agent.Id, State = AgentState.WrapUp });
            }
            var wrapUp = Seconds(_random.LogNormal(_options.WrapUpMedianSeconds, _options.WrapUpSigma));
            Schedule(at + wrapUp, t => FinishWork(agent, t, announce: true));
        }
        else
        {
            FinishWork(agent, at, announce: fromTransfer);
        }
    }

    /// <summary>The agent is free: a pending not-ready spell starts, else the agent is ready.</summary>
    private void FinishWork(SimAgent agent, DateTimeOffset at, bool announce)
    {
        if (agent.PendingReason is { } reason)
        {
            agent.PendingReason = null;
            NotReady(agent, reason, at, agent.PendingUntilAvailable);
            agent.PendingUntilAvailable = false;
            return;
        }
        agent.State = AgentState.Available;
        agent.Reason = null;
        agent.IdleSince = at;
        if (announce)
        {
            Add(Event(EventType.AgentState, at) with { AgentId = agent.Id, State = AgentState.Available });
        }
    }

    // ---- complaints and surveys --------------------------------------------------------------------------

    private void FollowUp(Contact contact, SimAgent agent, DateTimeOffset at)
    {
        var queue = contact.Queue;
        var complaint = _random.Chance(queue.ComplaintProbability);
        if (complaint)
        {
            OpenComplaint(contact, agent, at);
        }
        if (_random.Chance(_options.SurveyProbability))
        {
            var score = complaint
                ? _random.Next(1, 3)
                : _random.Weighted(SurveyScores);
            var answeredAt = at + Seconds(_random.LogNormal(120, 0.5));
            Schedule(answeredAt, t => Add(Event(EventType.SurveyCompleted, t) with
            {
                AgentId = agent.Id, Score = score, CallId = contact.CallId, QueueId = queue.Id,
            }));
        }
        if (_options.CallbackProbability > 0 && _random.Chance(_options.CallbackProbability))
        {
            var callbackId = $"cb-{_runId}-{contact.Seq}";
            var due = at + Seconds(_random.Uniform(15, 120) * 60);
            Add(Event(EventType.CallbackScheduled, at) with
            {
                CallbackId = callbackId, AgentId = agent.Id, DueAt = due, QueueId = queue.Id, CallId = contact.CallId,
                Category = "follow-up",
            });
            // About one in seven customers does not pick up; from the contact's number, not a further random draw,
            // so the rest of the day plays as before.
            var outcome = contact.Seq % 7 == 0 ? CallbackOutcome.NoAnswer : CallbackOutcome.Reached;
            Schedule(due + Seconds(_random.Uniform(0, 10) * 60), t => Add(Event(EventType.CallbackCompleted, t) with
            {
                CallbackId = callbackId, AgentId = agent.Id, CallbackOutcome = outcome,
            }));
        }
    }

    private void OpenComplaint(Contact contact, SimAgent agent, DateTimeOffset at)
    {
        var id = $"sim-{_runId}-complaint-{++_complaintSeq}";
        var serious = _random.Chance(_options.SeriousComplaintShare);
        Add(Event(EventType.ComplaintOpened, at) with
        {
            ComplaintId = id,
            QueueId = contact.Queue.Id,
            AgentId = agent.Id,
            CallId = contact.CallId,
            Severity = serious ? ComplaintSeverity.Serious : ComplaintSeverity.Normal,
            Category = ComplaintCategories[_random.Next(ComplaintCategories.Length)],
        });

        var next = at;
        var escalated = serious || _random.Chance(0.15);
        if (escalated)
        {
            var escalateAt = next + Seconds(_random.LogNormal(_options.ComplaintEscalateMedianSeconds, 0.5));
            // A serious one the supervisor takes on at once (assigned back to the agent who took it, to work it), then escalates.
            if (serious)
                Schedule(at + (escalateAt - at) / 4, t => Add(Event(EventType.ComplaintAssigned, t) with { ComplaintId = id, AgentId = agent.Id, By = "supervisor" }));
            next = escalateAt;
            Schedule(next, t => Add(Event(EventType.ComplaintEscalated, t) with { ComplaintId = id, By = agent.Id, EscalatedTo = serious ? "manager" : "supervisor" }));
        }
        var resolveAt = next + Seconds(_random.LogNormal(_options.ComplaintResolveMedianSeconds, 0.6));
        // The steps below take their times from those drawn above, not from new draws, so the rest of the day plays as before.
        var seq = _complaintSeq;
        Schedule(next + (resolveAt - next) / 3, t => Add(Event(EventType.ComplaintNoted, t) with
        {
            ComplaintId = id, By = agent.Id, Note = ComplaintNotes[seq % ComplaintNotes.Length],
        }));
        next = resolveAt;
        var resolver = escalated ? "supervisor" : agent.Id;
        var resolution = ComplaintResolutions[seq % ComplaintResolutions.Length];
        Schedule(next, t => Add(Event(EventType.ComplaintResolved, t) with { ComplaintId = id, By = resolver, Resolution = resolution }));
        var closeAt = next + Seconds(_random.LogNormal(_options.ComplaintCloseMedianSeconds, 0.6));
        // The return call (回访) between the resolution and the close; about one customer in six is not satisfied,
        // which reopens it until the supervisor resolves it again.
        var satisfied = seq % 6 != 0;
        var callAt = next + (closeAt - next) / 2;
        Schedule(callAt, t => Add(Event(EventType.ComplaintReturnCall, t) with
        {
            ComplaintId = id, By = "quality-control", ReturnCallOutcome = satisfied ? ReturnCallOutcome.Satisfied : ReturnCallOutcome.NotSatisfied,
        }));
        if (!satisfied)
            Schedule(callAt + (closeAt - callAt) / 2, t => Add(Event(EventType.ComplaintResolved, t) with { ComplaintId = id, By = "supervisor", Resolution = resolution }));
        Schedule(closeAt, t => Add(Event(EventType.ComplaintClosed, t) with { ComplaintId = id, By = "quality-control" }));
    }

    private static readonly string[] ComplaintNotes =
    [
        "Called the customer back and apologised; checking the charge with billing.",
        "Customer sent the order number; escalated the delivery delay to the courier.",
        "Listened to the recording: the wait was long and the agent was curt. Coaching booked.",
        "Refund requested from finance; customer told to expect it within 3 working days.",
    ];

    private static readonly string[] ComplaintResolutions = ["refund", "apology", "explained policy", "replacement sent", "fee waived"];

    // ---- breaks and lunch --------------------------------------------------------------------------------

    private void ScheduleNextBreak(SimAgent agent, DateTimeOffset from)
    {
        if (_options.BreaksPerAgentPerHour <= 0 || _breakReasons.Length == 0)
        {
            return;
        }
        Schedule(from + Seconds(_random.Exponential(3600 / _options.BreaksPerAgentPerHour)), t =>
        {
            RequestNotReady(agent, _random.Weighted(_breakReasons), t);
            ScheduleNextBreak(agent, t);
        });
    }

    private void Lunch(SimAgent agent, DateTimeOffset at)
    {
        RequestNotReady(agent, LunchReason, at);
        Schedule(at + Seconds(_options.LunchIntervalHours * 3600), t => Lunch(agent, t));
    }

    /// <summary>An agent who is free goes not-ready now; a busy one after the current contact (lunch wins
    /// over a pending break); one logged out stays so.</summary>
    private void RequestNotReady(SimAgent agent, string reason, DateTimeOffset at)
    {
        switch (agent.State)
        {
            case AgentState.Offline:
                break;
            case AgentState.Available:
                NotReady(agent, reason, at);
                break;
            case AgentState.NotReady:
                if (reason == LunchReason && agent.Reason != LunchReason)
                {
                    agent.PendingReason = LunchReason;
                }
                break;
            default:
                if (agent.PendingReason is null || reason == LunchReason)
                {
                    agent.PendingReason = reason;
                }
                break;
        }
    }

    /// <summary>A not-ready spell: a break or lunch ends by itself; one a supervisor set lasts until someone
    /// makes the agent available (<paramref name="untilAvailable"/>).</summary>
    private void NotReady(SimAgent agent, string reason, DateTimeOffset at, bool untilAvailable = false)
    {
        agent.State = AgentState.NotReady;
        agent.Reason = reason;
        var spell = ++agent.Spell;
        Add(Event(EventType.AgentState, at) with { AgentId = agent.Id, State = AgentState.NotReady, Reason = reason });
        if (untilAvailable)
        {
            return;
        }
        var seconds = reason == LunchReason
            ? _options.LunchMinutes * 60
            : _random.LogNormal(_options.BreakMedianSeconds, 0.4);
        Schedule(at + Seconds(seconds), t =>
        {
            if (agent.Spell == spell && agent.State == AgentState.NotReady) // not ended or replaced by a command
            {
                FinishWork(agent, t, announce: true);
            }
        });
    }

    // ---- desk commands -----------------------------------------------------------------------------------

    /// <summary>
    /// A supervisor's (or the agent's own) command, carried out now as an ACD would: a free agent changes at
    /// once; one on a contact goes not-ready after it (or stays ready after it); logging out is refused during a
    /// contact; making an agent who is logged out available logs them in.
    /// </summary>
    public DeskResult Command(string agentId, DeskCommandKind kind, string? reason)
    {
        if (_agents.FirstOrDefault(a => a.Id == agentId) is not { } agent)
        {
            return DeskResult.Refused($"Agent '{agentId}' is not an agent of the simulated center.");
        }
        var at = Now;
        var busy = agent.State is AgentState.Ringing or AgentState.OnCall or AgentState.WrapUp;
        switch (kind)
        {
            case DeskCommandKind.Available:
                agent.PendingReason = null;
                agent.PendingUntilAvailable = false;
                if (agent.State == AgentState.Offline)
                {
                    Add(Event(EventType.AgentLogin, at) with { AgentId = agent.Id });
                    agent.Spell++;
                    FinishWork(agent, at, announce: false); // a login makes the agent available
                    return DeskResult.Done;
                }
                if (agent.State == AgentState.NotReady)
                {
                    agent.Spell++;
                    FinishWork(agent, at, announce: true);
                }
                return busy ? DeskResult.AfterCurrentContact : DeskResult.Done;
            case DeskCommandKind.NotReady when agent.State == AgentState.Offline:
                return DeskResult.Refused("The agent is logged out: make them available (log them in) first.");
            case DeskCommandKind.NotReady when busy:
                agent.PendingReason = reason ?? "";
                agent.PendingUntilAvailable = true;
                return DeskResult.AfterCurrentContact;
            case DeskCommandKind.NotReady:
                NotReady(agent, reason ?? "", at, untilAvailable: true);
                return DeskResult.Done;
            case DeskCommandKind.LogOut when busy:
                return DeskResult.Refused("The agent is on a contact: log them out once it is finished.");
            default:
                if (agent.State != AgentState.Offline)
                {
                    agent.State = AgentState.Offline;
                    agent.Reason = agent.PendingReason = null;
                    agent.Spell++;
                    Add(Event(EventType.AgentLogout, at) with { AgentId = agent.Id });
                }
                return DeskResult.Done;
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------------------

    /// <summary>A simulated duration, in real time at the speed factor.</summary>
    private TimeSpan Seconds(double seconds) =>
        TimeSpan.FromTicks((long)(Math.Max(0, seconds) / _speed * TimeSpan.TicksPerSecond));

    private void Schedule(DateTimeOffset at, Action<DateTimeOffset> action) =>
        _agenda.Enqueue(action, (at < Now ? Now : at, ++_agendaSeq));

    /// <summary>A new event with the next id; callers fill its fields with <c>with</c>.</summary>
    private CenterEvent Event(EventType type, DateTimeOffset at) =>
        new() { Id = $"sim-{_runId}-{++_eventSeq}", Type = type, At = at };

    private void Add(CenterEvent e) => _output.Add(e);

    private sealed record SimQueue(
        string Id, Channel Channel, bool WrapUp, double PeakPerSecond, double MaxLoad, double ComplaintProbability);

    /// <summary>An agent; ties on idle time go to the one configured first (list order).</summary>
    private sealed class SimAgent(string id, ImmutableArray<string> configuredQueues)
    {
        public string Id { get; } = id;
        public ImmutableArray<string> ConfiguredQueues { get; } = configuredQueues;
        public IReadOnlyDictionary<string, int> ConfiguredSkills { get; } = SkillLevels.For(configuredQueues, null, null);
        public AgentState State { get; set; } = AgentState.Available;
        public string? Reason { get; set; }
        public DateTimeOffset IdleSince { get; set; }
        public Contact? Contact { get; set; }
        public string? PendingReason { get; set; }
        /// <summary>The pending not-ready spell is a supervisor's: it lasts until someone makes the agent available.</summary>
        public bool PendingUntilAvailable { get; set; }
        /// <summary>Counts not-ready spells and commands, so the end of a spell that was replaced does nothing.</summary>
        public int Spell { get; set; }
    }

    private enum ContactStatus { Waiting, Offered, Connected, Done }

    private sealed class Contact(string callId, long seq, int priority)
    {
        public string CallId { get; } = callId;
        public long Seq { get; } = seq;
        public int Priority { get; } = priority;
        public SimQueue Queue { get; set; } = null!;
        public DateTimeOffset EnqueuedAt { get; set; }
        public DateTimeOffset? PatienceDeadline { get; set; }
        public int PatienceGeneration { get; set; }
        public ContactStatus Status { get; set; }
        public SimAgent? Agent { get; set; }
        public SimAgent? ExcludedAgent { get; set; }
        public DateTimeOffset ExcludedUntil { get; set; }
        public bool Transferred { get; set; }
    }
}

/// <summary>A simulated contact still in flight: what a restart must end (<see cref="AcdSimulator"/>).</summary>
public sealed record SimulatorCall(string CallId, bool Connected);
