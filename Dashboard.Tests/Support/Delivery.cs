namespace Dashboard.Tests.Support;

/// <summary>How a source hands over a stream of events: in batches, each shuffled, some events a batch late, some twice.</summary>
public static class Delivery
{
    /// <param name="holdBackOneIn">Every event with this chance (1 in N; 0: never) goes one batch later than its neighbours.</param>
    /// <param name="repeatOneIn">Every event with this chance is sent again in a later batch (a connector's re-send).</param>
    public static List<List<CenterEvent>> Batches(
        IReadOnlyList<CenterEvent> events, int batchSize, int seed, int holdBackOneIn = 0, int repeatOneIn = 0)
    {
        var random = new Random(seed);
        var batches = events.Chunk(batchSize).Select(c => c.ToList()).ToList();
        batches.Add([]); // room for what the last batch holds back
        for (var b = 0; b < batches.Count - 1; b++)
        {
            var kept = new List<CenterEvent>();
            foreach (var e in batches[b])
            {
                (holdBackOneIn > 0 && random.Next(holdBackOneIn) == 0 ? batches[b + 1] : kept).Add(e);
                if (repeatOneIn > 0 && random.Next(repeatOneIn) == 0)
                {
                    batches[random.Next(b + 1, batches.Count)].Add(e);
                }
            }
            batches[b] = [.. kept.OrderBy(_ => random.Next())];
        }
        batches[^1] = [.. batches[^1].OrderBy(_ => random.Next())];
        return [.. batches.Where(b => b.Count > 0)];
    }
}
