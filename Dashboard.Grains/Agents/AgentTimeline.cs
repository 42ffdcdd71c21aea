using Dashboard.Grains.History;

namespace Dashboard.Grains.Agents;

/// <summary>
/// An agent's day as a timeline of states, merged from the agent's own events (login, logout, state, survey)
/// and the facts of the calls they took part in; everything an agent shows is derived from it, so events
/// arriving out of order give the in-order result.
/// </summary>
/// <remarks>
/// Every input becomes one or more <see cref="Transition"/>s with a total order (time, source rank, kind, tag),
/// and a walk over them yields the state now, the closed state spans and when each call's handling completed.
/// Input that lands after everything walked so far is walked on at once; anything else marks the walk stale and
/// it is redone on the next read. <see cref="Forget"/> replaces the detail before a point with the walk's state
/// at that point (the seed) and folds the figures it held into the day's settled totals, so what is held is
/// bounded by how far back late input may still reach, not by the length of the day.
/// <para>Four files, one job each: this one takes the input and walks it (transitions, <c>Step</c>, <c>Show</c>,
/// the closed segments); <c>AgentTimeline.Figures.cs</c> reads the day's figures from the walk (<see cref="Today"/>,
/// <see cref="Handled"/>, <see cref="History"/>, each call's handling); <c>AgentTimeline.Folding.cs</c> folds old
/// detail into settled totals (<see cref="Forget"/>); <c>AgentTimeline.Checkpoint.cs</c> captures all of it for a
/// snapshot and restores it (<see cref="Capture"/>).</para>
/// </remarks>
public sealed partial class AgentTimeline
{
    private readonly Func<string?, bool> wrapUpAfterCall;
    private readonly List<OwnEvent> own = [];
    private readonly List<(DateTimeOffset At, int Score)> surveys = [];
    /// <summary>In the order first seen, which a checkpoint keeps: figures summed over these (handle seconds, as
    /// doubles) then come out the same in a restored timeline, which a <see cref="Dictionary{TKey,TValue}"/> reusing
    /// the slots of removed entries would not promise.</summary>
    private readonly OrderedDictionary<string, AgentCallFact> calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComplaintFact> complaints = new(StringComparer.Ordinal);
    private readonly List<Segment> segments = [];
    private readonly Dictionary<string, DateTimeOffset> completed = new(StringComparer.Ordinal);
    /// <summary>Calls whose talk ended for the agent without their call.ended: at the agent's logout, or where they
    /// were last heard of once the duplicate window passed (<see cref="EndUnheardCalls"/>). Final: a call.ended that
    /// comes later changes nothing for this agent, whose handling may already be in history.</summary>
    private readonly Dictionary<string, DateTimeOffset> endedWithoutCallEnded = new(StringComparer.Ordinal);
    /// <summary>Answered calls given up on by <see cref="EndUnheardCalls"/>: where they were last heard of.</summary>
    private readonly Dictionary<string, DateTimeOffset> endedUnheard = new(StringComparer.Ordinal);
    /// <summary>Calls of <see cref="endedWithoutCallEnded"/> folded away (<see cref="Forget"/>), with the day they were
    /// folded for: their call.ended may still come, and must not count them again as a new call.</summary>
    private readonly Dictionary<string, long> foldedWithoutCallEnded = new(StringComparer.Ordinal);
    private readonly List<Transition> scratch = [];

    /// <summary>This agent, learnt from the first event or call fact naming one (complaints only as a last resort).</summary>
    private string? agentId;
    private string? complaintAgentId;

    private Walk seed = new();
    private DateTimeOffset seedAt = DateTimeOffset.MinValue;
    private Walk live = new();
    private Transition? last;
    private bool stale;

    /// <param name="wrapUpAfterCall">Whether a call of this queue (null: a direct call) puts the agent in wrap_up.</param>
    public AgentTimeline(Func<string?, bool> wrapUpAfterCall)
    {
        ArgumentNullException.ThrowIfNull(wrapUpAfterCall);
        this.wrapUpAfterCall = wrapUpAfterCall;
    }

