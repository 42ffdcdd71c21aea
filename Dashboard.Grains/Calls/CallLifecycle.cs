namespace Dashboard.Grains.Calls;

/// <summary>
/// Derives what one contact means for queues and agents from all its events, whatever order they arrived in:
/// its visits to queues (KPI.md attribution) and each agent's part in it (ringing, talk, holds).
/// </summary>
/// <remarks>
/// The events are put in one canonical order — (At, Seq, type rank, Id) — and replayed through a small state machine,
/// so any arrival order gives the same picture. Events that make no sense at their place in that order
/// (a hold before any answer, a second end, …) are ignored.
/// </remarks>
public static class CallLifecycle
{
    private static readonly CallPicture Empty = new([], []);

    /// <param name="events">The contact's distinct events (duplicates already removed), in any order.</param>
    /// <returns>Visits and agent parts; AgentCallFact.Version is 0 (the shard stamps it).</returns>
    public static CallPicture Derive(string callId, IReadOnlyCollection<CenterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(events);

        var sorted = new List<CenterEvent>(events.Count);
        foreach (var e in events)
        {
            if (e.Type.IsCallEvent())
                sorted.Add(e);
        }
        if (sorted.Count == 0)
            return Empty;
        sorted.Sort(CanonicalOrder);

        var replay = new Replay(callId, CallChannel(sorted));
        foreach (var e in sorted)
            replay.Apply(e);
        return replay.Result();
    }

    /// <summary>Rank of a call event type among events at the same instant.</summary>
    internal static int Rank(EventType type) => type switch
    {
        EventType.CallQueued => 0,
        EventType.CallOffered => 1,
        EventType.CallAnswered => 2,
        EventType.CallHeld => 3,
        EventType.CallResumed => 4,
        EventType.CallTransferred => 5,
        EventType.CallAbandoned => 6,
        EventType.CallEnded => 7,
        _ => 8,
    };

