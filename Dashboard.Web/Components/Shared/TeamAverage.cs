namespace Dashboard.Web.Components.Shared;

/// <summary>The mean of today's figures over the agents of one team on the floor. Ratios (AHT, occupancy, CSAT)
/// average over the agents who have one; totals average over all the team's agents.</summary>
public sealed record TeamAverage(
    string Team,
    int Agents,
    double Handled,
    double? AhtSeconds,
    double TalkSeconds,
    double HoldSeconds,
    double WrapUpSeconds,
    double NotReadySeconds,
    ImmutableDictionary<string, double> NotReadyByReason,
    double? Occupancy,
    double Missed,
    double ComplaintsOpen,
    double? CsatMean,
    double? CsatTopTwoBox)
{
    public static TeamAverage Of(IEnumerable<AgentSnapshot> agents, string team)
    {
        int count = 0, ahtCount = 0, occupancyCount = 0, csatCount = 0;
        double handled = 0, aht = 0, talk = 0, hold = 0, wrapUp = 0, notReady = 0, occupancy = 0, missed = 0,
            complaints = 0, csatMean = 0, csatTop = 0;
        var byReason = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (!string.Equals(agent.Team, team, StringComparison.Ordinal))
            {
                continue;
            }
            var today = agent.Today;
            count++;
            handled += today.Handled;
            talk += today.TalkSeconds;
            hold += today.HoldSeconds;
            wrapUp += today.WrapUpSeconds;
            notReady += today.NotReadySeconds;
            missed += today.Missed;
            complaints += today.ComplaintsOpen;
            if (today.AhtSeconds is { } a) { aht += a; ahtCount++; }
            if (today.Occupancy is { } o) { occupancy += o; occupancyCount++; }
            if (today.Csat is { Responses: > 0 } c) { csatMean += c.Mean; csatTop += c.TopTwoBox; csatCount++; }
            foreach (var (reason, seconds) in today.NotReadyByReason)
            {
                byReason[reason] = byReason.GetValueOrDefault(reason) + seconds;
            }
        }
        double Mean(double sum) => count == 0 ? 0 : sum / count;
        static double? MeanOf(double sum, int n) => n == 0 ? null : sum / n;
        return new TeamAverage(
            team, count, Mean(handled), MeanOf(aht, ahtCount), Mean(talk), Mean(hold), Mean(wrapUp), Mean(notReady),
            byReason.ToImmutableDictionary(kv => kv.Key, kv => Mean(kv.Value), StringComparer.Ordinal),
            MeanOf(occupancy, occupancyCount), Mean(missed), Mean(complaints),
            MeanOf(csatMean, csatCount), MeanOf(csatTop, csatCount));
    }
}
