using System.Text.Json;
using CsCheck;
using Dashboard.Grains.Calls;
using Dashboard.Web.Ingestion;
using Dashboard.Web.Ingestion.Asterisk;

namespace Dashboard.Tests.Asterisk;

/// <summary>
/// A queue_log and the events it was written from give the same queue figures. Callers go through one to three
/// queues (Queue(sales,,,,30) then Queue(support): the overflow dialplan), every line in whole seconds, so many lines
/// share a second; the same story sent as JSON events with distinct times, in the right order, is the reference.
/// </summary>
public sealed class QueueLogOrderProperties
{
    private static readonly DateTimeOffset Base = DateTimeOffset.FromUnixTimeSeconds(1764926400); // 2025-12-05 09:20 UTC
    private static readonly string[] Queues = ["sales", "support", "billing"];

    /// <summary>How a caller leaves one queue. The exits move the caller on to the next queue, if there is one.</summary>
    public enum Leaves { Answered, AnsweredThenTransferred, Abandoned, Timeout, Empty, Key }

    /// <param name="Rings">Seconds after entering at which a member's ring ends unanswered (RINGNOANSWER), each ≤ Wait.</param>
    public sealed record Stay(int Queue, int Wait, int[] Rings, Leaves Leaves, int Talk);

    public sealed record Caller(int Start, Stay[] Stays);

    private static bool MovesOn(Leaves leaves) => leaves is Leaves.Timeout or Leaves.Empty or Leaves.Key;

    private static readonly Gen<Leaves> AnyEnd = Gen.Enum<Leaves>();
    private static readonly Gen<Leaves> Exit = Gen.OneOf(Leaves.Timeout, Leaves.Empty, Leaves.Key);

    // A stay the caller moves on from lasts at least a second: otherwise a caller back in the same queue in the same
    // second writes a line identical to an earlier one, which is one line to the dashboard (a duplicated line,
    // docs/asterisk.md). The move itself — leaving one queue and entering the next — is always in one second.
    private static Gen<Stay> StayGen(Gen<Leaves> leaves, int minWait) =>
        from queue in Gen.Int[0, Queues.Length - 1]
        from wait in Gen.Int[minWait, 3]
        from rings in Gen.Int[0, wait].Array[0, 2]
        from how in leaves
        from talk in Gen.Int[0, 2]
        select new Stay(queue, wait, [.. rings.Order()], how, talk);

    private static readonly Gen<Caller> CallerGen =
        from start in Gen.Int[0, 4]
        from moves in StayGen(Exit, 1).Array[0, 2]
        from last in StayGen(AnyEnd, 0)
        select new Caller(start, [.. moves, last]);

    /// <summary>The callers, and where the log is cut in two chunks (a share of its lines).</summary>
    private static readonly Gen<(Caller[] Callers, double Cut)> Story = Gen.Select(CallerGen.Array[1, 4], Gen.Double[0, 1]);

    /// <summary>The queue_log Asterisk writes for the story: whole seconds, one caller's lines in the order written,
    /// callers' lines merged by time.</summary>
    public static string[] QueueLog(Caller[] callers)
    {
        var lines = new List<(int Second, string Line)>();
        for (var c = 0; c < callers.Length; c++)
        {
            var id = $"1700000000.{c}";
            var t = callers[c].Start;
            void Line(int second, string queue, string agent, string verb, params object[] data) =>
                lines.Add((second, string.Join('|', [(Base.ToUnixTimeSeconds() + second).ToString(), id, queue, agent, verb, .. data])));
            foreach (var stay in callers[c].Stays)
            {
                var q = Queues[stay.Queue];
                Line(t, q, "NONE", "ENTERQUEUE", "", "5551234", 1);
                for (var r = 0; r < stay.Rings.Length; r++)
                    Line(t + stay.Rings[r], q, $"SIP/10{r}", "RINGNOANSWER", stay.Rings[r] * 1000);
                t += stay.Wait;
                switch (stay.Leaves)
                {
                    case Leaves.Answered:
                        Line(t, q, "SIP/200", "CONNECT", stay.Wait, "1700000099.9", 0);
                        Line(t + stay.Talk, q, "SIP/200", "COMPLETECALLER", stay.Wait, stay.Talk, 1);
                        break;
                    case Leaves.AnsweredThenTransferred:
                        Line(t, q, "SIP/200", "CONNECT", stay.Wait, "1700000099.9", 0);
                        Line(t + stay.Talk, q, "SIP/200", "TRANSFER", 2000, "from-internal", stay.Wait, stay.Talk, 1);
                        break;
                    case Leaves.Abandoned:
                        Line(t, q, "NONE", "ABANDON", 1, 1, stay.Wait);
                        break;
                    case Leaves.Timeout:
                        Line(t, q, "NONE", "EXITWITHTIMEOUT", 1, 1, stay.Wait);
                        break;
                    case Leaves.Empty:
                        Line(t, q, "NONE", "EXITEMPTY", 1, 1, stay.Wait);
                        break;
                    case Leaves.Key:
                        Line(t, q, "NONE", "EXITWITHKEY", 5, 1, 1, stay.Wait);
                        break;
                }
            }
        }
        return [.. lines.OrderBy(l => l.Second).Select(l => l.Line)]; // stable: a caller's lines keep their order
    }

