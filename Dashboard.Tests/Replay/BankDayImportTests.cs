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
        .With("Logging:LogLevel:Dashboard.Web.Simulation", "Information");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Import_Yesterday_HistoryReportCountsWhatTheRowsSayOnceTheImportSaysSo()
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

        // The import says when the day is complete in history; with the default reorder window (10 minutes) the
        // grains alone would write its last contacts only once they found the feed quiet, 2.5 to 5 minutes later.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_factory.Logs.Lines.Any(l => l.Message.Contains("complete in history", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        var totals = new Dictionary<string, (int, int, int)>();
        foreach (var queue in expected.Keys)
            totals[queue] = await TotalsAsync(queue);

        Assert.All(expected, e => Assert.Equal((e.Key, e.Value.Offered, e.Value.Answered, e.Value.Abandoned), (e.Key, totals[e.Key].Item1, totals[e.Key].Item2, totals[e.Key].Item3)));
    }
}
