using Dashboard.Grains.History;
using Dashboard.Grains.Queues;

namespace Dashboard.Grains.Agents;

/// <summary>The day's figures, read from the walk: today's totals, handled calls, and history's spans and calls.</summary>
public sealed partial class AgentTimeline
{
    private readonly SpanCache spanCache = new();

    /// <summary>Today's figures: spans split at <paramref name="dayStart"/> and <paramref name="now"/>.</summary>
    public AgentToday Today(DateTimeOffset dayStart, DateTimeOffset now)
    {
        EnsureWalked();
        long lo = dayStart.UtcTicks, hi = now.UtcTicks;

        // Closed spans that end by now are summed once per day start and kept; only the rest is walked per call.
        if (spanCache.From != lo || hi < spanCache.UpTo)
            spanCache.Reset(lo);
        while (spanCache.Count < segments.Count && segments[spanCache.Count].End <= hi)
        {
            var seg = segments[spanCache.Count];
            AddSpan(spanCache.Totals, ref spanCache.Reasons, seg.Start, seg.End, lo, long.MaxValue, seg.Kind, seg.Reason);
            spanCache.UpTo = seg.End;
            spanCache.Count++;
        }
        var totals = (double[])spanCache.Totals.Clone();
        var byReason = spanCache.Reasons is null ? null : new Dictionary<string, double>(spanCache.Reasons, StringComparer.Ordinal);
        // What was folded away counts for the day it was folded for.
        var folded = settled.Day == lo ? settled : Settled.None;
        for (var k = 0; k < totals.Length; k++)
            totals[k] += folded.Totals[k];
        foreach (var (reason, seconds) in folded.Reasons ?? [])
        {
            byReason ??= new Dictionary<string, double>(StringComparer.Ordinal);
            byReason[reason] = byReason.GetValueOrDefault(reason) + seconds;
        }
        for (var i = spanCache.Count; i < segments.Count; i++)
            AddSpan(totals, ref byReason, segments[i].Start, segments[i].End, lo, hi, segments[i].Kind, segments[i].Reason);
        if (SpanOf(live) is { } openKind)
            AddSpan(totals, ref byReason, live.SpanStart.UtcTicks, long.MaxValue, lo, hi, openKind, live.ShownReason);

        double talk = totals[(int)SpanKind.Talk], hold = totals[(int)SpanKind.Hold], wrap = totals[(int)SpanKind.WrapUp];
        double available = totals[(int)SpanKind.Available];
        var busy = talk + hold + wrap;

        int handled = folded.Handled, missed = folded.Missed;
        var handleSeconds = folded.HandleSeconds;
        foreach (var fact in calls.Values)
        {
            if (fact.Removed)
                continue;
            if (fact.AnsweredAt is null && fact.RingEndedAt is { } ringEnded && InWindow(ringEnded, lo, hi))
                missed++;
            if (HandlingOf(fact) is { } h && InWindow(h.CompletedAt, lo, hi))
            {
                handled++;
                handleSeconds += h.Talk + h.Hold + h.WrapUp;
            }
        }

        var me = agentId ?? complaintAgentId;
        var complaintsOpen = 0;
        foreach (var complaint in complaints.Values)
        {
            if (complaint.IsOpen && me is not null && complaint.AgentId == me)
                complaintsOpen++;
        }

        int responses = folded.Responses, topTwo = folded.TopTwo, scoreSum = folded.ScoreSum;
        foreach (var (at, score) in surveys)
        {
            if (!InWindow(at, lo, hi))
                continue;
            responses++;
            scoreSum += score;
            if (score >= 4)
                topTwo++;
        }

        return new AgentToday(
            handled,
            handled == 0 ? null : handleSeconds / handled,
            talk, hold, wrap,
            totals[(int)SpanKind.NotReady],
            available,
            KpiMath.Occupancy(busy, available),
            missed,
            complaintsOpen,
            KpiMath.Csat(responses, scoreSum, topTwo),
            byReason is null ? ImmutableDictionary<string, double>.Empty : byReason.ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>
    /// Answered calls with no call.ended and nothing heard of them before <paramref name="silentBefore"/> (the
    /// duplicate window has passed: their call.ended was lost, as the call shard has concluded too) end for the agent
    /// where they were last heard of: talk to there, no wrap-up, final as a logout's. The board counted them answered;
    /// this completes their handling so they reach history and the queue's handled contacts.
    /// </summary>
    /// <returns>The calls so ended, with their handling (their completion lies in the past).</returns>
    public List<CompletedCall> EndUnheardCalls(DateTimeOffset silentBefore)
    {
        List<AgentCallFact>? ended = null;
        foreach (var fact in calls.Values)
        {
            if (!fact.Removed && fact.AnsweredAt is not null && fact.EndedAt is null && !endedUnheard.ContainsKey(fact.CallId)
                && LatestOf(fact) is { } heard && heard < silentBefore)
            {
                endedUnheard[fact.CallId] = heard;
                (ended ??= []).Add(fact);
            }
        }
        if (ended is null)
            return [];
        stale = true;
        EnsureWalked();
        var result = new List<CompletedCall>(ended.Count);
        foreach (var fact in ended)
        {
            if (HandlingOf(fact) is { } h)
                result.Add(new CompletedCall(fact, h.Talk, h.Hold, h.WrapUp, h.CompletedAt));
        }
        return result;
    }

    /// <summary>Every call whose handling has completed (talk, hold, wrap-up), Version 0.</summary>
    public ImmutableArray<HandledContact> Handled()
    {
        EnsureWalked();
        var result = new List<HandledContact>();
        foreach (var fact in calls.Values)
        {
            if (fact.Removed || fact.QueueId is not { } queueId || HandlingOf(fact) is not { } h)
                continue;
            result.Add(new HandledContact(queueId, fact.CallId, fact.AgentId, 0, h.Talk, h.Hold, h.WrapUp, h.CompletedAt));
        }
        result.Sort(HandledOrder);
        return [.. result];
    }

    /// <summary>The order of <see cref="Handled"/>: by completion, then call id.</summary>
    internal static readonly Comparison<HandledContact> HandledOrder = static (a, b) =>
    {
        var byTime = a.CompletedAt.UtcTicks.CompareTo(b.CompletedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.CallId, b.CallId);
    };

    /// <summary>
    /// For history: the closed state spans that end in (<paramref name="after"/>, <paramref name="upTo"/>] and the
    /// answered calls whose handling completed then. Asked before <see cref="Forget"/> drops them, with
    /// <paramref name="after"/> where the previous ask stopped, each is handed out once.
    /// </summary>
    public (List<StateSpan> Spans, List<CompletedCall> Calls) History(DateTimeOffset after, DateTimeOffset upTo)
    {
        EnsureWalked();
        long lo = after.UtcTicks, hi = upTo.UtcTicks;
        var spans = new List<StateSpan>();
        foreach (var seg in segments)
        {
            if (seg.End > lo && seg.End <= hi)
                spans.Add(new StateSpan(
                    new DateTimeOffset(seg.Start, TimeSpan.Zero), new DateTimeOffset(seg.End, TimeSpan.Zero),
                    StateOf(seg.Kind), seg.Reason));
        }
        var calls = new List<CompletedCall>();
        foreach (var fact in this.calls.Values)
        {
            if (!fact.Removed && HandlingOf(fact) is { } h && h.CompletedAt > after && h.CompletedAt <= upTo)
                calls.Add(new CompletedCall(fact, h.Talk, h.Hold, h.WrapUp, h.CompletedAt));
        }
        return (spans, calls);
    }

    /// <summary>Sums of the closed spans <c>[0, Count)</c>, clipped at <see cref="From"/>; all end by <see cref="UpTo"/>.</summary>
    private sealed class SpanCache
    {
        public long From = long.MinValue;
        public long UpTo = long.MinValue;
        public int Count;
        public readonly double[] Totals = new double[5];
        public Dictionary<string, double>? Reasons;

        public void Reset(long from)
        {
            From = from;
            UpTo = long.MinValue;
            Count = 0;
            Array.Clear(Totals);
            Reasons = null;
        }
    }

    private static void AddSpan(
        double[] totals, ref Dictionary<string, double>? byReason, long start, long end, long lo, long hi, SpanKind kind, string? reason)
    {
        var seconds = (Math.Min(end, hi) - Math.Max(start, lo)) / (double)TimeSpan.TicksPerSecond;
        if (seconds <= 0)
            return;
        totals[(int)kind] += seconds;
        if (kind == SpanKind.NotReady)
        {
            byReason ??= new Dictionary<string, double>(StringComparer.Ordinal);
            var key = reason ?? "";
            byReason[key] = byReason.GetValueOrDefault(key) + seconds;
        }
    }

    private static SpanState StateOf(SpanKind kind) => kind switch
    {
        SpanKind.Talk => SpanState.Talk,
        SpanKind.Hold => SpanState.Hold,
        SpanKind.WrapUp => SpanState.WrapUp,
        SpanKind.NotReady => SpanState.NotReady,
        _ => SpanState.Available,
    };

    private static bool InWindow(DateTimeOffset at, long lo, long hi) => at.UtcTicks >= lo && at.UtcTicks <= hi;

    // ----- per call -----

    private readonly record struct CallHandling(double Talk, double Hold, double WrapUp, DateTimeOffset CompletedAt);

    /// <summary>Talk and hold of the call from its fact; wrap-up from the walk (end of call to end of wrap-up).</summary>
    private CallHandling? HandlingOf(AgentCallFact f)
    {
        var talkEnd = endedWithoutCallEnded.TryGetValue(f.CallId, out var cut) && !(f.EndedAt < cut) ? cut : f.EndedAt;
        if (f.AnsweredAt is not { } answered || talkEnd is not { } ended || !completed.TryGetValue(f.CallId, out var done))
            return null;
        var total = Math.Max(0, (ended - answered).TotalSeconds);
        double hold = 0;
        foreach (var h in f.Holds.IsDefault ? [] : f.Holds)
        {
            var start = h.Start > answered ? h.Start : answered;
            var end = h.End is { } e && e < ended ? e : ended;
            if (end > start)
                hold += (end - start).TotalSeconds;
        }
        hold = Math.Min(hold, total);
        return new CallHandling(total - hold, hold, Math.Max(0, (done - ended).TotalSeconds), done);
    }
}
