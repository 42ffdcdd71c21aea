namespace Dashboard.Grains.Floor;

/// <summary>Agents assigned to each queue, counted by state, kept up to date as agent snapshots replace each other.</summary>
internal sealed class Staffing
{
    private readonly Dictionary<string, int[]> _counts = new(StringComparer.Ordinal);

    /// <summary>Moves an agent's contribution from its old snapshot to its new one; returns the queues touched.</summary>
    public IEnumerable<string> Replace(AgentSnapshot? before, AgentSnapshot after)
    {
        if (before is not null)
        {
            foreach (var queueId in before.Queues)
            {
                Counts(queueId)[(int)before.State]--;
            }
        }
        foreach (var queueId in after.Queues)
        {
            Counts(queueId)[(int)after.State]++;
        }
        return before is null ? after.Queues : before.Queues.Union(after.Queues);
    }

    public AgentCounts For(string queueId)
    {
        if (!_counts.TryGetValue(queueId, out var c))
        {
            return AgentCounts.None;
        }
        var staffed = c.Sum() - c[(int)AgentState.Offline];
        return new AgentCounts(
            staffed, c[(int)AgentState.Available], c[(int)AgentState.OnCall], c[(int)AgentState.WrapUp],
            c[(int)AgentState.NotReady], c[(int)AgentState.Ringing]);
    }

    private int[] Counts(string queueId)
    {
        if (!_counts.TryGetValue(queueId, out var c))
        {
            _counts[queueId] = c = new int[Enum.GetValues<AgentState>().Length];
        }
        return c;
    }
}
