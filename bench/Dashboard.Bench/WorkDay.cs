using Dashboard.Grains.Abstractions;

namespace Dashboard.Bench;

/// <summary>
/// A typical day for N agents, as contract events: each logs in between 08:00 and 08:30 on two queues, takes
/// 30–40 contacts spread evenly over an 8.5-hour shift (a 3–40 s wait, 5 s ringing, 2–8 min talk, a 30 s hold
/// for one in five, 20–90 s wrap-up, a survey for one in four), a 15-minute break after a third of them and a
/// 30-minute lunch after two thirds, and logs out. Generated lazily round by round (every agent's n-th
/// contact, then every agent's (n+1)-th), so event time moves forward as in a real day and the day itself is
/// never held in memory.
/// </summary>
public sealed class WorkDay(int agents, int queues, DateTimeOffset day)
{
    private const int MaxContacts = 40;

    public static int ContactsOf(int agent) => 30 + agent * 7 % (MaxContacts - 30 + 1);

    public IEnumerable<CenterEvent> Logins() => Enumerable.Range(0, agents).Select(agent => new CenterEvent
    {
        Id = $"a{agent}-login", Type = EventType.AgentLogin, At = ShiftStart(agent), AgentId = Workload.Agent(agent),
        Queues = [Workload.Queue(agent % queues), Workload.Queue((agent + 1) % queues)],
    });

    /// <summary>The rest of the day after the logins: contacts, break, lunch and logout.</summary>
    public IEnumerable<CenterEvent> Shift()
    {
        for (var round = 0; round <= MaxContacts; round++)
        {
            for (var agent = 0; agent < agents; agent++)
            {
                foreach (var e in Slot(agent, round))
                {
                    yield return e;
                }
            }
        }
    }

    private DateTimeOffset ShiftStart(int agent) => day.AddHours(8).AddMinutes(agent % 30);

    private IEnumerable<CenterEvent> Slot(int agent, int round)
    {
        var contacts = ContactsOf(agent);
        var (breakAfter, lunchAfter) = (contacts / 3, contacts * 2 / 3);
        // The shift less the break and lunch, in equal slots, one contact at the start of each.
        var slot = (TimeSpan.FromHours(8.5) - TimeSpan.FromMinutes(45)) / contacts;
        var at = ShiftStart(agent) + slot * round
            + TimeSpan.FromMinutes(round >= breakAfter ? 15 : 0) + TimeSpan.FromMinutes(round >= lunchAfter ? 30 : 0);
        var id = Workload.Agent(agent);
        if (round == contacts)
        {
            yield return new() { Id = $"{id}-logout", Type = EventType.AgentLogout, At = at, AgentId = id };
        }
        if (round >= contacts)
        {
            yield break;
        }
        if (round == breakAfter || round == lunchAfter)
        {
            var (reason, minutes) = round == breakAfter ? ("break", 15) : ("lunch", 30);
            yield return new() { Id = $"{id}-{reason}", Type = EventType.AgentState, At = at.AddMinutes(-minutes), AgentId = id, State = AgentState.NotReady, Reason = reason };
            yield return new() { Id = $"{id}-{reason}-end", Type = EventType.AgentState, At = at, AgentId = id, State = AgentState.Available };
        }
        var random = new Random(HashCode.Combine(agent, round));
        var call = $"c{agent}-{round}";
        var answered = at.AddSeconds(random.Next(3, 40) + 5);
        var ended = answered.AddSeconds(random.Next(120, 480));
        var available = ended.AddSeconds(random.Next(20, 90));
        yield return new() { Id = call + "q", Type = EventType.CallQueued, At = at, CallId = call, QueueId = Workload.Queue(agent % queues) };
        yield return new() { Id = call + "o", Type = EventType.CallOffered, At = answered.AddSeconds(-5), CallId = call, AgentId = id };
        yield return new() { Id = call + "a", Type = EventType.CallAnswered, At = answered, CallId = call, AgentId = id };
        if (random.NextDouble() < 0.2)
        {
            yield return new() { Id = call + "h", Type = EventType.CallHeld, At = answered.AddSeconds(60), CallId = call };
            yield return new() { Id = call + "r", Type = EventType.CallResumed, At = answered.AddSeconds(90), CallId = call };
        }
        yield return new() { Id = call + "e", Type = EventType.CallEnded, At = ended, CallId = call };
        yield return new() { Id = call + "w", Type = EventType.AgentState, At = available, AgentId = id, State = AgentState.Available };
        if (random.NextDouble() < 0.25)
        {
            yield return new() { Id = call + "s", Type = EventType.SurveyCompleted, At = available.AddSeconds(30), AgentId = id, CallId = call, Score = 1 + random.Next(5) };
        }
    }
}