    /// <summary>Input before this was folded away by <see cref="Forget"/>: it can no longer be walked.</summary>
    public DateTimeOffset HeldFrom => seedAt;

    /// <summary>agent.login, agent.logout, agent.state, survey.completed; other types are ignored. The caller removes duplicates.</summary>
    /// <returns>False when the event is older than <see cref="HeldFrom"/> (late) and was ignored.</returns>
    public bool Apply(CenterEvent agentEvent)
    {
        ArgumentNullException.ThrowIfNull(agentEvent);
        if (agentEvent.At < seedAt)
            return false;
        OwnEvent ownEvent;
        switch (agentEvent.Type)
        {
            case EventType.AgentLogin:
                ownEvent = new OwnEvent(agentEvent.At, TransitionKind.Login, AgentState.Available, null, agentEvent.Id, agentEvent.Seq);
                break;
            case EventType.AgentLogout:
                ownEvent = new OwnEvent(agentEvent.At, TransitionKind.Logout, AgentState.Offline, null, agentEvent.Id, agentEvent.Seq);
                break;
            case EventType.AgentState when agentEvent.State is AgentState.Available or AgentState.NotReady or AgentState.WrapUp:
                var reason = agentEvent.State == AgentState.NotReady && !string.IsNullOrEmpty(agentEvent.Reason) ? agentEvent.Reason : null;
                ownEvent = new OwnEvent(agentEvent.At, TransitionKind.State, agentEvent.State.Value, reason, agentEvent.Id, agentEvent.Seq);
                break;
            case EventType.SurveyCompleted when agentEvent.Score is >= 1 and <= 5:
                agentId ??= agentEvent.AgentId;
                surveys.Add((agentEvent.At, agentEvent.Score.Value));
                return true;
            default:
                return true;
        }
        agentId ??= agentEvent.AgentId;
        own.Add(ownEvent);
        var transition = ownEvent.ToTransition();
        if (!stale && IsAfterWalk(transition))
            Step(live, transition);
        else
            stale = true;
        return true;
    }

    /// <summary>Replaces this agent's part in <c>fact.CallId</c> unless a newer version is already held.</summary>
    /// <remarks>An equal version replaces too: a re-sent fact of the same version is the same fact.</remarks>
    /// <returns>False when the call is not held and lies wholly before <see cref="HeldFrom"/> (late: its figures
    /// were folded already, or it is too old to walk) and was ignored.</returns>
    /// <summary>This agent's part in <paramref name="callId"/>, if it is held.</summary>
    public AgentCallFact? Call(string? callId) => callId is not null && calls.TryGetValue(callId, out var fact) ? fact : null;

    public bool Apply(AgentCallFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        calls.TryGetValue(fact.CallId, out var old);
        if (old is null && seedAt > DateTimeOffset.MinValue && !(LatestOf(fact) >= seedAt))
            return false;
        if (old is null && foldedWithoutCallEnded.ContainsKey(fact.CallId))
            return true; // its handling ended without its call.ended (logout, duplicate window) and was counted then
        if (old is not null && fact.Version < old.Version)
            return true;
        agentId ??= fact.AgentId;
        calls[fact.CallId] = fact;
        if (!stale && !TryWalkOn(old, fact))
            stale = true;
        return true;
    }

    public void Apply(ComplaintFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (complaints.TryGetValue(fact.ComplaintId, out var old) && fact.Version < old.Version)
            return;
        complaintAgentId ??= fact.AgentId;
        complaints[fact.ComplaintId] = fact;
    }

    /// <summary>Complaints this agent owns that are not yet resolved or closed, oldest first.</summary>
    public IEnumerable<ComplaintFact> OpenComplaints()
    {
        var me = agentId ?? complaintAgentId;
        return complaints.Values.Where(c => c.IsOpen && me is not null && c.AgentId == me).OrderBy(c => c.OpenedAt);
    }

