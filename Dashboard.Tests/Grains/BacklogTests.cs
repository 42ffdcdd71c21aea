using Dashboard.Grains.Ingestion;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Grains;

/// <summary>
/// A source catching up on a backlog (a PBX or CRM connector after an outage or a restart): hours of today's events
/// sent as fast as it can, in shuffled batches with some events a batch late. Event time races ahead of the clock;
/// no event may be judged late on its first delivery for that.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BacklogTests(ClusterFixture cluster)
{
    [Fact]
    public async Task Backlog_TwoHoursInShuffledBatchesSomeABatchLate_EveryEventCountsOnFirstDelivery()
    {
        // About one call a minute: each batch of 150 events spans half an hour of event time, three reorder windows.
        var day = GeneratedDay.Create(seed: 14, cluster.NextDay().AddHours(9), TimeSpan.FromHours(2));
        cluster.Time.SetUtcNow(day.Last.AddMinutes(1));
        var batches = Delivery.Batches(day.Events, batchSize: 150, seed: 14, holdBackOneIn: 10);

        var outcome = new IngestOutcome(0, 0);
        foreach (var batch in batches)
        {
            var result = await cluster.Ingestor.IngestAsync(batch);
            outcome = new(outcome.Accepted + result.Accepted, outcome.Duplicates + result.Duplicates, outcome.Late + result.Late);
            cluster.Time.Advance(TimeSpan.FromMilliseconds(100)); // as fast as the connection allows
        }

        Assert.Equal(new IngestOutcome(day.Events.Count, 0, 0), outcome);
        var today = (await cluster.Grains.GetGrain<IQueueGrain>(day.QueueId).GetSnapshotAsync()).Today;
        Assert.Equal((day.Offered, day.Answered, day.Abandoned), (today.Offered, today.Answered, today.Abandoned));
        foreach (var agent in day.AgentIds)
        {
            var snapshot = await cluster.Grains.GetGrain<IAgentGrain>(agent).GetSnapshotAsync();
            Assert.Equal((agent, day.Handled[agent]), (agent, snapshot.Today.Handled));
        }
    }
}
