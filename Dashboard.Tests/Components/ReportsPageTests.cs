using Bunit;
using Dashboard.Grains.History;
using Dashboard.Web.Reports;
using ReportsPage = Dashboard.Web.Components.Pages.Reports;
using Dashboard.Web.TimeSeries;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The /reports page against a history store the test answers (or holds back), center at UTC+8.</summary>
public class ReportsPageTests : ComponentTestBase
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly FakeHistoryStore _store = new();

    public ReportsPageTests()
    {
        Services.AddSingleton(new CenterClock(Time, Shanghai, new TimeOnly(0, 0)));
        Services.AddSingleton<IHistoryStore>(_store);
        Services.AddSingleton<ReportService>();
        Feed.Set(queues: [Snapshots.Queue("sales", "Pre-sales")], agents: [Snapshots.Agent("a1", "Ann")]);
    }

    private IRenderedComponent<ReportsPage> RenderReports(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("reports" + query);
        return Render<ReportsPage>();
    }

    /// <summary>A quarter-hour row of "sales" starting at <paramref name="localStart"/> (UTC+8) on 10 March 2025.</summary>
    private static QueueIntervalRow Row(string localStart, WindowFigures figures)
    {
        var start = new DateTimeOffset(new DateTime(2025, 3, 10) + TimeSpan.Parse(localStart), TimeSpan.FromHours(8)).ToUniversalTime();
        return new QueueIntervalRow("sales", start, start.AddMinutes(15), figures);
    }

    private static readonly WindowFigures Busy = WindowFigures.Empty with
    {
        Offered = 12, Answered = 10, Abandoned = 2, AnsweredWithinThreshold = 8, ServiceLevel = 0.8, AsaSeconds = 14.6,
        AhtSeconds = 301.2, AbandonRate = 1.0 / 6, Handled = 9,
    };

    [Fact]
    public void Render_QueryRunning_LoadingBarThenTheTable()
    {
        var answer = new TaskCompletionSource<IReadOnlyList<QueueIntervalRow>>();
        _store.Intervals = _ => answer.Task;
        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("intervals-loading")));
        Assert.Empty(cut.FindAllByTestId("intervals-table"));

        answer.SetResult([Row("09:00:00", Busy), Row("09:15:00", WindowFigures.Empty)]);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAllByTestId("interval").Count));
        Assert.Empty(cut.FindAllByTestId("intervals-loading"));
        // Center time (UTC+8), figures written as on the live pages.
        Assert.Equal(["09:00–09:15", "09:15–09:30"], cut.FindAllByTestId("interval").Select(c => c.TextContent));
        var table = cut.FindByTestId("intervals-table");
        List<string> Column(string id) => [.. table.QuerySelectorAll($"[data-testid='{id}']").Select(c => c.TextContent)];
        Assert.Equal(["12", "10", "2", "80%", "0:14", "5:01", "17%"],
            ((string[])["offered", "answered", "abandoned", "service-level", "asa", "aht", "abandon-rate"]).Select(id => Column(id)[0]));
        Assert.Equal(["0", "—", "—", "—", "—"], ((string[])["offered", "service-level", "asa", "aht", "abandon-rate"]).Select(id => Column(id)[1]));
        Assert.NotEmpty(cut.FindByTestId("intervals-volume-chart").QuerySelectorAll("svg"));
    }

    [Fact]
    public void Render_Parameters_StoreAskedForTheCenterDaysAndTheInterval()
    {
        var cut = RenderReports("?queue=sales&from=2025-03-10&to=2025-03-11&interval=30&agent=a1");

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("intervals-table")));
        var shanghaiDay = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.FromHours(8));
        Assert.Contains(new QueueIntervalQuery("sales", shanghaiDay, shanghaiDay.AddDays(2), 30), _store.IntervalQueries);
        // The trend: the first day and the same weekday a week before.
        Assert.Contains(new QueueIntervalQuery("sales", shanghaiDay, shanghaiDay.AddDays(1), 30), _store.IntervalQueries);
        Assert.Contains(new QueueIntervalQuery("sales", shanghaiDay.AddDays(-7), shanghaiDay.AddDays(-6), 30), _store.IntervalQueries);
        Assert.Contains(new AgentDayQuery(shanghaiDay, shanghaiDay.AddDays(2), "a1"), _store.AgentQueries);
    }

    [Fact]
    public void Render_CsvLinks_CarryTheSameParameters()
    {
        var cut = RenderReports("?queue=sales&from=2025-03-10&to=2025-03-11&interval=30&agent=a1");

        Assert.Equal(
            "/api/reports/queues.csv?queueId=sales&from=2025-03-10T00%3A00%3A00%2B08%3A00&to=2025-03-12T00%3A00%3A00%2B08%3A00&interval=30",
            cut.FindByTestId("intervals-csv").GetAttribute("href"));
        Assert.Equal(
            "/api/reports/agents.csv?from=2025-03-10T00%3A00%3A00%2B08%3A00&to=2025-03-12T00%3A00%3A00%2B08%3A00&agentId=a1",
            cut.FindByTestId("agents-csv").GetAttribute("href"));
        Assert.True(cut.FindByTestId("intervals-csv").HasAttribute("download"));
    }

    [Fact]
    public void Render_NoContacts_SaysSoInsteadOfAnEmptyTable()
    {
        _store.Intervals = _ => Task.FromResult<IReadOnlyList<QueueIntervalRow>>([Row("09:00:00", WindowFigures.Empty)]);

        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.Equal("No contacts in Pre-sales on Mon 10 Mar 2025.", cut.FindByTestId("intervals-empty").TextContent));
        Assert.Empty(cut.FindAllByTestId("intervals-table"));
        Assert.NotNull(cut.FindByTestId("agents-empty"));
    }

    [Fact]
    public void Render_StoreFails_ErrorMessageWithoutTheStoresAddressAndNoLoadingBar()
    {
        _store.Intervals = _ => Task.FromException<IReadOnlyList<QueueIntervalRow>>(new HttpRequestException("Connection refused (influxdb:8086)"));

        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.StartsWith(
            "History could not be read: the history store did not answer", cut.FindByTestId("intervals-error").TextContent));
        Assert.DoesNotContain("influxdb:8086", cut.Markup);
        Assert.Empty(cut.FindAllByTestId("intervals-loading"));
    }

    [Fact]
    public void Render_AgentDays_TableWithNamesReasonsAndCsat()
    {
        _store.Agents = q => Task.FromResult<IReadOnlyList<AgentDayRow>>(
        [
            new AgentDayRow("a1", new DateOnly(2025, 3, 10), q.From, q.To, 2, 370, 530, 60, 150, 2678, 780, 740.0 / 3418,
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("lunch", 780.0)]), new Csat(3, 0.5, 2)),
        ]);

        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("agents-table")));
        var table = cut.FindByTestId("agents-table");
        string Cell(string id) => table.QuerySelector($"[data-testid='{id}']")!.TextContent;
        Assert.Equal("Ann a1", Cell("agent"));
        Assert.Equal("Mon 10 Mar 2025", Cell("day"));
        Assert.Equal(["2", "6:10", "8:50", "1:00", "2:30", "22%", "13:00", "13:00"],
            ((string[])["handled", "aht", "talk", "hold", "wrap-up", "occupancy", "not-ready", "not-ready-lunch"]).Select(Cell));
        Assert.Equal("3.0 of 5 · 50% satisfied · surveys: 2", Cell("csat"));
        Assert.Contains("Lunch", table.TextContent);
    }

    [Fact]
    public void Render_Intervals_AhtStandsBesideTheHandledCountItIsOver()
    {
        // Nothing offered from 09:15, but two contacts offered earlier were finished then: their AHT has its count.
        var handledLater = WindowFigures.Empty with { Handled = 2, AhtSeconds = 240 };
        _store.Intervals = _ => Task.FromResult<IReadOnlyList<QueueIntervalRow>>([Row("09:00:00", Busy), Row("09:15:00", handledLater)]);

        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAllByTestId("interval").Count));
        var rows = cut.FindByTestId("intervals-table").QuerySelectorAll("tbody tr");
        string Cell(int row, string id) => rows[row].QuerySelector($"[data-testid='{id}']")!.TextContent;
        Assert.Equal(("9", "5:01"), (Cell(0, "handled"), Cell(0, "aht")));
        Assert.Equal(("0", "2", "4:00"), (Cell(1, "offered"), Cell(1, "handled"), Cell(1, "aht")));
    }

    [Fact]
    public void Render_TrendWithAWeekBefore_NoNote()
    {
        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("trend-chart")));
        Assert.Empty(cut.FindAll("[data-testid=trend-no-before]"));
    }

    [Fact]
    public void Render_TrendWithNothingAWeekBefore_DrawsTheDayAloneAndSaysWhy()
    {
        var day = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.FromHours(8));
        _store.Intervals = q => Task.FromResult<IReadOnlyList<QueueIntervalRow>>(
            q.From >= day ? [Row("09:00:00", Busy)] : [new QueueIntervalRow("sales", q.From, q.From.AddMinutes(15), WindowFigures.Empty)]);

        var cut = RenderReports("?queue=sales&from=2025-03-10");

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("trend-no-before")));
        Assert.Equal("No contacts on Mon 3 Mar 2025 to compare with: the day is shown alone.", cut.FindByTestId("trend-no-before").TextContent);
        Assert.NotNull(cut.FindByTestId("trend-chart"));
    }

    [Fact]
    public void Render_Trend_SpansTheHoursWithContactsOnEitherDay_NotTheNight()
    {
        // The day busy 09:00–10:00, the week before 08:00–08:30 (center time): the chart runs 08:00 to 10:00.
        var day = new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.FromHours(8));
        _store.Intervals = q => Task.FromResult<IReadOnlyList<QueueIntervalRow>>([.. Enumerable
            .Range(0, (int)((q.To - q.From).TotalMinutes / q.IntervalMinutes))
            .Select(i => q.From.ToOffset(TimeSpan.FromHours(8)).AddMinutes(i * q.IntervalMinutes))
            .Select(start =>
            {
                var busy = start >= day
                    ? start.Hour == 9
                    : start.Hour == 8 && start.Minute < 30;
                return new QueueIntervalRow("sales", start, start.AddMinutes(q.IntervalMinutes), busy ? Busy : WindowFigures.Empty);
            })]);

        var cut = RenderReports("?queue=sales&from=2025-03-10&interval=15");

        cut.WaitForAssertion(() => Assert.NotNull(cut.FindByTestId("trend-chart")));
        // The labels MudChart is given (it draws them only once the browser has measured it).
        var trend = cut.FindComponents<MudBlazor.MudChart<double>>().Single(c => c.Instance.ChartSeries.Any(x => x.Name == "Mon 10 Mar 2025"));
        var labels = trend.Instance.ChartLabels.Where(l => l != "").ToList();
        Assert.Equal(["08:00", "08:15", "08:30", "08:45", "09:00", "09:15", "09:30", "09:45"], labels);
    }

    [Fact]
    public void Render_TodayInTheRange_SaysHowFarBehindTheFloorHistoryIs_APastDayDoesNot()
    {
        var today = RenderReports("?queue=sales");
        var lastWeek = RenderReports("?queue=sales&from=2025-03-03&to=2025-03-03");

        Assert.Contains("10 minutes", today.FindByTestId("report-settling").TextContent);
        Assert.Empty(lastWeek.FindAll("[data-testid=report-settling]"));
    }

    private sealed class FakeHistoryStore : IHistoryStore
    {
        public Func<QueueIntervalQuery, Task<IReadOnlyList<QueueIntervalRow>>> Intervals { get; set; } =
            q => Task.FromResult<IReadOnlyList<QueueIntervalRow>>([new QueueIntervalRow(q.QueueId, q.From, q.From.AddMinutes(q.IntervalMinutes), Busy)]);

        public Func<AgentDayQuery, Task<IReadOnlyList<AgentDayRow>>> Agents { get; set; } =
            _ => Task.FromResult<IReadOnlyList<AgentDayRow>>([]);

        public List<QueueIntervalQuery> IntervalQueries { get; } = [];

        public List<AgentDayQuery> AgentQueries { get; } = [];

        public string Kind => "fake";

        public Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task MaintainAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<HistoryRecord>> ReadAsync(HistoryFilter filter, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<HistoryRecord>>([]);

        public Task<IReadOnlyList<QueueIntervalRow>> GetQueueIntervalsAsync(QueueIntervalQuery query, CancellationToken cancellationToken = default)
        {
            IntervalQueries.Add(query);
            return Intervals(query);
        }

        public Task<IReadOnlyList<AgentDayRow>> GetAgentDaysAsync(AgentDayQuery query, CancellationToken cancellationToken = default)
        {
            AgentQueries.Add(query);
            return Agents(query);
        }
    }
}