    /// <summary>The state in force at the latest event.</summary>
    public AgentNow Current
    {
        get
        {
            EnsureWalked();
            var s = live;
            var inCall = s.Overlay is AgentState.OnCall or AgentState.Ringing;
            return new AgentNow(
                s.Shown, s.Shown == AgentState.NotReady ? s.ShownReason : null, s.Since,
                inCall ? s.OverlayCall : null, inCall ? s.OverlaySince : null, s.Overlay == AgentState.OnCall && s.OnHold);
        }
    }

    // ----- the walk -----

    // The walk's types below are internal, not private, only so Orleans' codegen can write them into a checkpoint
    // (AgentTimeline.Checkpoint.cs).

    internal enum TransitionKind : byte { Login, Logout, State, RingStart, RingStop, Answer, HoldStart, HoldEnd, End, Unheard }

    internal enum SpanKind : byte { Talk, Hold, WrapUp, NotReady, Available }

    /// <summary>A closed span of one counted state, in UTC ticks (ringing and offline are not counted).</summary>
    [GenerateSerializer, Immutable, Alias("AgentTimeline.Segment")]
    internal readonly record struct Segment(
        [property: Id(0)] long Start, [property: Id(1)] long End, [property: Id(2)] SpanKind Kind, [property: Id(3)] string? Reason);

    /// <param name="SourceOrder">The event's <see cref="CenterEvent.Seq"/>, when its source gives one.</param>
    [GenerateSerializer, Immutable, Alias("AgentTimeline.OwnEvent")]
    internal readonly record struct OwnEvent(
        [property: Id(0)] DateTimeOffset At, [property: Id(1)] TransitionKind Kind, [property: Id(2)] AgentState State,
        [property: Id(3)] string? Reason, [property: Id(4)] string Id, [property: Id(5)] long? SourceOrder)
    {
        // Ties at one instant: login first, then call-derived transitions, then agent.state, logout last. Events whose
        // source states their order (seq: a queue_log writing whole seconds) keep it whatever their kind — after the
        // call-derived transitions, in the source's order: a REMOVEMEMBER of the last queue and an ADDMEMBER in one
        // second (a member moved) leave the agent logged in, a PAUSE and an UNPAUSE in one second unpaused.
        public Transition ToTransition() => SourceOrder is { } order
            ? new(At, 2, order, Id, 0, Kind, null, State, Reason)
            : new(At, Kind switch { TransitionKind.Login => 0, TransitionKind.State => 2, _ => 3 }, 0, Id, 0, Kind, null, State, Reason);
    }

    /// <summary>One change in the agent's picture; ordered by (At, Rank, Sub, Tag, Seq), which is total.</summary>
    [GenerateSerializer, Immutable, Alias("AgentTimeline.Transition")]
    internal readonly record struct Transition(
        [property: Id(0)] DateTimeOffset At, [property: Id(1)] int Rank, [property: Id(2)] long Sub, [property: Id(3)] string Tag,
        [property: Id(4)] int Seq, [property: Id(5)] TransitionKind Kind, [property: Id(6)] AgentCallFact? Fact,
        [property: Id(7)] AgentState State, [property: Id(8)] string? Reason) : IComparable<Transition>
    {
        public int CompareTo(Transition other)
        {
            var c = At.UtcTicks.CompareTo(other.At.UtcTicks);
            if (c != 0) return c;
            c = Rank.CompareTo(other.Rank);
            if (c != 0) return c;
            c = Sub.CompareTo(other.Sub);
            if (c != 0) return c;
            c = string.CompareOrdinal(Tag, other.Tag);
            return c != 0 ? c : Seq.CompareTo(other.Seq);
        }

        public bool SameKey(in Transition other) =>
            At.UtcTicks == other.At.UtcTicks && Rank == other.Rank && Sub == other.Sub && Kind == other.Kind
            && Seq == other.Seq && string.Equals(Tag, other.Tag, StringComparison.Ordinal);
    }

    /// <summary>The walk's state: the agent's own state (base) and the call shown over it (overlay).</summary>
    private sealed class Walk
    {
        public AgentState Base = AgentState.Offline;
        public string? BaseReason;
        /// <summary>The call whose wrap-up the base wrap_up is, if any.</summary>
        public string? WrapCall;

