using System.Net.Http.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// A manager changes a queue's service-level target and threshold on the settings page; a supervisor's wall-board,
/// in another browser, shows the new target on the queue's tile. The floor shows the staffing plan against on duty.
/// </summary>
public sealed class SettingsBrowserTests() : BrowserTest(new DashboardFactory())
{
    [Fact]
    public async Task Manager_ChangesTargetAndThreshold_WallboardTileShowsTheNewTarget()
    {
        var wallboard = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } }, Roles.Supervisor);
        await wallboard.GotoAsync(new Uri(Factory.ServerAddress, "/wallboard").ToString());
        var target = wallboard.Locator("[data-testid=queue-tile][data-queue='pre-sales'] .tile-kpi__target");
        await Expect(target).ToHaveTextAsync("30 min · target 80% in 20 s");

        var manager = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } }, Roles.Manager);
        await OpenAsync(manager, "/settings");
        var row = manager.Locator("[data-testid=queue-settings-row][data-queue='pre-sales']");
        await row.GetByTestId("queue-settings-edit").ClickAsync();
        var dialog = manager.GetByTestId("queue-settings-dialog");
        await dialog.GetByTestId("settings-target").FillAsync("90");
        await dialog.GetByTestId("settings-threshold").FillAsync("30");
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("settings-queue-dialog.png") });
        await manager.GetByTestId("settings-save").ClickAsync();

        await Expect(target).ToHaveTextAsync("30 min · target 90% in 30 s", new() { Timeout = 5000 });
        await Expect(row.GetByTestId("queue-target")).ToHaveTextAsync("90%");
        await Expect(row.GetByTestId("queue-threshold")).ToHaveTextAsync("30 s");
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("settings-page.png") });
        await wallboard.ScreenshotAsync(new() { Path = TestOutput.PathOf("settings-wallboard.png") });
        var api = await Factory.CreateSocketClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/queues/pre-sales/settings");

        Assert.Equal(0.9, api.GetProperty("serviceLevelTarget").GetDouble());
        Assert.Equal(30, api.GetProperty("serviceLevelThresholdSeconds").GetInt32());
    }

    [Fact]
    public async Task Manager_SetsQueuesOwnLongestWait_ServiceKeepsItAndRowShowsOwnLevels()
    {
        var manager = await AlertLevelsTabAsync(Roles.Manager);
        var row = manager.Locator("[data-testid=queue-alerts-row][data-queue='pre-sales']");
        await Expect(row.GetByTestId("queue-alerts-summary")).ToHaveTextAsync("Center's levels");
        await row.GetByTestId("queue-alerts-edit").ClickAsync();
        var dialog = manager.GetByTestId("queue-alerts-dialog");
        var longestWait = dialog.Locator("[data-testid=queue-alert-rule][data-rule=longestWait]");
        await Expect(longestWait.GetByTestId("rule-center")).ToContainTextAsync("Follows the center's levels: warning");
        await longestWait.Locator(".queue-alerts__head input[type=checkbox]").CheckAsync();
        await longestWait.GetByTestId("rule-warning").FillAsync("45");
        await longestWait.GetByTestId("rule-critical").FillAsync("150");
        await longestWait.GetByTestId("rule-hysteresis").FillAsync("5");
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("settings-queue-alerts-dialog.png") });
        await manager.GetByTestId("queue-alerts-save").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(manager.Locator(".mud-snackbar")).ToContainTextAsync("Pre-sales: alert levels saved");
        await Expect(row.GetByTestId("queue-alerts-summary")).ToHaveTextAsync("Own levels: Longest wait");
        await Expect(manager.Locator("[data-testid=queue-alerts-row][data-queue='after-sales']").GetByTestId("queue-alerts-summary"))
            .ToHaveTextAsync("Center's levels");
        await manager.ScreenshotAsync(new() { Path = TestOutput.PathOf("settings-queue-alerts.png") });
        var api = await Factory.CreateSocketClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/queues/pre-sales/alert-thresholds");

        var own = api.GetProperty("longestWait");
        Assert.True(own.GetProperty("enabled").GetBoolean());
        Assert.Equal(45, own.GetProperty("warning").GetDouble());
        Assert.Equal(150, own.GetProperty("critical").GetDouble());
        Assert.Equal(5, own.GetProperty("hysteresis").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, api.GetProperty("serviceLevel").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, api.GetProperty("waitingWithNoAgent").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, api.GetProperty("abandonRate").ValueKind);

        // Opened again, the dialog shows the queue's own levels.
        await row.GetByTestId("queue-alerts-edit").ClickAsync();
        await Expect(longestWait.GetByTestId("rule-warning")).ToHaveValueAsync("45");
        await Expect(longestWait.GetByTestId("rule-critical")).ToHaveValueAsync("150");
    }

    [Fact]
    public async Task QueueAlerts_WarningAboveCritical_ErrorInDialogNothingChanged_SupervisorCannotEdit()
    {
        var manager = await AlertLevelsTabAsync(Roles.Manager);
        var row = manager.Locator("[data-testid=queue-alerts-row][data-queue='pre-sales']");
        await row.GetByTestId("queue-alerts-edit").ClickAsync();
        var dialog = manager.GetByTestId("queue-alerts-dialog");
        var longestWait = dialog.Locator("[data-testid=queue-alert-rule][data-rule=longestWait]");
        await longestWait.Locator(".queue-alerts__head input[type=checkbox]").CheckAsync();
        await longestWait.GetByTestId("rule-warning").FillAsync("200");
        await longestWait.GetByTestId("rule-critical").FillAsync("100");
        await manager.GetByTestId("queue-alerts-save").ClickAsync();

        await Expect(dialog.GetByTestId("queue-alerts-error")).ToHaveTextAsync("Longest wait · critical: must be at least the warning level");
        await Expect(dialog).ToBeVisibleAsync();
        await manager.GetByTestId("queue-alerts-cancel").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(row.GetByTestId("queue-alerts-summary")).ToHaveTextAsync("Center's levels");
        var api = await Factory.CreateSocketClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/queues/pre-sales/alert-thresholds");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, api.GetProperty("longestWait").ValueKind);

        var supervisor = await AlertLevelsTabAsync(Roles.Supervisor);
        await Expect(supervisor.GetByTestId("queue-alerts-row")).ToHaveCountAsync(6);
        await Expect(supervisor.GetByTestId("queue-alerts-edit")).ToHaveCountAsync(0);   // a supervisor reads, does not edit
        await Expect(manager.GetByTestId("queue-alerts-edit")).ToHaveCountAsync(6);
    }

    [Fact]
    public async Task AlertLevels_InPercentAndMinutes_InPlainWords_SavedAsFractionsAndSeconds()
    {
        var manager = await AlertLevelsTabAsync(Roles.Manager);
        var abandon = manager.Locator("[data-testid=alert-rule][data-rule=abandonRate]");
        var notReady = manager.Locator("[data-testid=alert-rule][data-rule=notReady]");
        var serviceLevel = manager.Locator("[data-testid=alert-rule][data-rule=serviceLevel]");

        // Kept as 0.08 / 0.15 and 900 / 1800 s; a manager reads 8 / 15 % and 15 / 30 minutes.
        await Expect(abandon.GetByTestId("rule-warning")).ToHaveValueAsync("8");
        await Expect(abandon.GetByTestId("rule-critical")).ToHaveValueAsync("15");
        await Expect(abandon.GetByTestId("rule-unit")).ToHaveTextAsync("%");
        await Expect(notReady.GetByTestId("rule-warning")).ToHaveValueAsync("15");
        await Expect(notReady.GetByTestId("rule-unit")).ToHaveTextAsync("minutes");
        await Expect(serviceLevel.GetByTestId("rule-critical")).ToHaveValueAsync("10");
        await Expect(serviceLevel.GetByTestId("rule-unit")).ToHaveTextAsync("percentage points");
        // No jargon: what hysteresis and the minimum contacts mean, in words.
        await Expect(manager.GetByTestId("hysteresis-header")).ToHaveTextAsync("Clears when back by");
        await Expect(manager.GetByTestId("hysteresis-help")).ToContainTextAsync("before its alert clears");
        await Expect(manager.Locator(".settings__timing label").GetByText("Fewest contacts to judge a rate")).ToBeVisibleAsync();
        await Expect(manager.Locator(".settings__timing").GetByText("too few to judge")).ToBeVisibleAsync();
        await Expect(manager.GetByText("ysteresis")).ToHaveCountAsync(0);

        await abandon.GetByTestId("rule-warning").FillAsync("10");
        await notReady.GetByTestId("rule-warning").FillAsync("20");
        await notReady.GetByTestId("rule-critical").FillAsync("45");
        await manager.GetByTestId("alerts-save").ClickAsync();
        await Expect(manager.Locator(".mud-snackbar")).ToContainTextAsync("Alert levels saved");
        var api = await Factory.CreateSocketClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/alerts/thresholds");

        var center = api.GetProperty("center");
        Assert.Equal(0.1, center.GetProperty("abandonRate").GetProperty("warning").GetDouble());
        Assert.Equal(0.15, center.GetProperty("abandonRate").GetProperty("critical").GetDouble());
        Assert.Equal(1200, center.GetProperty("notReady").GetProperty("warning").GetDouble());
        Assert.Equal(2700, center.GetProperty("notReady").GetProperty("critical").GetDouble());
        Assert.Equal(0.1, center.GetProperty("serviceLevel").GetProperty("criticalMargin").GetDouble());
    }

    [Fact]
    public async Task Supervisor_ReadsSettings_ReadOnlySentenceStandsApart()
    {
        var supervisor = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } }, Roles.Supervisor);
        await OpenAsync(supervisor, "/settings");

        await Expect(supervisor.GetByTestId("settings-read-only")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var intro = await supervisor.GetByTestId("settings-read-only").Locator("xpath=..").InnerTextAsync();
        Assert.Contains("audit log. Read-only", intro);
    }

    /// <summary>A new user with this role, signed in, on the settings page's alert levels tab.</summary>
    private async Task<IPage> AlertLevelsTabAsync(string role)
    {
        var page = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } }, role);
        await OpenAsync(page, "/settings");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Alert levels" }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task StaffingPlan_ShortTeamOnTheFloor_ShownPlannedAgainstOnDutyInRed()
    {
        using var http = Factory.CreateSocketClient();
        // One shift for the whole day (00:00 to 00:00 is not allowed: 00:00–23:59 and 23:59–00:00).
        (await http.PutAsJsonAsync("/api/staffing/plan", new
        {
            shifts = new[] { new { name = "Day", start = "00:00", end = "23:59" }, new { name = "Midnight", start = "23:59", end = "00:00" } },
            headcounts = new[]
            {
                new { team = "Service", shift = "Day", headcount = 3 }, new { team = "Sales", shift = "Day", headcount = 1 },
                new { team = "Service", shift = "Midnight", headcount = 3 }, new { team = "Sales", shift = "Midnight", headcount = 1 },
            },
        })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "st-1", type = "agent.login", at = DateTimeOffset.UtcNow.AddSeconds(-5), agentId = "a11" },
            new { id = "st-2", type = "agent.login", at = DateTimeOffset.UtcNow.AddSeconds(-5), agentId = "a01" },
        })).EnsureSuccessStatusCode();

        var floor = await NewSignedInPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 900 } }, Roles.Supervisor);
        await OpenAsync(floor, "/floor");
        var service = floor.Locator("[data-testid=staffing-team][data-team='Service']");
        await Expect(service).ToHaveTextAsync("Service 1/3");
        await Expect(service).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("staffing-team--short"));
        await Expect(floor.Locator("[data-testid=staffing-team][data-team='Sales']")).ToHaveTextAsync("Sales 1/1");
        await Expect(floor.GetByTestId("staffing-shortfall")).ToHaveTextAsync(" · short 2");
        await floor.ScreenshotAsync(new() { Path = TestOutput.PathOf("floor-staffing.png") });

        await OpenAsync(floor, "/settings");
        await floor.GetByRole(AriaRole.Tab, new() { Name = "Staffing plan" }).ClickAsync();
        await Expect(floor.GetByTestId("shift-row")).ToHaveCountAsync(2);
        await Expect(floor.GetByTestId("plan-save")).ToHaveCountAsync(0);   // a supervisor reads, does not edit
        await floor.ScreenshotAsync(new() { Path = TestOutput.PathOf("settings-staffing-read-only.png") });
    }
}
