using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// Issue 14 §3 and §6: every contact the board counts lands in history. Generated stretches of today — some with
/// answered calls whose call.ended the source lost (the agent logged out instead) — posted through the real host;
/// the history report's totals for the day equal the live queue's today.
/// </summary>
public sealed class HistoryMatchesLiveTests : IAsyncLifetime
{
    // "Today" began three hours ago whatever the hour, so two hours of today can be posted at any time of day.
    private static readonly DateTimeOffset DayStart = ToTheMinute(DateTimeOffset.UtcNow.AddHours(-3));

    private static DateTimeOffset ToTheMinute(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private readonly DashboardFactory _factory = new DashboardFactory()
        .With("Center:DayStartsAt", DayStart.ToString("HH:mm"))
        // History is written once a contact can no longer change: a short window makes that seconds, not minutes.
        .With("Ingestion:ReorderWindow", "00:00:02")
        // Every run posts the same hours again for new contacts: none may be taken for a straggler of the last.
        .With("Ingestion:DuplicateWindow", "06:00:00");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AnyDay_HistoryReportTotalsEqualTheLiveQueue()
    {
        var client = _factory.CreateClient();
        var days = Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[0, 6]);
        await days.SampleAsync(async (seed, lostEndOneIn) =>
        {
            var day = GeneratedDay.Create(
                seed, DayStart.AddMinutes(30), TimeSpan.FromHours(2), agents: 3, meanGapSeconds: 50, lostEndOneIn: lostEndOneIn);
            foreach (var batch in day.Events.Chunk(200))
            {
                var response = await client.PostAsync("/api/events", new StringContent(ContractJson.Of(batch), Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
            }
            var live = (await client.GetFromJsonAsync<JsonElement>($"/api/queues/{day.QueueId}")).GetProperty("today");
            var expected = (live.GetProperty("offered").GetInt32(), live.GetProperty("answered").GetInt32(), live.GetProperty("abandoned").GetInt32());
            Assert.Equal((day.Offered, day.Answered, day.Abandoned), expected);

            var history = (0, 0, 0);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (history != expected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                history = await HistoryTotalsAsync(client, day.QueueId);
            }
            Assert.Equal(expected, history);
        }, iter: 5, threads: 1, print: t => $"seed {t.Item1}, 1 in {t.Item2} answered calls without call.ended");
    }

    private static async Task<(int, int, int)> HistoryTotalsAsync(HttpClient client, string queueId)
    {
        var from = Uri.EscapeDataString(DayStart.ToString("O"));
        var to = Uri.EscapeDataString(DayStart.AddDays(1).ToString("O"));
        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/reports/queues?queueId={queueId}&from={from}&to={to}&interval=60");
        var figures = rows.EnumerateArray().Select(r => r.GetProperty("figures")).ToList();
        return (figures.Sum(f => f.GetProperty("offered").GetInt32()), figures.Sum(f => f.GetProperty("answered").GetInt32()),
            figures.Sum(f => f.GetProperty("abandoned").GetInt32()));
    }
}