        /// <summary>Offline = no call shown; otherwise Ringing or OnCall.</summary>
        public AgentState Overlay = AgentState.Offline;
        public string? OverlayCall;
        public DateTimeOffset OverlaySince;
        public bool OnHold;

        // What is shown, and since when (state) and since when unchanged including hold (span).
        public AgentState Shown = AgentState.Offline;
        public string? ShownReason;
        public string? ShownCall;
        public bool ShownHold;
        public DateTimeOffset Since = DateTimeOffset.MinValue;
        public DateTimeOffset SpanStart = DateTimeOffset.MinValue;

        public Walk Clone() => (Walk)MemberwiseClone();

        public WalkState Capture() => new(
            Base, BaseReason, WrapCall, Overlay, OverlayCall, OverlaySince, OnHold,
            Shown, ShownReason, ShownCall, ShownHold, Since, SpanStart);

        public static Walk Restore(WalkState state) => new()
        {
            Base = state.Base, BaseReason = state.BaseReason, WrapCall = state.WrapCall,
            Overlay = state.Overlay, OverlayCall = state.OverlayCall, OverlaySince = state.OverlaySince, OnHold = state.OnHold,
            Shown = state.Shown, ShownReason = state.ShownReason, ShownCall = state.ShownCall, ShownHold = state.ShownHold,
            Since = state.Since, SpanStart = state.SpanStart,
        };
    }

    private static SpanKind? SpanOf(Walk s) => s.Shown switch
    {
        AgentState.OnCall => s.ShownHold ? SpanKind.Hold : SpanKind.Talk,
        AgentState.WrapUp => SpanKind.WrapUp,
        AgentState.NotReady => SpanKind.NotReady,
        AgentState.Available => SpanKind.Available,
        _ => null,
    };

    private bool IsAfterWalk(in Transition t) => t.At >= seedAt && (last is not { } l || t.CompareTo(l) > 0);

    private void EnsureWalked()
    {
        if (stale)
            Rewalk(null);
    }

    /// <summary>Walks everything from the seed again; returns the state just before <paramref name="snapshotAt"/> when asked.</summary>
    private Walk Rewalk(DateTimeOffset? snapshotAt)
    {
        scratch.Clear();
        foreach (var e in own)
        {
            if (e.At >= seedAt)
                scratch.Add(e.ToTransition());
        }
        foreach (var fact in calls.Values)
            AddTransitions(fact, scratch, seedAt);
        scratch.Sort();

        live = seed.Clone();
        segments.Clear();
        spanCache.Reset(long.MinValue);
        completed.Clear();
        endedWithoutCallEnded.Clear();
        last = null;
        Walk? snapshot = null;
        foreach (var t in scratch)
        {
            if (snapshot is null && snapshotAt is { } s && t.At >= s)
                snapshot = live.Clone();
            Step(live, t);
        }
        stale = false;
        scratch.Clear();
        return snapshot ?? live.Clone();
    }

    /// <summary>Walks on with a replaced fact when that only adds transitions after everything walked so far.</summary>
    private bool TryWalkOn(AgentCallFact? old, AgentCallFact fact)
    {
        if (old is not null && !old.Removed && (fact.Removed || !string.Equals(old.QueueId, fact.QueueId, StringComparison.Ordinal)))
            return false;
        scratch.Clear();
        AddTransitions(fact, scratch, DateTimeOffset.MinValue);
        if (old is not null)
        {
            var before = new List<Transition>();
            AddTransitions(old, before, DateTimeOffset.MinValue);
            foreach (var o in before)
            {
                var i = scratch.FindIndex(n => n.SameKey(o));
                if (i < 0)
                    return false; // something walked already has changed
                scratch.RemoveAt(i);
            }
        }
        scratch.Sort();
        foreach (var t in scratch)
        {
            if (!IsAfterWalk(t))
                return false;
        }
        foreach (var t in scratch)
            Step(live, t);
        scratch.Clear();
        return true;
    }

