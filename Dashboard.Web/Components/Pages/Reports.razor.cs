using System.Globalization;
using Dashboard.Web.Components.Shared;
using Dashboard.Web.Localization;
using Dashboard.Web.Reports;
using Dashboard.Web.TimeSeries;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dashboard.Web.Components.Pages;

/// <summary>
/// History for managers, QC specialists and analysts: a queue's intervals (table and charts), its trend against
/// the same weekday a week before, and every agent's days; each table downloadable as CSV from the reports API
/// with the same parameters. Filters can come from the query: <c>/reports?queue=sales&amp;from=2025-03-14&amp;to=2025-03-14&amp;interval=30&amp;agent=a01</c>.
/// </summary>
public partial class Reports : IDisposable
{
    private static readonly int[] IntervalChoices = [15, 30, 60, QueueIntervalQuery.Day];

    /// <summary>What the trend chart can compare (with the resource key of its name); ratios as percents so the axis reads like the tables.</summary>
    private static readonly TrendFigure[] TrendFigures =
    [
        new("offered", "Reports.Col.Offered", f => f.Offered),
        new("answered", "Reports.Col.Answered", f => f.Answered),
        new("service-level", "Reports.Figure.ServiceLevel", f => f.ServiceLevel * 100),
        new("asa", "Reports.Figure.Asa", f => f.AsaSeconds),
        new("aht", "Reports.Figure.Aht", f => f.AhtSeconds),
        new("abandon-rate", "Reports.Figure.AbandonRate", f => f.AbandonRate * 100),
    ];

    private readonly PageQuery<IReadOnlyList<QueueIntervalRow>> _intervals = new(startsLoading: true);
    private readonly PageQuery<Trend> _trend = new(startsLoading: true);
    private readonly PageQuery<IReadOnlyList<AgentDayRow>> _agents = new(startsLoading: true);
    // Counts are small per interval: a tick per unit, thinned to six, instead of the default step of 20.
    private readonly BarChartOptions _barOptions = new() { YAxisTicks = 1, MaxNumYAxisTicks = 6 };
    private readonly LineChartOptions _percentOptions = new() { YAxisSuggestedMax = 100, YAxisRequireZeroPoint = true, ShowDataMarkers = true };
    private readonly LineChartOptions _trendOptions = new() { YAxisRequireZeroPoint = true, YAxisTicks = 1, MaxNumYAxisTicks = 6 };

    private List<(string Id, string Name)> _queueOptions = [];
    private IReadOnlyList<(string Id, string Name)> _agentOptions = [];
    private Dictionary<string, string> _reasonLabels = new(StringComparer.Ordinal);
    private string _queueId = "";
    private DateRange _range = new();
    private int _interval = ReportRequest.DefaultIntervalMinutes;
    private string _agentId = "";
    private string _trendFigure = TrendFigures[0].Key;
    private bool _showQuiet;
    private IntervalView _intervalView = IntervalView.None;
    private TrendChart _trendChart = TrendChart.None;

    [Inject] private ReportService Service { get; set; } = default!;

    [Inject] private CenterDirectory Directory { get; set; } = default!;

