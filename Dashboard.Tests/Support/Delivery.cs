namespace Dashboard.Tests.Support;

/// <summary>How a source hands over a stream of events: in batches, each shuffled, some events a batch late, some twice.</summary>
public static class Delivery
{
    /// <param name="holdBackOneIn">Every event with this chance (1 in N; 0: never) goes one batch later than its neighbours
    /// (one batch, never more: a connector's reordering, not a lost event found again).</param>
    /// <param name="repeatOneIn">Every event with this chance is sent again in a later batch (a connector's re-send).</param>
    public static List<List<CenterEvent>> Batches(
        IReadOnlyList<CenterEvent> events, int batchSize, int seed, int holdBackOneIn = 0, int repeatOneIn = 0)
    {
        var random = new Random(seed);
        var chunks = events.Chunk(batchSize).ToList();
        var batches = new List<List<CenterEvent>>();
        var repeats = new Dictionary<int, List<CenterEvent>>();
        List<CenterEvent> heldBack = [];
        for (var b = 0; b <= chunks.Count; b++)
        {
            var batch = new List<CenterEvent>(heldBack);
            heldBack = [];
            foreach (var e in b < chunks.Count ? chunks[b] : [])
            {
                (holdBackOneIn > 0 && random.Next(holdBackOneIn) == 0 ? heldBack : batch).Add(e);
                if (repeatOneIn > 0 && random.Next(repeatOneIn) == 0)
                {
                    var later = random.Next(b + 1, chunks.Count + 1);
                    (repeats.TryGetValue(later, out var list) ? list : repeats[later] = []).Add(e);
                }
            }
            batch.AddRange(repeats.GetValueOrDefault(b) ?? []);
            batches.Add([.. batch.OrderBy(_ => random.Next())]);
        }
        return [.. batches.Where(b => b.Count > 0)];
    }
}
