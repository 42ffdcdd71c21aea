namespace Dashboard.Grains.Agents;

/// <summary>A checkpoint of the timeline (Durability: snapshots): everything it holds, so a restored timeline answers
/// every later input and read as the captured one would.</summary>
public sealed partial class AgentTimeline
{
    /// <summary>
    /// The held input, the walk as it stands (not walked again on restore: a walk is kept exactly, stale or not) and
    /// the settled totals. Only the span cache and the scratch list are left out: they are rebuilt on the next read.
    /// </summary>
    internal AgentTimelineState Capture() => new(
        [.. own], [.. surveys], [.. calls.Values], [.. complaints.Values], [.. segments],
        [.. completed], [.. endedWithoutCallEnded], [.. endedUnheard], [.. foldedWithoutCallEnded],
        agentId, complaintAgentId, seed.Capture(), seedAt, live.Capture(), last, stale, settled.Capture());

    /// <summary>Replaces whatever the timeline holds by <paramref name="state"/>, from <see cref="Capture"/>.</summary>
    internal void Restore(AgentTimelineState state)
    {
        Refill(own, state.Own);
        Refill(surveys, state.Surveys);
        // In the captured order: see calls.
        calls.Clear();
        foreach (var fact in state.Calls)
            calls.Add(fact.CallId, fact);
        complaints.Clear();
        foreach (var fact in state.Complaints)
            complaints.Add(fact.ComplaintId, fact);
        Refill(segments, state.Segments);
        Refill(completed, state.Completed);
        Refill(endedWithoutCallEnded, state.EndedWithoutCallEnded);
        Refill(endedUnheard, state.EndedUnheard);
        Refill(foldedWithoutCallEnded, state.FoldedWithoutCallEnded);
        (agentId, complaintAgentId) = (state.AgentId, state.ComplaintAgentId);
        (seed, seedAt) = (Walk.Restore(state.Seed), state.SeedAt);
        (live, last, stale) = (Walk.Restore(state.Live), state.Last, state.Stale);
        settled.Restore(state.Settled);
        spanCache.Reset(long.MinValue);
        scratch.Clear();
    }

    private static void Refill<T>(List<T> list, ImmutableArray<T> items)
    {
        list.Clear();
        list.AddRange(items);
    }

    private static void Refill<TValue>(Dictionary<string, TValue> dictionary, ImmutableArray<KeyValuePair<string, TValue>> entries)
    {
        dictionary.Clear();
        foreach (var (key, value) in entries)
            dictionary.Add(key, value);
    }
}

/// <summary>What a checkpoint keeps of an <see cref="AgentTimeline"/> (its fields, one for one).</summary>
[GenerateSerializer, Immutable, Alias("AgentTimelineState")]
internal sealed record AgentTimelineState(
    [property: Id(0)] ImmutableArray<AgentTimeline.OwnEvent> Own,
    [property: Id(1)] ImmutableArray<(DateTimeOffset At, int Score)> Surveys,
    [property: Id(2)] ImmutableArray<AgentCallFact> Calls,
    [property: Id(3)] ImmutableArray<ComplaintFact> Complaints,
    [property: Id(4)] ImmutableArray<AgentTimeline.Segment> Segments,
    [property: Id(5)] ImmutableArray<KeyValuePair<string, DateTimeOffset>> Completed,
    [property: Id(6)] ImmutableArray<KeyValuePair<string, DateTimeOffset>> EndedWithoutCallEnded,
    [property: Id(7)] ImmutableArray<KeyValuePair<string, DateTimeOffset>> EndedUnheard,
    [property: Id(8)] ImmutableArray<KeyValuePair<string, long>> FoldedWithoutCallEnded,
    [property: Id(9)] string? AgentId,
    [property: Id(10)] string? ComplaintAgentId,
    [property: Id(11)] WalkState Seed,
    [property: Id(12)] DateTimeOffset SeedAt,
    [property: Id(13)] WalkState Live,
    [property: Id(14)] AgentTimeline.Transition? Last,
    [property: Id(15)] bool Stale,
    [property: Id(16)] SettledState Settled);

/// <summary>The walk's state at one point (the seed, or where the walk stands).</summary>
[GenerateSerializer, Immutable, Alias("AgentTimeline.WalkState")]
internal sealed record WalkState(
    [property: Id(0)] AgentState Base,
    [property: Id(1)] string? BaseReason,
    [property: Id(2)] string? WrapCall,
    [property: Id(3)] AgentState Overlay,
    [property: Id(4)] string? OverlayCall,
    [property: Id(5)] DateTimeOffset OverlaySince,
    [property: Id(6)] bool OnHold,
    [property: Id(7)] AgentState Shown,
    [property: Id(8)] string? ShownReason,
    [property: Id(9)] string? ShownCall,
    [property: Id(10)] bool ShownHold,
    [property: Id(11)] DateTimeOffset Since,
    [property: Id(12)] DateTimeOffset SpanStart);

/// <summary>The totals folded away for one day (UTC ticks of its start); <see cref="Totals"/> by span kind.</summary>
[GenerateSerializer, Immutable, Alias("AgentTimeline.SettledState")]
internal sealed record SettledState(
    [property: Id(0)] long Day,
    [property: Id(1)] ImmutableArray<double> Totals,
    [property: Id(2)] ImmutableArray<KeyValuePair<string, double>> Reasons,
    [property: Id(3)] int Handled,
    [property: Id(4)] double HandleSeconds,
    [property: Id(5)] int Missed,
    [property: Id(6)] int Responses,
    [property: Id(7)] int TopTwo,
    [property: Id(8)] int ScoreSum);
