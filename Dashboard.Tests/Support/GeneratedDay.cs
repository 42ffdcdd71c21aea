using static Dashboard.Tests.Support.Events;

namespace Dashboard.Tests.Support;

/// <summary>
/// A stretch of a center's day on one queue, generated from a seed: callers arrive, wait for the agent free first
/// (or hang up when their patience runs out), talk, and the agent wraps up. The story's own counts are kept beside
/// the events, so a test can hold the product's figures against them rather than against the product.
/// </summary>
public sealed class GeneratedDay
{
    public required string QueueId { get; init; }
    public required IReadOnlyList<string> AgentIds { get; init; }
    /// <summary>In event-time order, as an ACD emits them.</summary>
    public required IReadOnlyList<CenterEvent> Events { get; init; }
    public required int Offered { get; init; }
    public required int Answered { get; init; }
    public required int Abandoned { get; init; }
    /// <summary>Calls each agent handled to the end of wrap-up.</summary>
    public required IReadOnlyDictionary<string, int> Handled { get; init; }

    /// <param name="start">When the first agent logs in.</param>
    /// <param name="length">How long calls keep arriving.</param>
    /// <param name="meanGapSeconds">Mean time between arrivals: sparse days make each batch of a backlog span many minutes.</param>
    /// <param name="lostEndOneIn">Answered calls whose call.ended the source lost, 1 in N (0: none): the agent logs out
    /// when the talk ends and back in when ready, as an agent does whose phone hung.</param>
    public static GeneratedDay Create(
        int seed, DateTimeOffset start, TimeSpan length, int agents = 4, double meanGapSeconds = 60, string? scope = null,
        int lostEndOneIn = 0)
    {
        var random = new Random(seed);
        scope ??= Unique("g");
        var queue = $"{scope}-q";
        var agentIds = Enumerable.Range(1, agents).Select(a => $"{scope}-a{a}").ToList();
        var events = new List<CenterEvent>();
        var freeAt = agentIds.ToDictionary(a => a, _ => start.AddSeconds(1));
        var handled = agentIds.ToDictionary(a => a, _ => 0);
        foreach (var agent in agentIds)
        {
            events.Add(Login(start, agent, queue));
        }
        int offered = 0, answered = 0, abandoned = 0;
        var at = start.AddSeconds(5);
        var end = start + length;
        for (var n = 0; at < end; n++)
        {
            var call = $"{scope}-c{n}";
            offered++;
            events.Add(Queued(at, call, queue));
            var agent = agentIds.MinBy(a => freeAt[a])!;
            var answerAt = Later(freeAt[agent], at.AddSeconds(2 + random.Next(10)));
            var patience = TimeSpan.FromSeconds(3 + random.Next(180));
            if (answerAt - at > patience)
            {
                abandoned++;
                events.Add(Abandoned(at + patience, call));
            }
            else
            {
                answered++;
                handled[agent]++;
                var endedAt = answerAt.AddSeconds(30 + random.Next(400));
                var readyAt = endedAt.AddSeconds(random.Next(60));
                events.Add(Offered(answerAt.AddSeconds(-2), call, agent));
                events.Add(Answered(answerAt, call, agent));
                if (lostEndOneIn > 0 && random.Next(lostEndOneIn) == 0)
                {
                    events.Add(Logout(endedAt, agent));
                    events.Add(Login(readyAt, agent, queue));
                }
                else
                {
                    events.Add(Ended(endedAt, call));
                    events.Add(State(readyAt, agent, AgentState.Available));
                }
                freeAt[agent] = readyAt.AddSeconds(1);
            }
            at = at.AddSeconds(1 + (int)(-Math.Log(1 - random.NextDouble()) * meanGapSeconds));
        }
        return new GeneratedDay
        {
            QueueId = queue, AgentIds = agentIds, Offered = offered, Answered = answered, Abandoned = abandoned,
            Handled = handled, Events = [.. events.OrderBy(e => e.At)],
        };
    }

    /// <summary>The latest event time: the clock must be at least this for every event to be accepted.</summary>
    public DateTimeOffset Last => Events[^1].At;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