    /// <summary>
    /// A call fact's transitions. At one instant: a call ending or a ring stopping comes before another call's
    /// ring or answer; within one call ring precedes answer precedes holds (in order) precedes end.
    /// </summary>
    private void AddTransitions(AgentCallFact f, List<Transition> into, DateTimeOffset from)
    {
        if (f.Removed)
            return;
        void Add(DateTimeOffset at, int sub, int seq, TransitionKind kind)
        {
            if (at >= from)
                into.Add(new Transition(at, 1, sub, f.CallId, seq, kind, f, AgentState.Offline, null));
        }

        if (f.OfferedAt is { } offered)
            Add(offered, 2, 0, TransitionKind.RingStart);
        if (f.AnsweredAt is not { } answered)
        {
            if (f.RingEndedAt is { } ringEnded)
                Add(ringEnded, ringEnded == f.OfferedAt ? 6 : 1, 2, TransitionKind.RingStop);
            return;
        }
        Add(answered, 3, 1, TransitionKind.Answer);
        var holds = f.Holds.IsDefault ? [] : f.Holds;
        for (var i = 0; i < holds.Length; i++)
        {
            Add(holds[i].Start, 4, 10 + 2 * i, TransitionKind.HoldStart);
            if (holds[i].End is { } holdEnd)
                Add(holdEnd, 4, 11 + 2 * i, TransitionKind.HoldEnd);
        }
        if (f.EndedAt is { } ended)
            Add(ended, ended == answered ? 6 : 0, 3, TransitionKind.End);
        if (endedUnheard.TryGetValue(f.CallId, out var unheard))
            Add(unheard, 6, 4, TransitionKind.Unheard);
    }

    private void Step(Walk s, in Transition t)
    {
        var f = t.Fact;
        switch (t.Kind)
        {
            case TransitionKind.Login:
                SetBase(s, AgentState.Available, null, null, t.At);
                break;
            case TransitionKind.Logout:
                // A logout ends the call being talked on: the board counted it answered, so its handling must
                // complete (and reach history) even when the source never sends its call.ended.
                if (s.Overlay == AgentState.OnCall && s.OverlayCall is { } talking)
                {
                    endedWithoutCallEnded[talking] = t.At;
                    completed[talking] = t.At;
                }
                SetBase(s, AgentState.Offline, null, null, t.At);
                s.Overlay = AgentState.Offline;
                s.OverlayCall = null;
                s.OnHold = false;
                break;
            case TransitionKind.State:
                // wrap_up while already in wrap-up keeps the call being wrapped up and its start.
                if (!(t.State == AgentState.WrapUp && s.Base == AgentState.WrapUp))
                    SetBase(s, t.State, t.Reason, null, t.At);
                break;
            case TransitionKind.RingStart:
                if (s.Overlay == AgentState.OnCall)
                    break; // offered while talking: still on the call
                EnterCall(s, AgentState.Ringing, f!.CallId, t.At);
                break;
            case TransitionKind.RingStop:
                if (s.Overlay == AgentState.Ringing && s.OverlayCall == f!.CallId)
                {
                    s.Overlay = AgentState.Offline;
                    s.OverlayCall = null;
                }
                break;
            case TransitionKind.Answer:
                EnterCall(s, AgentState.OnCall, f!.CallId, t.At);
                break;
            case TransitionKind.HoldStart or TransitionKind.HoldEnd:
                if (s.Overlay == AgentState.OnCall && s.OverlayCall == f!.CallId)
                    s.OnHold = t.Kind == TransitionKind.HoldStart;
                break;
            case TransitionKind.Unheard:
                // The talk ends where the call was last heard of; no wrap-up (nothing says one happened).
                if (s.Overlay == AgentState.OnCall && s.OverlayCall == f!.CallId)
                {
                    s.Overlay = AgentState.Offline;
                    s.OverlayCall = null;
                    s.OnHold = false;
                }
                endedWithoutCallEnded[f!.CallId] = t.At;
                completed[f.CallId] = t.At;
                break;
            case TransitionKind.End:
                if (s.Overlay == AgentState.OnCall && s.OverlayCall == f!.CallId)
                {
                    s.Overlay = AgentState.Offline;
                    s.OverlayCall = null;
                    s.OnHold = false;
                    if (wrapUpAfterCall(f.QueueId))
                    {
                        SetBase(s, AgentState.WrapUp, null, f.CallId, t.At);
                    }
                    else
                    {
                        SetBase(s, AgentState.Available, null, null, t.At);
                        completed[f.CallId] = t.At;
                    }
                }
                else if (!endedWithoutCallEnded.ContainsKey(f!.CallId))
                {
                    completed[f.CallId] = t.At; // no longer shown (another call): no wrap-up
                }
                break;
        }
        Show(s, t.At);
        last = t;
    }

