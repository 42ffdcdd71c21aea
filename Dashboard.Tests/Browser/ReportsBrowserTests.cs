using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// /reports in a real headless Chromium against the real host: a manager picks a queue and a day, reads the
/// quarter-hour table and the charts of the scripted hour (<see cref="ReportScript"/>), and downloads the CSV.
/// </summary>
public sealed class ReportsBrowserTests() : BrowserTest(ReportScript.Host(QueueName, "Li Wei", "Zhang Min"))
{
    private const string QueueName = "After-sales East";

    [Fact]
    public async Task Reports_ManagerPicksQueueAndDay_QuarterHourTableChartsAndCsv()
    {
        var day = ReportScript.DaysAgo(1);
        using var http = Factory.CreateSocketClient();
        await ReportScript.PostAndWaitAsync(http, day);
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 }, AcceptDownloads = true }, Roles.Manager);
        await page.GotoAsync(new Uri(Factory.ServerAddress, "/reports").ToString());
        // Queries run once the page is interactive: today's (empty) agent report says the circuit is up.
        await Expect(page.Locator("[data-testid=agents-empty]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=report-queue]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = QueueName }).ClickAsync();
        await page.Locator("[data-testid=report-yesterday]").ClickAsync();

        // Quarter hours of the center's day; the scripted ones as worked out in ReportsApiTests.
        var table = page.Locator("[data-testid=intervals-table]");
        var nine = table.Locator("tr", new() { Has = page.Locator("[data-testid=interval]", new() { HasText = "09:00–09:15" }) });
        // Handled: c1 finished 09:13:30, c2 09:20:00 (wrap-up done), one in each; AHT is over those.
        var quarter = table.Locator("tr", new() { Has = page.Locator("[data-testid=interval]", new() { HasText = "09:15–09:30" }) });
        await Expect(nine.Locator("td")).ToHaveTextAsync(["09:00–09:15", "2", "1", "0", "100%", "0:10", "1", "8:20", "0%"]);
        await Expect(quarter.Locator("td")).ToHaveTextAsync(["09:15–09:30", "3", "1", "2", "0%", "0:30", "1", "4:40", "50%"]);
        // The table and charts span the hours with contacts; "Quiet hours" shows the whole day.
        await Expect(table.Locator("[data-testid=interval]")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=intervals-volume-chart] svg")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=intervals-sl-chart] svg")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=trend-chart] svg")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=agents-table] [data-testid=agent]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid$=-loading]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("reports-browser-test.png"), FullPage = true });

        await page.Locator("[data-testid=intervals-show-quiet]").ClickAsync();
        await Expect(table.Locator("[data-testid=interval]")).ToHaveCountAsync(96);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=intervals-csv]").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());

        Assert.Equal($"queue-q-rep-{day:yyyyMMdd}T0000-{day.AddDays(1):yyyyMMdd}T0000-15min.csv", download.SuggestedFilename);
        Assert.StartsWith("queueId,queueName,start,end,offered,", csv.TrimStart('\uFEFF'));
        Assert.Contains($"\r\nq-rep,{QueueName},{day:yyyy-MM-dd}T09:15:00+08:00,{day:yyyy-MM-dd}T09:30:00+08:00,3,1,2,1,0,0,1,1,0,30,280,0.5\r\n", csv);
        Assert.Equal(1 + 96, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Reports_ByDay_TheScriptedDayIsOneRow_AMonthIsShownByDay()
    {
        var day = ReportScript.DaysAgo(1);
        using var http = Factory.CreateSocketClient();
        await ReportScript.PostAndWaitAsync(http, day);
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 }, AcceptDownloads = true }, Roles.Manager);

        await OpenAsync(page, $"/reports?queue={ReportScript.Queue}&from={day.AddDays(-1):yyyy-MM-dd}&to={day.AddDays(1):yyyy-MM-dd}&interval=1440");

        // The whole script in its day's row, as ReportsApiTests works it out: SL 50 %, ASA 15.3 s, AHT 340 s, abandons 20 %.
        var table = page.Locator("[data-testid=intervals-table]");
        var label = day.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(table.Locator("tr", new() { Has = page.GetByTestId("interval") }).Locator("td"))
            .ToHaveTextAsync([label, "6", "3", "2", "50%", "0:15", "3", "5:40", "20%"]);
        await Expect(page.GetByTestId("intervals")).ToContainTextAsync("by day");
        // The days either side had no contacts: shown with quiet hours (and days) on.
        await page.Locator("[data-testid=intervals-show-quiet]").ClickAsync();
        await Expect(table.GetByTestId("interval")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=intervals-csv]").ClickAsync());
        Assert.EndsWith("-day.csv", download.SuggestedFilename);

        // "This month" shows the month so far by day.
        await page.GetByTestId("report-this-month").ClickAsync();
        await Expect(page.GetByTestId("intervals")).ToContainTextAsync("by day");
        await page.ScreenshotAsync(new() { Path = TestOutput.PathOf("reports-by-day.png"), FullPage = true });
    }
}