    [Inject] private Microsoft.Extensions.Options.IOptions<Dashboard.Grains.Ingestion.IngestionOptions> Ingestion { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "queue")] public string? QueueParameter { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")] public string? ToParameter { get; set; }

    [SupplyParameterFromQuery(Name = "interval")] public int? IntervalParameter { get; set; }

    [SupplyParameterFromQuery(Name = "agent")] public string? AgentParameter { get; set; }

    private CenterClock Clock => Service.Clock;

    private DateOnly Today => Clock.DayOf(Clock.Now);

    private DateOnly FirstDay => _range.Start is { } start ? DateOnly.FromDateTime(start) : Today;

    private DateOnly LastDay => _range.End is { } end ? DateOnly.FromDateTime(end) : FirstDay;

    private bool SeveralDays => LastDay > FirstDay;

    private string DaysText => SeveralDays ? $"{Format.Day(FirstDay)} – {Format.Day(LastDay)}" : Format.Day(FirstDay);

    protected override void OnInitialized()
    {
        _queueOptions = [.. Service.Queues()];
        _agentOptions = Service.Agents();
        _reasonLabels = Directory.ReasonCodes.ToDictionary(r => r.Code, r => L.Reason(r.Code, r.Label), StringComparer.Ordinal);
        _queueId = QueueParameter is { Length: > 0 } queue ? queue : _queueOptions.FirstOrDefault().Id ?? "";
        if (_queueId != "" && !_queueOptions.Exists(q => q.Id == _queueId))
        {
            _queueOptions.Insert(0, (_queueId, Service.QueueName(_queueId))); // history of a queue the floor no longer has
        }
        var from = ParseDay(FromParameter) ?? Today;
        var to = ParseDay(ToParameter) is { } last && last >= from ? last : from;
        _range = Range(from, to);
        _interval = IntervalParameter is 15 or 30 or 60 or QueueIntervalQuery.Day ? IntervalParameter.Value : ReportRequest.DefaultIntervalMinutes;
        _agentId = AgentParameter ?? "";
    }

    // Queries start once the page is interactive, not while it is prerendered (which would run them twice).
    protected override Task OnAfterRenderAsync(bool firstRender) =>
        firstRender ? Task.WhenAll(LoadQueueAsync(), LoadAgentsAsync()) : Task.CompletedTask;

    private QueueIntervalQuery QueueQuery() => new(_queueId, Clock.StartOf(FirstDay), Clock.StartOf(LastDay.AddDays(1)), _interval);

    private AgentDayQuery AgentQuery() => new(Clock.StartOf(FirstDay), Clock.StartOf(LastDay.AddDays(1)), _agentId == "" ? null : _agentId);

    private Task SetQueueAsync(string queueId)
    {
        _queueId = queueId ?? "";
        return LoadQueueAsync();
    }

    private Task SetIntervalAsync(int minutes)
    {
        _interval = minutes;
        return LoadQueueAsync();
    }

    private Task SetRangeAsync(DateRange range)
    {
        if (range?.Start is null)
        {
            return Task.CompletedTask; // cleared: keep showing the last choice
        }
        _range = range;
        return Task.WhenAll(LoadQueueAsync(), LoadAgentsAsync());
    }

    /// <summary>A calendar month by day: this one (to today) or one before (<paramref name="monthsBack"/> −1).</summary>
    private Task SetMonthAsync(int monthsBack)
    {
        var first = new DateOnly(Today.Year, Today.Month, 1).AddMonths(monthsBack);
        var last = monthsBack == 0 ? Today : first.AddMonths(1).AddDays(-1);
        _interval = QueueIntervalQuery.Day;
        return SetRangeAsync(Range(first, last));
    }

    /// <summary>Days relative to today, e.g. (-6, 0) for the last seven days.</summary>
    private Task SetDaysAsync(int fromDays, int toDays) => SetRangeAsync(Range(Today.AddDays(fromDays), Today.AddDays(toDays)));

    private Task SetAgentAsync(string agentId)
    {
        _agentId = agentId ?? "";
        return LoadAgentsAsync();
    }

    private void SetTrendFigure(string key)
    {
        _trendFigure = key;
        _trendChart = _trend.Result is { } trend ? TrendChart.Of(trend, Figure(), Clock.Now) : TrendChart.None;
    }

    private void SetShowQuiet(bool show)
    {
        _showQuiet = show;
        DeriveIntervalView();
    }

    private void DeriveIntervalView() => _intervalView = _intervals.Result is { } rows
        ? IntervalView.Of(VisibleRows(rows), Directory.QueueSettings(_queueId), L)
        : IntervalView.None;

    /// <summary>The intervals with contacts; "Quiet hours" shows them all (the CSV always has them all).</summary>
    private IReadOnlyList<QueueIntervalRow> VisibleRows(IReadOnlyList<QueueIntervalRow> rows) =>
        _showQuiet || ActiveSpan(rows) is not { } span ? rows : [.. rows.Skip(span.First).Take(span.Last - span.First + 1)];

    /// <summary>
    /// The intervals from the first to the last with any contact, widened to whole hours: a day is 96 quarter hours
    /// and the night is usually empty. With <paramref name="alongside"/> (another day, interval by interval), a
    /// contact in either counts, so that two days drawn together share one span. Null when every interval is quiet.
    /// </summary>
    private static (int First, int Last)? ActiveSpan(IReadOnlyList<QueueIntervalRow> rows, IReadOnlyList<QueueIntervalRow>? alongside = null)
    {
        var active = Enumerable.Range(0, rows.Count)
            .Where(i => Active(rows[i]) || (alongside is not null && i < alongside.Count && Active(alongside[i])))
            .ToList();
        if (active.Count == 0)
        {
            return null;
        }
        int first = active[0], last = active[^1];
        while (first > 0 && rows[first].Start.Minute != 0)
            first--;
        while (last < rows.Count - 1 && rows[last].End.Minute != 0)
            last++;
        return (first, last);
    }

    private Task LoadQueueAsync()
    {
        if (_queueId == "")
        {
            return Task.CompletedTask;
        }
        var query = QueueQuery();
        var day = FirstDay;
        // The trend compares a day with the week before hour by hour, even when the table is by day.
        var trendQuery = query.ByDay ? query with { IntervalMinutes = 60 } : query;
        var before = day.AddDays(-7);
        return Task.WhenAll(
            RunAsync(_intervals, ct => Service.QueueIntervalsAsync(query, ct), _ => DeriveIntervalView()),
            RunAsync(_trend, async ct =>
            {
                var rows = Service.QueueIntervalsAsync(DayQuery(trendQuery, day), ct);
                var beforeRows = Service.QueueIntervalsAsync(DayQuery(trendQuery, before), ct);
                return new Trend(await rows, await beforeRows);
            }, trend => _trendChart = TrendChart.Of(trend, Figure(), Clock.Now)));
    }

    private Task LoadAgentsAsync()
    {
        var query = AgentQuery();
        return RunAsync(_agents, ct => Service.AgentDaysAsync(query, ct), _ => { });
    }

    /// <summary>Shows the loading bar, waits, then derives what the charts need from the result (once, not per render).</summary>
    private async Task RunAsync<T>(PageQuery<T> query, Func<CancellationToken, Task<T>> run, Action<T> derive)
    {
        var running = query.RunAsync(run);
        StateHasChanged();
        await running;
        if (query.Result is { } result)
        {
            derive(result);
        }
        StateHasChanged();
    }

    private QueueIntervalQuery DayQuery(QueueIntervalQuery query, DateOnly day) =>
        query with { From = Clock.StartOf(day), To = Clock.StartOf(day.AddDays(1)) };

    private TrendFigure Figure() => Array.Find(TrendFigures, f => f.Key == _trendFigure) ?? TrendFigures[0];

    private static bool Active(QueueIntervalRow row) => row.Figures is not { Offered: 0, Answered: 0, Abandoned: 0, FlowedOut: 0, Handled: 0 };

    private static bool Quiet(IReadOnlyList<QueueIntervalRow> rows) => !rows.Any(Active);

    private static List<string> Reasons(IReadOnlyList<AgentDayRow> rows) =>
        [.. rows.SelectMany(r => r.NotReadyByReason.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private string ReasonLabel(string code) => _reasonLabels.GetValueOrDefault(code) ?? L.Reason(code, null);

    private string CsatText(Csat? csat) => csat is { Responses: > 0 } c
        ? L["Reports.Csat", Format.Number(c.Mean, 1), Format.Percent(c.TopTwoBox), c.Responses]
        : Format.None;

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static DateRange Range(DateOnly from, DateOnly to) =>
        new(from.ToDateTime(TimeOnly.MinValue), to.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// X-axis labels: every interval would be unreadable at 96 a day, so one label per step of 1, 2, 3, 4, 6 or
    /// 12 hours or whole days — the shortest that leaves at most 16 — on the clock's round hours.
    /// </summary>
    private static string[] AxisLabels(IReadOnlyList<QueueIntervalRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var minutes = (int)(rows[0].End - rows[0].Start).TotalMinutes;
        if (minutes >= 23 * 60)
        {
            // By day: the day itself, every day up to a fortnight, else every n-th.
            var every = (rows.Count + 15) / 16;
            return [.. rows.Select((r, i) => i % every == 0 ? Format.ShortDay(r.Start) : "")];
        }
        var span = minutes * rows.Count;
        var step = new[] { minutes, 60, 120, 180, 240, 360, 720, 1440 }.FirstOrDefault(s => s >= minutes && span / s <= 16, 1440);
        var severalDays = rows[^1].Start.Date > rows[0].Start.Date;
        return [.. rows.Select(r =>
        {
            var minuteOfDay = (int)r.Start.TimeOfDay.TotalMinutes;
            if (step < 1440 ? minuteOfDay % step != 0 : minuteOfDay != 0 && r != rows[0])
            {
                return "";
            }
            return severalDays ? Format.DayAndTime(r.Start) : r.Start.ToString("HH:mm", CultureInfo.InvariantCulture);
        })];
    }

    public void Dispose()
    {
        _intervals.Dispose();
        _trend.Dispose();
        _agents.Dispose();
    }

    private sealed record TrendFigure(string Key, string Label, Func<WindowFigures, double?> Value);

    /// <summary>One queue's day (the first of the range) and the same weekday a week before.</summary>
    private sealed record Trend(IReadOnlyList<QueueIntervalRow> Rows, IReadOnlyList<QueueIntervalRow> BeforeRows);

    /// <summary>The rows the table shows and the charts of them.</summary>
    private sealed record IntervalView(
        IReadOnlyList<QueueIntervalRow> Rows, string[] Labels, List<ChartSeries<double>> Volume, List<ChartSeries<double>> ServiceLevel)
    {
        public static readonly IntervalView None = new([], [], [], []);

        public static IntervalView Of(IReadOnlyList<QueueIntervalRow> rows, QueueSettings settings, IStringLocalizer text) => new(
            rows,
            AxisLabels(rows),
            [
                NewSeries(text["Reports.Col.Offered"], rows.Select(r => (double?)r.Figures.Offered)),
                NewSeries(text["Reports.Col.Answered"], rows.Select(r => (double?)r.Figures.Answered)),
                NewSeries(text["Reports.Col.Abandoned"], rows.Select(r => (double?)r.Figures.Abandoned)),
            ],
            [
                NewSeries(text["Reports.Col.ServiceLevel"], rows.Select(r => r.Figures.ServiceLevel * 100)),
                NewSeries(text["Reports.Series.Target", Format.Percent(settings.ServiceLevelTarget)], rows.Select(_ => (double?)settings.ServiceLevelTarget * 100)),
            ]);
    }

    /// <summary>The chosen figure for both days by interval; the day's intervals still to come are left empty.</summary>
    /// <remarks>A week before with no contacts at all is no comparison: it is left out (and the page says so) rather
    /// than drawn as a flat line of zeros that makes the day's own line look like a spike.</remarks>
    private sealed record TrendChart(string[] Labels, List<ChartSeries<double>> Series, bool HasBefore)
    {
        public static readonly TrendChart None = new([], [], true);

        /// <remarks>Drawn over the hours with contacts on either day, not the whole 24 hours (the night would take
        /// most of the width and squeeze the day into a spike).</remarks>
        public static TrendChart Of(Trend trend, TrendFigure figure, DateTimeOffset now)
        {
            var hasBefore = !Quiet(trend.BeforeRows);
            var (first, last) = ActiveSpan(trend.Rows, hasBefore ? trend.BeforeRows : null) ?? (0, trend.Rows.Count - 1);
            IEnumerable<T> Spanned<T>(IEnumerable<T> items) => items.Skip(first).Take(last - first + 1);
            var series = new List<ChartSeries<double>>
            {
                NewSeries(Format.Day(DateOnly.FromDateTime(trend.Rows[0].Start.DateTime)), Spanned(trend.Rows).Select(r => r.Start < now ? figure.Value(r.Figures) : null)),
            };
            if (hasBefore)
                series.Add(NewSeries(Format.Day(DateOnly.FromDateTime(trend.BeforeRows[0].Start.DateTime)), Spanned(trend.BeforeRows).Select(r => figure.Value(r.Figures))));
            return new(AxisLabels([.. Spanned(trend.Rows)]), series, hasBefore);
        }
    }

    private static ChartSeries<double> NewSeries(string name, IEnumerable<double?> values) => new() { Name = name, Data = values.ToArray() };
}