    /// <summary>Time first; at the same instant the source's order (<see cref="CenterEvent.Seq"/>, events without one
    /// as 0): a source writing whole seconds, as queue_log, logs a caller leaving one queue and entering the next in
    /// the same second, and only its order says which came first — the type rank would put the entry first and end
    /// the new visit with the old one's exit. The rank then orders the events of one line (an offer before its answer),
    /// and the id makes the order total.</summary>
    private static int CanonicalOrder(CenterEvent a, CenterEvent b)
    {
        var byTime = a.At.UtcTicks.CompareTo(b.At.UtcTicks);
        if (byTime != 0)
            return byTime;
        var bySource = (a.Seq ?? 0).CompareTo(b.Seq ?? 0);
        if (bySource != 0)
            return bySource;
        var byRank = Rank(a.Type).CompareTo(Rank(b.Type));
        return byRank != 0 ? byRank : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>The call's channel: that of its first call.queued which names one, else voice.</summary>
    private static Channel CallChannel(List<CenterEvent> sorted)
    {
        foreach (var e in sorted)
        {
            if (e.Type == EventType.CallQueued && e.Channel is { } channel)
                return channel;
        }
        return Channel.Voice;
    }

    private sealed class Visit(string queueId, Channel channel, int priority, DateTimeOffset enqueuedAt)
    {
        public string QueueId { get; } = queueId;
        public Channel Channel { get; } = channel;
        public int Priority { get; } = priority;
        public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;
        public DateTimeOffset? LeftAt { get; set; }
        public QueueExit? Exit { get; set; }
        public string? AgentId { get; set; }
    }

    private sealed class Part(string agentId)
    {
        public string AgentId { get; } = agentId;
        public string? QueueId { get; set; }
        public DateTimeOffset? QueuedAt { get; set; }
        public DateTimeOffset? OfferedAt { get; set; }
        public DateTimeOffset? RingEndedAt { get; set; }
        public DateTimeOffset? AnsweredAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public List<(DateTimeOffset Start, DateTimeOffset? End)> Holds { get; } = [];
        public bool OnHold => Holds.Count > 0 && Holds[^1].End is null;
    }

    /// <summary>The state machine one call goes through, fed events in canonical order.</summary>
    private sealed class Replay(string callId, Channel channel)
    {
        private readonly List<Visit> visits = [];
        private readonly Dictionary<string, Part> parts = new(StringComparer.Ordinal);
        private readonly List<string> agentOrder = [];
        private Visit? open;
        private Part? ringing;
        private Part? talking;
        private bool finished;

        public void Apply(CenterEvent e)
        {
            if (finished)
                return;
            switch (e.Type)
            {
                case EventType.CallQueued: Queued(e); break;
                case EventType.CallOffered: Offered(e); break;
                case EventType.CallAnswered: Answered(e); break;
                case EventType.CallHeld: Held(e); break;
                case EventType.CallResumed: Resumed(e); break;
                case EventType.CallTransferred: Transferred(e); break;
                case EventType.CallAbandoned: Abandoned(e); break;
                case EventType.CallEnded: Ended(e); break;
            }
        }

        private void Queued(CenterEvent e)
        {
            if (e.QueueId is not { } queueId || open?.QueueId == queueId)
                return;
            // Back in a queue: whatever held the contact before lets go of it now.
            StopRinging(e.At);
            if (talking is not null)
                EndTalk(e.At);
            Close(e.At, QueueExit.FlowedOut, null);
            Open(queueId, e.Channel ?? channel, e.Priority ?? 0, e.At);
        }

        private void Offered(CenterEvent e)
        {
            if (e.AgentId is not { } agentId || talking?.AgentId == agentId || ringing?.AgentId == agentId)
                return;
            StopRinging(e.At);
            var part = NewEpisode(agentId);
            part.OfferedAt = e.At;
            part.QueueId = open?.QueueId;
            ringing = part;
            // A ring the source reports as already over and unanswered: missed, and the agent is free again.
            if (e.RingEndedAt is { } ended && ended >= e.At)
                StopRinging(ended);
        }

        private void Answered(CenterEvent e)
        {
            if (e.AgentId is not { } agentId || talking?.AgentId == agentId)
                return;
            Part part;
            if (ringing?.AgentId == agentId)
            {
                part = ringing;
                ringing = null;
            }
            else
            {
                StopRinging(e.At);
                part = NewEpisode(agentId);
            }
            if (talking is not null)
                EndTalk(e.At);
            // No open visit: a direct call, which counts for the agent and no queue.
            part.QueueId = open?.QueueId;
            part.QueuedAt = open?.EnqueuedAt;
            Close(e.At, QueueExit.Answered, agentId);
            part.AnsweredAt = e.At;
            talking = part;
        }

        private void Held(CenterEvent e)
        {
            if (talking is null || talking.OnHold)
                return;
            talking.Holds.Add((e.At, null));
        }

        private void Resumed(CenterEvent e)
        {
            if (talking is null || !talking.OnHold)
                return;
            talking.Holds[^1] = (talking.Holds[^1].Start, e.At);
        }

        private void Transferred(CenterEvent e)
        {
            // The agent the call is transferred to may already be ringing for it; they have not missed it.
            if (e.ToAgentId is null || ringing?.AgentId != e.ToAgentId)
                StopRinging(e.At);
            if (talking is not null)
                EndTalk(e.At);
            else
                Close(e.At, QueueExit.FlowedOut, null);
            if (e.ToQueueId is { } toQueue)
            {
                var last = visits.Count > 0 ? visits[^1] : null;
                Open(toQueue, last?.Channel ?? channel, last?.Priority ?? 0, e.At);
            }
        }

        private void Abandoned(CenterEvent e)
        {
            // The caller hangs up while waiting; after an answer that makes no sense.
            if (talking is not null)
                return;
            StopRinging(e.At);
            Close(e.At, QueueExit.Abandoned, null);
            finished = true;
        }

        private void Ended(CenterEvent e)
        {
            StopRinging(e.At);
            if (talking is not null)
                EndTalk(e.At);
            else
                Close(e.At, QueueExit.Abandoned, null); // nobody answered: the caller hung up waiting
            finished = true;
        }

        private void Open(string queueId, Channel visitChannel, int priority, DateTimeOffset at)
        {
            open = new Visit(queueId, visitChannel, priority, at);
            visits.Add(open);
        }

        private void Close(DateTimeOffset at, QueueExit exit, string? agentId)
        {
            if (open is null)
                return;
            open.LeftAt = at;
            open.Exit = exit;
            open.AgentId = agentId;
            open = null;
        }

        private void StopRinging(DateTimeOffset at)
        {
            if (ringing is null)
                return;
            ringing.RingEndedAt = at;
            ringing = null;
        }

        private void EndTalk(DateTimeOffset at)
        {
            var part = talking!;
            part.EndedAt = at;
            if (part.OnHold)
                part.Holds[^1] = (part.Holds[^1].Start, at);
            talking = null;
        }

        /// <summary>An agent's part restarts when they are involved again: the latest episode is the one reported.</summary>
        private Part NewEpisode(string agentId)
        {
            if (!parts.ContainsKey(agentId))
                agentOrder.Add(agentId);
            var part = new Part(agentId);
            parts[agentId] = part;
            return part;
        }

        public CallPicture Result()
        {
            var visitFacts = ImmutableArray.CreateBuilder<QueueVisit>(visits.Count);
            foreach (var v in visits)
                visitFacts.Add(new QueueVisit(v.QueueId, callId, v.Channel, v.Priority, v.EnqueuedAt, v.LeftAt, v.Exit, v.AgentId));

            var agentFacts = ImmutableArray.CreateBuilder<AgentCallFact>(agentOrder.Count);
            foreach (var agentId in agentOrder)
            {
                var p = parts[agentId];
                var holds = ImmutableArray.CreateBuilder<HoldSpan>(p.Holds.Count);
                foreach (var (start, end) in p.Holds)
                    holds.Add(new HoldSpan(start, end));
                agentFacts.Add(new AgentCallFact(
                    p.AgentId, callId, 0, p.QueueId, channel, p.OfferedAt, p.RingEndedAt, p.AnsweredAt,
                    holds.MoveToImmutable(), p.EndedAt, QueuedAt: p.QueuedAt));
            }
            return new CallPicture(visitFacts.MoveToImmutable(), agentFacts.MoveToImmutable());
        }
    }
}

/// <summary>What a contact means right now: its queue visits and its agents' parts.</summary>
public sealed record CallPicture(ImmutableArray<QueueVisit> Visits, ImmutableArray<AgentCallFact> Agents)
{
    /// <summary>Nobody waits, rings or talks any more: every visit has left and every agent's part has ended.</summary>
    public bool IsFinished =>
        Visits.All(v => v.LeftAt is not null)
        && Agents.All(a => a.AnsweredAt is not null ? a.EndedAt is not null : a.RingEndedAt is not null || a.OfferedAt is null);
}
