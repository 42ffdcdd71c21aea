using System.Globalization;

namespace Dashboard.Web.Simulation;

/// <summary>
/// One real day of a bank's call center (the Technion "Anonymous Bank" data, ../shared/data) as the dashboard's events:
/// queues from <c>type</c>, agents from <c>server</c>, waits and service times as recorded. Rules, for the replay and
/// for anyone checking its figures: a queued call is offered at <c>q_start</c>; served (<c>AGENT</c>) it is answered
/// at <c>q_exit</c> (so its wait is <c>q_time</c>) and ends <c>ser_time</c> later, the agent ready again; hung up
/// (<c>HANG</c>) it is abandoned at <c>q_exit</c>. A call served without queueing (<c>q_start</c> 0:00:00) is offered
/// and answered at <c>ser_start</c> (a wait of 0); one that hung up without queueing never reached a queue, and the six
/// served without queueing by no named agent (<c>NO_SERVER</c>) went through neither a queue nor an agent: left out.
/// <c>PHANTOM</c> rows are ghosts and skipped. Each agent logs in a second before their first answer, to the queues
/// they serve that day; priority 2 customers get priority 1.
/// </summary>
public static class BankDay
{
    /// <summary>The day's queues (the <c>type</c> column) and what they serve.</summary>
    public static readonly IReadOnlyDictionary<string, string> Queues = new Dictionary<string, string>
    {
        ["PS"] = "Regular", ["PE"] = "Regular (English)", ["IN"] = "Internet support", ["NE"] = "Stock exchange",
        ["NW"] = "Prospective customers", ["TT"] = "Callback customers",
    };

    /// <summary>The team every agent of the day is in (the data names no teams).</summary>
    public const string Team = "Anonymous Bank";

    /// <summary>The agent who answers the day's first call.</summary>
    public static string? FirstAgent(IReadOnlyList<Call> calls) =>
        calls.Where(c => c is { Outcome: "AGENT", Server: not null }).MinBy(c => c.QueueExit ?? c.ServiceStart)?.Server;

    public sealed record Call(
        string CallId, string Queue, int Priority, int? QueueStart, int? QueueExit, string Outcome, int ServiceStart, int ServiceTime, string? Server);

    /// <summary>An event at a second of the day (seconds after midnight, before any speed-up).</summary>
    public sealed record Timed(double Second, CenterEvent Event);

    public static IReadOnlyList<Call> Read(string path)
    {
        var calls = new List<Call>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty.");
        int Column(string name) => Array.IndexOf(header, name) is >= 0 and var i ? i : throw new InvalidDataException($"{path} has no column '{name}'.");
        var (id, priority, type, qStart, qExit, outcome, serStart, serTime, server) = (Column("call_id"), Column("priority"), Column("type"),
            Column("q_start"), Column("q_exit"), Column("outcome"), Column("ser_start"), Column("ser_time"), Column("server"));
        var row = 1; // the header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            row++;
            var queued = Seconds(f[qStart]) is > 0 and var start ? start : (int?)null;
            // call_id repeats across the day (86 ids are used twice): the row number makes each call its own.
            calls.Add(new Call($"{row}-{f[id]}", f[type], f[priority] == "2" ? 1 : 0, queued, queued is null ? null : Seconds(f[qExit]),
                f[outcome], Seconds(f[serStart]), int.Parse(f[serTime], CultureInfo.InvariantCulture), f[server] == "NO_SERVER" ? null : f[server]));
        }
        return calls;
    }

    /// <summary>The day's events in time order, ids unique to <paramref name="runId"/>.</summary>
    public static IReadOnlyList<Timed> Events(IReadOnlyList<Call> calls, string runId)
    {
        var events = new List<Timed>();
        var n = 0;
        Timed At(double second, CenterEvent e) => new(second, e with { Id = $"bank-{runId}-{++n}" });
        CenterEvent New(EventType type) => new() { Id = "", Type = type, At = default };

        foreach (var call in calls.Where(c => c.Outcome is "AGENT" or "HANG"))
        {
            var callId = $"bank-{runId}-call-{call.CallId}";
            if (call.QueueStart is { } queued)
            {
                events.Add(At(queued, New(EventType.CallQueued) with { CallId = callId, QueueId = call.Queue, Priority = call.Priority }));
                var left = call.QueueExit ?? queued;
                if (call.Outcome == "HANG")
                {
                    events.Add(At(left, New(EventType.CallAbandoned) with { CallId = callId }));
                    continue;
                }
                Served(left);
            }
            else if (call is { Outcome: "AGENT", Server: not null })
            {
                events.Add(At(call.ServiceStart, New(EventType.CallQueued) with { CallId = callId, QueueId = call.Queue, Priority = call.Priority }));
                Served(call.ServiceStart);
            }

            void Served(int answeredAt)
            {
                if (call.Server is not { } agent)
                    return;
                events.Add(At(answeredAt, New(EventType.CallOffered) with { CallId = callId, AgentId = agent }));
                events.Add(At(answeredAt, New(EventType.CallAnswered) with { CallId = callId, AgentId = agent, QueueId = call.Queue }));
                events.Add(At(answeredAt + call.ServiceTime, New(EventType.CallEnded) with { CallId = callId }));
                events.Add(At(answeredAt + call.ServiceTime, New(EventType.AgentState) with { AgentId = agent, State = AgentState.Available }));
            }
        }
        foreach (var agent in calls.Where(c => c is { Outcome: "AGENT", Server: not null }).GroupBy(c => c.Server!))
        {
            var first = agent.Min(c => c.QueueExit ?? c.ServiceStart);
            events.Add(At(Math.Max(0, first - 1), New(EventType.AgentLogin) with
            {
                AgentId = agent.Key, Name = agent.Key, Team = BankDay.Team,
                Queues = [.. agent.Select(c => c.Queue).Distinct().Order(StringComparer.Ordinal)],
            }));
        }
        return [.. events.OrderBy(e => e.Second)]; // stable: same instant keeps queued, offered, answered order
    }

    private static int Seconds(string clock)
    {
        var parts = clock.Split(':');
        return int.Parse(parts[0], CultureInfo.InvariantCulture) * 3600 + int.Parse(parts[1], CultureInfo.InvariantCulture) * 60
            + int.Parse(parts[2], CultureInfo.InvariantCulture);
    }
}
