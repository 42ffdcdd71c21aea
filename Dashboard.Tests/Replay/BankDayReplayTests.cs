using System.Globalization;
using Dashboard.Tests.Grains;
using Dashboard.Web.Simulation;

namespace Dashboard.Tests.Replay;

[CollectionDefinition(Name)]
public sealed class ReplayCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "replay-cluster";
}

/// <summary>
/// The bank's real day replayed through the real pipeline and grains (its own cluster: it moves the clock to the end
/// of its day), and the product's figures per queue compared with figures this test computes from the CSV rows
/// itself, by the rules BankDay documents — not with BankDay's code.
/// </summary>
[Collection(ReplayCluster.Name)]
public sealed class BankDayReplayTests(ClusterFixture cluster)
{
    internal static readonly string Csv = Path.Combine(AppContext.BaseDirectory, "anonymous-bank-1999-08-01.csv");

    internal sealed record Expected(int Offered, int Answered, int Abandoned, double Asa, double MeanService, double AbandonRate);

    /// <summary>Straight from the rows: offered = queued (served or hung up) + served without queueing by a named agent;
    /// waits are q_time (0 without queueing); short abandons waited under 5 s; PHANTOM rows are ignored.</summary>
    internal static Dictionary<string, Expected> FromCsv()
    {
        var rows = File.ReadAllLines(Csv).Skip(1).Select(l => l.Split(',')).ToList();
        var byQueue = new Dictionary<string, Expected>();
        foreach (var queue in rows.GroupBy(r => r[4]))
        {
            var queued = queue.Where(r => r[9] != "0:00:00").ToList();
            var served = queue.Where(r => r[12] == "AGENT" && (r[9] != "0:00:00" || r[16] != "NO_SERVER")).ToList();
            var hung = queued.Where(r => r[12] == "HANG").ToList();
            var shortHung = hung.Count(r => int.Parse(r[11], CultureInfo.InvariantCulture) < 5);
            var waits = served.Select(r => r[9] == "0:00:00" ? 0 : int.Parse(r[11], CultureInfo.InvariantCulture)).ToList();
            byQueue[queue.Key] = new Expected(
                queued.Count(r => r[12] is "AGENT" or "HANG") + served.Count(r => r[9] == "0:00:00"),
                served.Count, hung.Count,
                waits.Average(),
                served.Average(r => int.Parse(r[15], CultureInfo.InvariantCulture)),
                (hung.Count - shortHung) / (double)(served.Count + hung.Count - shortHung));
        }
        return byQueue;
    }

    [Fact]
    public async Task Replay_WholeDay_QueueFiguresMatchTheRows()
    {
        var day = new DateTimeOffset(2027, 8, 1, 0, 0, 0, TimeSpan.Zero); // a Sunday, as 1 August 1999 was
        cluster.Time.SetUtcNow(day.AddSeconds(86399));
        var events = BankDay.Events(BankDay.Read(Csv), "test").Select(t => t.Event with { At = day.AddSeconds(t.Second) }).ToList();

        // In the order of the day, a minute at a time, as a live feed would send it (a batch spanning more than the
        // reorder window would make its own early events late).
        foreach (var minute in events.GroupBy(e => (long)(e.At - day).TotalMinutes))
        {
            await cluster.Ingestor.IngestAsync([.. minute]);
        }
        var floor = cluster.Grains.GetGrain<IFloorGrain>(GrainKeys.Floor);

        foreach (var (queueId, expected) in FromCsv())
        {
            var today = (await floor.GetQueueAsync(queueId))!.Today;
            Assert.Equal((queueId, expected.Offered, expected.Answered, expected.Abandoned), (queueId, today.Offered, today.Answered, today.Abandoned));
            Assert.Equal(expected.Asa, today.AsaSeconds!.Value, 6);
            Assert.Equal(expected.MeanService, today.AhtSeconds!.Value, 6);
            Assert.Equal(expected.AbandonRate, today.AbandonRate!.Value, 6);
        }
    }
}
