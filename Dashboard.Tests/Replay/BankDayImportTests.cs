using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Replay;

/// <summary>The bank's day imported into history on an earlier date (Replay:ImportDay) on the real host: the
/// history report for that day counts, per queue, what the CSV rows say.</summary>
public sealed class BankDayImportTests : IAsyncLifetime
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private readonly DashboardFactory _factory = new DashboardFactory()
        .With("Replay:Path", BankDayReplayTests.Csv).With("Replay:ImportDay", Yesterday.ToString("yyyy-MM-dd"))
        // History is written once a contact can no longer change (a reorder window after the feed goes quiet):
        // a short window makes that seconds, not minutes.
        .With("Ingestion:ReorderWindow", "00:00:20");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Import_Yesterday_HistoryReportCountsWhatTheRowsSay()
    {
        var expected = BankDayReplayTests.FromCsv();
        var client = _factory.CreateClient();
        var from = Uri.EscapeDataString(new DateTimeOffset(Yesterday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString("O"));
        var to = Uri.EscapeDataString(new DateTimeOffset(Yesterday.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToString("O"));

        async Task<(int Offered, int Answered, int Abandoned)> TotalsAsync(string queue)
        {
            var rows = await client.GetFromJsonAsync<JsonElement>($"/api/reports/queues?queueId={queue}&from={from}&to={to}&interval=60");
            var figures = rows.EnumerateArray().Select(r => r.GetProperty("figures")).ToList();
            return (figures.Sum(f => f.GetProperty("offered").GetInt32()), figures.Sum(f => f.GetProperty("answered").GetInt32()),
                figures.Sum(f => f.GetProperty("abandoned").GetInt32()));
        }

        // History is written once a contact can no longer change: poll until the whole day is in.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var totals = new Dictionary<string, (int, int, int)>();
        do
        {
            foreach (var queue in expected.Keys)
                totals[queue] = await TotalsAsync(queue);
            if (expected.All(e => totals[e.Key] == (e.Value.Offered, e.Value.Answered, e.Value.Abandoned)))
                break;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.All(expected, e => Assert.Equal((e.Key, e.Value.Offered, e.Value.Answered, e.Value.Abandoned), (e.Key, totals[e.Key].Item1, totals[e.Key].Item2, totals[e.Key].Item3)));
    }
}