    /// <summary>A call offered or answered logs an offline agent in and ends a wrap-up.</summary>
    private void StartCall(Walk s, DateTimeOffset at)
    {
        if (s.Base is AgentState.Offline or AgentState.WrapUp)
            SetBase(s, AgentState.Available, null, null, at);
    }

    /// <summary>Ringing or talking on <paramref name="callId"/> from <paramref name="at"/>.</summary>
    private void EnterCall(Walk s, AgentState overlay, string callId, DateTimeOffset at)
    {
        StartCall(s, at);
        s.Overlay = overlay;
        s.OverlayCall = callId;
        s.OverlaySince = at;
        s.OnHold = false;
    }

    private void SetBase(Walk s, AgentState state, string? reason, string? wrapCall, DateTimeOffset at)
    {
        if (s.Base == AgentState.WrapUp && s.WrapCall is { } wrapping && (state != AgentState.WrapUp || wrapCall != wrapping))
            completed[wrapping] = at;
        s.Base = state;
        s.BaseReason = reason;
        s.WrapCall = wrapCall;
    }

    /// <summary>Closes the shown span when what is shown changes.</summary>
    private void Show(Walk s, DateTimeOffset at)
    {
        AgentState state;
        string? reason = null, call = null;
        var hold = false;
        if (s.Overlay != AgentState.Offline)
        {
            state = s.Overlay;
            call = s.OverlayCall;
            hold = s.OnHold;
        }
        else
        {
            state = s.Base;
            reason = s.BaseReason;
            call = s.WrapCall;
        }
        var sameState = state == s.Shown && reason == s.ShownReason && call == s.ShownCall;
        if (sameState && hold == s.ShownHold)
            return;

        if (SpanOf(s) is { } kind && at > s.SpanStart)
            segments.Add(new Segment(s.SpanStart.UtcTicks, at.UtcTicks, kind, s.ShownReason));
        s.SpanStart = at;
        if (!sameState)
            s.Since = at;
        s.Shown = state;
        s.ShownReason = reason;
        s.ShownCall = call;
        s.ShownHold = hold;
    }

    /// <summary>The latest time a call fact mentions, null when it mentions none.</summary>
    public static DateTimeOffset? LatestOf(AgentCallFact f)
    {
        DateTimeOffset? latest = null;
        void Take(DateTimeOffset? at)
        {
            if (at is { } a && (latest is null || a > latest))
                latest = a;
        }
        Take(f.OfferedAt);
        Take(f.RingEndedAt);
        Take(f.AnsweredAt);
        Take(f.EndedAt);
        foreach (var h in f.Holds.IsDefault ? [] : f.Holds)
        {
            Take(h.Start);
            Take(h.End);
        }
        return latest;
    }
}

/// <summary>A closed span of one counted state.</summary>
public readonly record struct StateSpan(DateTimeOffset Start, DateTimeOffset End, SpanState State, string? Reason);

/// <summary>An answered call whose handling completed: talk and hold from the call, wrap-up from the agent.</summary>
public sealed record CompletedCall(AgentCallFact Fact, double Talk, double Hold, double WrapUp, DateTimeOffset CompletedAt);

public sealed record AgentNow(
    AgentState State, string? Reason, DateTimeOffset Since, string? CallId, DateTimeOffset? CallSince, bool OnHold)
{
    public static readonly AgentNow Offline = new(AgentState.Offline, null, DateTimeOffset.MinValue, null, null, false);
}
