namespace Dashboard.Grains.Agents;

/// <summary>Folding: old detail dropped, what it counted kept in the day's settled totals.</summary>
public sealed partial class AgentTimeline
{
    private readonly Settled settled = new();

    /// <summary>Drops detail older than <paramref name="before"/>, folding what it counted into the day's totals.</summary>
    /// <remarks>
    /// Kept: the state in force at <paramref name="before"/> (with when it began), calls still live or still in
    /// wrap-up then, and everything from then on. Figures for the day starting at <paramref name="dayStart"/>,
    /// and for windows starting at or after <paramref name="before"/>, are unchanged; input older than
    /// <paramref name="before"/> that arrives later is ignored (see <see cref="HeldFrom"/>).
    /// </remarks>
    public void Forget(DateTimeOffset before, DateTimeOffset dayStart)
    {
        if (before <= seedAt)
            return;
        var atBefore = Rewalk(before);

        long lo = dayStart.UtcTicks, cut = before.UtcTicks;
        if (settled.Day != lo)
            settled.Reset(lo);
        // Spans ending exactly at the cut are walked again from the seed, so they are not folded.
        foreach (var seg in segments)
        {
            if (seg.End < cut)
                AddSpan(settled.Totals, ref settled.Reasons, seg.Start, seg.End, lo, long.MaxValue, seg.Kind, seg.Reason);
        }
        foreach (var (at, score) in surveys)
        {
            if (at < before && at.UtcTicks >= lo)
                settled.AddSurvey(score);
        }

        own.RemoveAll(e => e.At < before);
        surveys.RemoveAll(s => s.At < before);
        List<string>? drop = null;
        foreach (var fact in calls.Values)
        {
            if (LatestOf(fact) is { } latest && latest >= before)
                continue;
            DateTimeOffset? done = fact.Removed ? DateTimeOffset.MinValue
                : fact.AnsweredAt is not null ? (completed.TryGetValue(fact.CallId, out var c) ? c : null)
                : fact.RingEndedAt;
            if (done is { } d && d < before)
                (drop ??= []).Add(fact.CallId);
        }
        if (drop is not null)
        {
            foreach (var callId in drop)
            {
                FoldCall(calls[callId], lo);
                calls.Remove(callId);
                if (endedWithoutCallEnded.ContainsKey(callId))
                    foldedWithoutCallEnded[callId] = lo;
                endedUnheard.Remove(callId);
            }
        }
        // Past the day they were folded for (the duplicate window's order), a call.ended that never came is let go.
        foreach (var (callId, day) in foldedWithoutCallEnded)
        {
            if (day < lo)
                foldedWithoutCallEnded.Remove(callId);
        }

        seed = atBefore;
        seedAt = before;
        stale = true;
    }

    /// <summary>Adds a call about to be dropped to the settled figures, as <see cref="Today"/> would count it.</summary>
    private void FoldCall(AgentCallFact fact, long dayStart)
    {
        if (fact.Removed)
            return;
        if (fact.AnsweredAt is null && fact.RingEndedAt is { } ringEnded && ringEnded.UtcTicks >= dayStart)
            settled.Missed++;
        if (HandlingOf(fact) is { } h && h.CompletedAt.UtcTicks >= dayStart)
        {
            settled.Handled++;
            settled.HandleSeconds += h.Talk + h.Hold + h.WrapUp;
        }
    }

    /// <summary>What <see cref="Forget"/> folded away, for the day starting at <see cref="Day"/> (UTC ticks).</summary>
    private sealed class Settled
    {
        /// <summary>Nothing folded: used for any day other than the one folded for.</summary>
        public static readonly Settled None = new();

        public long Day = long.MinValue;
        public readonly double[] Totals = new double[5];
        public Dictionary<string, double>? Reasons;
        public int Handled;
        public double HandleSeconds;
        public int Missed;
        public int Responses;
        public int TopTwo;
        public int ScoreSum;

        public void Reset(long day)
        {
            Day = day;
            Array.Clear(Totals);
            Reasons = null;
            Handled = Missed = Responses = TopTwo = ScoreSum = 0;
            HandleSeconds = 0;
        }

        public void AddSurvey(int score)
        {
            Responses++;
            ScoreSum += score;
            TopTwo += score >= 4 ? 1 : 0;
        }

        public SettledState Capture() => new(
            Day, [.. Totals], [.. Reasons ?? []], Handled, HandleSeconds, Missed, Responses, TopTwo, ScoreSum);

        public void Restore(SettledState state)
        {
            Day = state.Day;
            state.Totals.CopyTo(Totals);
            // No reasons and none yet are the same to every reader.
            Reasons = state.Reasons.IsEmpty ? null : new Dictionary<string, double>(state.Reasons, StringComparer.Ordinal);
            (Handled, HandleSeconds, Missed) = (state.Handled, state.HandleSeconds, state.Missed);
            (Responses, TopTwo, ScoreSum) = (state.Responses, state.TopTwo, state.ScoreSum);
        }
    }
}