    /// <summary>The same story as JSON events of the ingestion contract, each at its own millisecond, in order; a move
    /// to the next queue is a transfer to it (docs/events.md), an exit at the end a transfer to nowhere.</summary>
    public static string Json(Caller[] callers)
    {
        var events = new List<object>();
        for (var c = 0; c < callers.Length; c++)
        {
            var id = $"call-{c}";
            var t = callers[c].Start;
            var n = 0;
            void Event(int second, string type, object? fields = null)
            {
                var e = new Dictionary<string, object?>
                {
                    ["id"] = $"{id}-{n}", ["type"] = type, ["at"] = Base.AddSeconds(second).AddMilliseconds(++n), ["callId"] = id,
                };
                foreach (var p in fields?.GetType().GetProperties() ?? [])
                    e[p.Name] = p.GetValue(fields);
                events.Add(e);
            }
            var stays = callers[c].Stays;
            Event(t, "call.queued", new { queueId = Queues[stays[0].Queue] });
            for (var s = 0; s < stays.Length; s++)
            {
                var stay = stays[s];
                foreach (var ring in stay.Rings)
                    Event(t + ring, "call.offered", new { agentId = "100", ringEndedAt = Base.AddSeconds(t + ring).AddMilliseconds(n + 1) });
                t += stay.Wait;
                switch (stay.Leaves)
                {
                    case Leaves.Answered or Leaves.AnsweredThenTransferred:
                        Event(t, "call.offered", new { agentId = "200" });
                        Event(t, "call.answered", new { agentId = "200", queueId = Queues[stay.Queue] });
                        Event(t + stay.Talk, stay.Leaves == Leaves.Answered ? "call.ended" : "call.transferred");
                        break;
                    case Leaves.Abandoned:
                        Event(t, "call.abandoned");
                        break;
                    default:
                        Event(t, "call.transferred", s + 1 < stays.Length ? new { toQueueId = Queues[stays[s + 1].Queue] } : null);
                        break;
                }
            }
        }
        return JsonSerializer.Serialize(events);
    }

    public sealed record Figures(int Offered, int Answered, int Abandoned, int FlowedOut);

    /// <summary>Each queue's counters as KPI.md defines them, from the contacts' visits as the lifecycle derives them
    /// (a visit is one offer; it leaves answered, abandoned or flowed out).</summary>
    private static SortedDictionary<string, Figures> FiguresOf(IEnumerable<CenterEvent> events)
    {
        var figures = new SortedDictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var call in events.Where(e => e.CallId is not null).GroupBy(e => e.CallId!))
        {
            foreach (var visit in CallLifecycle.Derive(call.Key, [.. call.DistinctBy(e => e.Id)]).Visits)
            {
                var f = figures.GetValueOrDefault(visit.QueueId, new Figures(0, 0, 0, 0));
                figures[visit.QueueId] = f with
                {
                    Offered = f.Offered + 1,
                    Answered = f.Answered + (visit.Exit == QueueExit.Answered ? 1 : 0),
                    Abandoned = f.Abandoned + (visit.Exit == QueueExit.Abandoned ? 1 : 0),
                    FlowedOut = f.FlowedOut + (visit.Exit == QueueExit.FlowedOut ? 1 : 0),
                };
            }
        }
        return figures;
    }

    /// <summary>The log read in two chunks, the second by a translator restarted from the first one's state (a follower
    /// restart), as the order must hold across both.</summary>
    private static IEnumerable<CenterEvent> FromQueueLog(Caller[] callers, double cut = 0)
    {
        var lines = QueueLog(callers);
        var at = (int)(cut * lines.Length);
        var first = new QueueLogTranslator();
        var events = lines[..at].SelectMany(line => first.Translate(QueueLogLine.Parse(line, out _)!).Events).ToList();
        var restarted = QueueLogTranslator.Import(first.Export());
        events.AddRange(lines[at..].SelectMany(line => restarted.Translate(QueueLogLine.Parse(line, out _)!).Events));
        return events;
    }

    private static IEnumerable<CenterEvent> FromJson(Caller[] callers)
    {
        var parser = new EventParser(TimeProvider.System);
        return JsonDocument.Parse(Json(callers)).RootElement.EnumerateArray()
            .Select(e => parser.Parse(e, out var error, out _) ?? throw new InvalidOperationException(error)).ToList();
    }

    [Fact]
    public void QueueLogAndTheEventsItWasWrittenFrom_SameQueueFigures() =>
        Story.Sample(
            story => Assert.Equal(FiguresOf(FromJson(story.Callers)), FiguresOf(FromQueueLog(story.Callers, story.Cut))),
            iter: 3000, threads: 1,
            print: story => $"cut at {(int)(story.Cut * QueueLog(story.Callers).Length)} of\n" + string.Join('\n', QueueLog(story.Callers)));

    /// <summary>The overflow of issue 14 on its own: timed out of sales and into support in the same second.</summary>
    [Fact]
    public void TimeoutThenNextQueueInTheSameSecond_FlowsOutOfTheFirstAndIsAnsweredInTheSecond()
    {
        Caller[] story = [new(0, [new(0, 30, [], Leaves.Timeout, 0), new(1, 5, [], Leaves.Answered, 60)])];

        var figures = FiguresOf(FromQueueLog(story));

        Assert.Equal(new Figures(1, 0, 0, 1), figures["sales"]);
        Assert.Equal(new Figures(1, 1, 0, 0), figures["support"]);
    }
}
