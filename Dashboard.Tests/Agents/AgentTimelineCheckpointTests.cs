using Dashboard.Grains.Agents;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dashboard.Tests.Agents;

/// <summary>
/// A timeline captured at any point of a scripted day and restored (through Orleans' serializer) into a new one
/// answers the rest of the day as the captured one does: every Apply, EndUnheardCalls, Forget and every figure.
/// The script passes through each thing the timeline holds: the walk in order and stale, holds, wrap-up, missed
/// calls, a logout mid-call, folding (twice, across midnight), facts re-sent after folding, late input, calls
/// ended unheard, replaced and removed facts, complaints and surveys.
/// </summary>
public sealed class AgentTimelineCheckpointTests
{
    private const string Me = "a1";
    private static readonly DateTimeOffset DayStart = new(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset NextDayStart = DayStart.AddDays(1);

    private static readonly Serializer<AgentTimelineState> Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(AgentTimeline).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer<AgentTimelineState>>();

    private static DateTimeOffset H(int hour, int minute, int second = 0) =>
        DayStart.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    /// <summary>Wrap-up after calls of "sales"; none after direct calls (no queue).</summary>
    private static AgentTimeline NewTimeline() => new(queueId => queueId == "sales");

    private static int nextId;

    private static CenterEvent Own(EventType type, DateTimeOffset at) =>
        new() { Id = "cp" + Interlocked.Increment(ref nextId), Type = type, At = at, AgentId = Me };

    private static CenterEvent Login(DateTimeOffset at) => Own(EventType.AgentLogin, at);

    private static CenterEvent Logout(DateTimeOffset at) => Own(EventType.AgentLogout, at);

    private static CenterEvent State(DateTimeOffset at, AgentState state, string? reason = null) =>
        Own(EventType.AgentState, at) with { State = state, Reason = reason };

    private static CenterEvent Survey(DateTimeOffset at, int score) => Own(EventType.SurveyCompleted, at) with { Score = score };

    private static AgentCallFact Call(
        string callId, long version, string? queue = "sales", DateTimeOffset? offered = null, DateTimeOffset? ringEnded = null,
        DateTimeOffset? answered = null, DateTimeOffset? ended = null, HoldSpan[]? holds = null, bool removed = false) =>
        new(Me, callId, version, queue, Channel.Voice, offered, ringEnded, answered, [.. holds ?? []], ended, removed);

    private static ComplaintFact Complaint(string id, long version, string? agent, ComplaintStatus status, DateTimeOffset opened) =>
        new(id, version, "sales", agent, ComplaintSeverity.Normal, status, opened, null);

    /// <summary>One input to the timeline and what it answered.</summary>
    private sealed record Step(string Name, Func<AgentTimeline, string> Run);

    private static Step Apply(CenterEvent e) => new($"{e.Type} {e.State} at {e.At:HH:mm:ss}", t => t.Apply(e).ToString());

    private static Step Apply(AgentCallFact f) => new($"call {f.CallId} v{f.Version}", t => t.Apply(f).ToString());

    private static Step Apply(ComplaintFact f) => new($"complaint {f.ComplaintId} v{f.Version}", t =>
    {
        t.Apply(f);
        return "";
    });

    private static Step Forget(DateTimeOffset before, DateTimeOffset dayStart) => new($"forget before {before:dd HH:mm}", t =>
    {
        t.Forget(before, dayStart);
        return "";
    });

    private static Step EndUnheard(DateTimeOffset silentBefore) => new($"end unheard before {silentBefore:dd HH:mm}", t =>
        string.Join("; ", t.EndUnheardCalls(silentBefore).Select(Describe)));

    private static readonly Step[] Day =
    [
        // Complaints before the agent's first event: one reassigned away (its fact names the new owner) and one of
        // theirs. Until an event says who the agent is, the first complaint's owner stands in.
        Apply(Complaint("k0", 1, "someone-else", ComplaintStatus.InProgress, H(8, 0))),
        Apply(Complaint("k4", 1, Me, ComplaintStatus.Open, H(8, 30))),
        Apply(Login(H(9, 0))),
        Apply(Survey(H(9, 1), 5)),
        Apply(Call("c1", 1, offered: H(9, 2), answered: H(9, 2, 10))),
        Apply(Call("c1", 2, offered: H(9, 2), answered: H(9, 2, 10), holds: [new HoldSpan(H(9, 3), null)])),
        Apply(Call("c1", 3, offered: H(9, 2), answered: H(9, 2, 10), holds: [new HoldSpan(H(9, 3), H(9, 4))], ended: H(9, 5))),
        Apply(State(H(9, 6), AgentState.Available)),
        Apply(State(H(9, 10), AgentState.NotReady, "break")),
        Apply(State(H(9, 20), AgentState.Available)),
        Apply(Complaint("k1", 1, Me, ComplaintStatus.InProgress, H(9, 20))),
        Apply(Complaint("k2", 1, "someone-else", ComplaintStatus.InProgress, H(9, 20))),
        Apply(Call("c2", 1, offered: H(9, 21), ringEnded: H(9, 21, 20))),
        // Out of order: before what was walked, so the walk is stale until the next read.
        Apply(State(H(9, 15), AgentState.NotReady, "lunch")),
        Apply(Call("c3", 1, queue: null, answered: H(9, 25))),
        Apply(Logout(H(9, 30))), // ends c3 for the agent without its call.ended
        Apply(Login(H(9, 31))),
        Apply(Survey(H(9, 32), 2)),
        Forget(H(9, 40), DayStart),
        // c3's call.ended after it was folded: counted already.
        Apply(Call("c3", 2, queue: null, answered: H(9, 25), ended: H(9, 41))),
        Apply(State(H(9, 35), AgentState.NotReady, "late")), // late: before what is held
        Apply(Call("c9", 1, offered: H(9, 0), ringEnded: H(9, 0, 5))), // late
        Apply(Call("c4", 1, offered: H(9, 44), answered: H(9, 45))),
        EndUnheard(H(9, 50)), // c4 ends where it was last heard of
        Apply(Call("c5", 1, offered: H(9, 55), answered: H(9, 55, 5), ended: H(10, 0))),
        Apply(Call("c5", 0, offered: H(9, 55))), // an older version: ignored
        Apply(Complaint("k1", 2, Me, ComplaintStatus.Resolved, H(9, 20))),
        Apply(Complaint("k3", 1, Me, ComplaintStatus.Escalated, H(10, 1))),
        Apply(Call("c6", 1, offered: H(10, 4), answered: H(10, 5))),
        Apply(Call("c6", 2, offered: H(10, 4), answered: H(10, 5), removed: true)),
        Apply(State(H(10, 7), AgentState.Available)),
        Apply(Survey(H(10, 8), 4)),
        Forget(H(10, 3), DayStart),
        Apply(State(H(23, 50), AgentState.NotReady, "meeting")),
        Apply(Call("c7", 1, queue: null, offered: H(23, 58), answered: H(23, 58, 30), ended: H(24, 1))),
        Apply(State(H(24, 5), AgentState.Available)),
        Forget(H(24, 2), NextDayStart), // the settled totals start the next day
        Apply(Survey(H(24, 6), 1)),
        Apply(Call("c8", 1, offered: H(24, 10), answered: H(24, 10, 5), holds: [new HoldSpan(H(24, 11), H(24, 12))], ended: H(24, 14))),
        Apply(State(H(24, 15), AgentState.NotReady, "break")),
        EndUnheard(H(24, 30)),
    ];

    [Fact]
    public void CapturedAtAnyPoint_RestoredTimelineAnswersTheRestAsTheCapturedOne()
    {
        for (var cut = 0; cut <= Day.Length; cut++)
        {
            var captured = NewTimeline();
            foreach (var step in Day[..cut])
                step.Run(captured);

            var restored = NewTimeline();
            restored.Restore(Serializer.Deserialize(Serializer.SerializeToArray(captured.Capture()))!);

            foreach (var step in Day[cut..])
            {
                var (expected, actual) = (step.Run(captured), step.Run(restored));
                Assert.True(expected == actual, $"captured before step {cut}, {step.Name}: {expected} but {actual}");
                Assert.Equal(Figures(captured), Figures(restored));
            }
            Assert.Equal(Figures(captured), Figures(restored));
        }
    }

    [Fact]
    public void Capture_AfterRestore_SameStateAgain()
    {
        var captured = NewTimeline();
        foreach (var step in Day[..20])
            step.Run(captured);
        var bytes = Serializer.SerializeToArray(captured.Capture());

        var restored = NewTimeline();
        restored.Restore(Serializer.Deserialize(bytes)!);

        Assert.Equal(bytes, Serializer.SerializeToArray(restored.Capture()));
    }

    /// <summary>Everything the timeline shows, as text: records holding immutable collections compare by reference.</summary>
    private static List<string> Figures(AgentTimeline t)
    {
        var figures = new List<string> { $"held from {t.HeldFrom:O}", t.Current.ToString() };
        foreach (var (dayStart, now) in new[]
                 {
                     (DayStart, H(9, 30)), (DayStart, H(10, 2)), (DayStart, H(10, 30)), (DayStart, H(23, 59)),
                     (NextDayStart, H(24, 3)), (NextDayStart, H(24, 20)), (NextDayStart, H(26, 0)),
                 })
        {
            figures.Add($"today {dayStart:dd} at {now:dd HH:mm}: {Describe(t.Today(dayStart, now))}");
        }
        figures.AddRange(t.Handled().Select(h => $"handled {h}"));
        figures.AddRange(t.OpenComplaints().Select(c => $"open {c}"));
        foreach (var (after, upTo) in new[] { (DateTimeOffset.MinValue, H(9, 40)), (H(9, 40), H(10, 3)), (H(10, 3), DateTimeOffset.MaxValue) })
        {
            var (spans, calls) = t.History(after, upTo);
            figures.AddRange(spans.Select(s => $"history span {s}"));
            figures.AddRange(calls.Select(c => $"history call {Describe(c)}"));
        }
        return figures;
    }

    private static string Describe(AgentToday today) =>
        (today with { NotReadyByReason = ImmutableDictionary<string, double>.Empty }) + " reasons="
        + string.Join(",", today.NotReadyByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"));

    private static string Describe(CompletedCall call) =>
        $"{call.Fact.CallId} v{call.Fact.Version} talk {call.Talk} hold {call.Hold} wrap {call.WrapUp} at {call.CompletedAt:O}";
}
