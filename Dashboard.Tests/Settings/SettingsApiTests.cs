using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Settings;

/// <summary>
/// Queue settings, alert levels and the staffing plan on the real host: a manager's change takes effect in the live
/// figures at once, is audited, announced as a webhook, kept over a restart; bad input names the field and the rule
/// and changes nothing.
/// </summary>
public sealed class SettingsApiTests() : WebhookHostTest(new DashboardFactory().WithTodayStarted(TimeSpan.FromHours(2)))
{
    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent QueueSettings(double target, int threshold, string formula = "abandons-against") =>
        Body($$"""{"serviceLevelTarget":{{target.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"serviceLevelThresholdSeconds":{{threshold}},"shortAbandonSeconds":5,"serviceLevelFormula":"{{formula}}","includeFlowOuts":false,"wrapUp":true}""");

    private async Task<JsonElement> GetAsync(string path, HttpClient? client = null) =>
        await (client ?? Factory.CreateClient()).GetFromJsonAsync<JsonElement>(path);

    private static string Call(string id, string callId, string type, DateTimeOffset at, string extra) =>
        $$"""{"id":"{{id}}","type":"{{type}}","at":"{{at:O}}","callId":"{{callId}}"{{extra}}}""";

    /// <summary>A call to pre-sales queued at <paramref name="queuedAt"/> and answered by a01 after <paramref name="wait"/> seconds.</summary>
    private async Task AnswerAsync(string callId, DateTimeOffset queuedAt, int wait)
    {
        var response = await Factory.CreateClient().PostAsync("/api/events", Body("[" + string.Join(",",
            Call(callId + "-q", callId, "call.queued", queuedAt, ""","queueId":"pre-sales" """),
            Call(callId + "-a", callId, "call.answered", queuedAt.AddSeconds(wait), ""","agentId":"a01" """)) + "]"));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task PutQueueSettings_NewThreshold_ServiceLevelFollowsFromThenOn()
    {
        var now = DateTimeOffset.UtcNow;
        (await Factory.CreateClient().PostAsync("/api/events", Security.PermissionTests.Json(Security.PermissionTests.Login("a01", "pre-sales")))).EnsureSuccessStatusCode();
        // pre-sales is 80/20: a 25 s wait misses → 0 / 1 = 0.
        await AnswerAsync("sl-1", now.AddMinutes(-10), 25);
        var before = await GetAsync("/api/queues/pre-sales");

        var put = await Factory.CreateClient().PutAsync("/api/queues/pre-sales/settings", QueueSettings(0.9, 30));
        // The same 25 s wait is now within 30 s; the first call keeps its miss → 1 / 2 = 0.5.
        await AnswerAsync("sl-2", now.AddMinutes(-5), 25);
        var after = await GetAsync("/api/queues/pre-sales");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(0.0, before.GetProperty("last30m").GetProperty("serviceLevel").GetDouble());
        Assert.Equal(0.5, after.GetProperty("last30m").GetProperty("serviceLevel").GetDouble());
        Assert.Equal(0.9, after.GetProperty("serviceLevelTarget").GetDouble());
        Assert.Equal(30, after.GetProperty("serviceLevelThresholdSeconds").GetInt32());
    }

    [Fact]
    public async Task PutQueueSettings_Manager_ReadBackAuditedAndAnnounced()
    {
        var manager = await Factory.SignedInClientAsync([Roles.Manager]);

        var response = await manager.PutAsync("/api/queues/complaints/settings", QueueSettings(0.75, 40, "answered-only"));
        var settings = await GetAsync("/api/queues/complaints/settings");
        var audit = (await manager.GetFromJsonAsync<JsonElement>("/api/audit?subject=complaints")).EnumerateArray().Single();
        var delivery = (await Receiver.WaitForDeliveredAsync(1)).Single();
        var data = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"serviceLevelTarget":0.75,"serviceLevelThresholdSeconds":40,"shortAbandonSeconds":5,"serviceLevelFormula":"answered-only","includeFlowOuts":false,"wrapUp":true}""",
            settings.GetRawText());
        Assert.Equal("queue.settings", audit.GetProperty("action").GetString());
        // complaints is configured 85/15.
        Assert.Equal("""{"serviceLevelTarget":0.85,"serviceLevelThresholdSeconds":15,"shortAbandonSeconds":5,"serviceLevelFormula":"abandons-against","includeFlowOuts":false,"wrapUp":true}""",
            audit.GetProperty("before").GetString());
        Assert.Equal(settings.GetRawText(), audit.GetProperty("after").GetString());
        Assert.Equal("queue.settings.changed", delivery.Headers["X-Dashboard-Event"]);
        Assert.Equal("complaints", data.GetProperty("queueId").GetString());
        Assert.Equal(40, data.GetProperty("settings").GetProperty("serviceLevelThresholdSeconds").GetInt32());
        Assert.Equal(15, data.GetProperty("before").GetProperty("serviceLevelThresholdSeconds").GetInt32());
        Assert.StartsWith("user-", data.GetProperty("by").GetString());
    }

    [Theory]
    [InlineData("""{"serviceLevelTarget":80,"serviceLevelThresholdSeconds":20,"shortAbandonSeconds":5,"serviceLevelFormula":"answered-only","includeFlowOuts":false,"wrapUp":true}""",
        "serviceLevelTarget", "must be a fraction greater than 0 and at most 1 (0.8 for 80%)")]
    [InlineData("""{"serviceLevelTarget":0.8,"serviceLevelThresholdSeconds":0,"shortAbandonSeconds":5,"serviceLevelFormula":"answered-only","includeFlowOuts":false,"wrapUp":true}""",
        "serviceLevelThresholdSeconds", "must be a whole number of seconds from 1 to 86400")]
    [InlineData("""{"serviceLevelTarget":0.8,"serviceLevelThresholdSeconds":20,"shortAbandonSeconds":-1,"serviceLevelFormula":"answered-only","includeFlowOuts":false,"wrapUp":true}""",
        "shortAbandonSeconds", "must be a whole number of seconds from 0 to 600")]
    [InlineData("""{"serviceLevelTarget":0.8,"serviceLevelThresholdSeconds":20,"shortAbandonSeconds":5,"serviceLevelFormula":"fastest","includeFlowOuts":false,"wrapUp":true}""",
        "serviceLevelFormula", "must be one of abandons-against, answered-only, abandons-within-threshold-met")]
    [InlineData("""{"serviceLevelTarget":0.8,"serviceLevelThresholdSeconds":20,"shortAbandonSeconds":5,"serviceLevelFormula":"answered-only","wrapUp":true}""",
        "includeFlowOuts", "is required (true or false)")]
    public async Task PutQueueSettings_BadField_NamesTheFieldAndTheRule_AndChangesNothing(string json, string field, string rule)
    {
        var response = await Factory.CreateClient().PutAsync("/api/queues/membership/settings", Body(json));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var queue = await GetAsync("/api/queues/membership");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rule, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal((0.9, 20), (queue.GetProperty("serviceLevelTarget").GetDouble(), queue.GetProperty("serviceLevelThresholdSeconds").GetInt32()));
    }

    [Theory]
    [InlineData("/api/queues/membership/settings")]
    [InlineData("/api/alerts/thresholds")]
    [InlineData("/api/staffing/plan")]
    [InlineData("/api/queues/membership/alert-thresholds")]
    public async Task Put_NotJsonOrWrongTypes_400WithoutHarm(string path)
    {
        var garbage = await Factory.CreateClient().PutAsync(path, Body("""{"serviceLevelTarget":"lots","shifts":7,"raiseAfter":[]"""));
        var empty = await Factory.CreateClient().PutAsync(path, Body("null"));
        var health = await Factory.CreateAnonymousClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task PutQueueSettings_UnknownQueue_404()
    {
        var response = await Factory.CreateClient().PutAsync("/api/queues/no-such-queue/settings", QueueSettings(0.8, 20));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PutAlertThresholds_CriticalBelowWarning_NamesTheFieldAndKeepsTheLevels()
    {
        var client = Factory.CreateClient();
        var current = await GetAsync("/api/alerts/thresholds");
        var center = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(current.GetProperty("center").GetRawText())!;
        center["longestWait"] = JsonDocument.Parse("""{"enabled":true,"warning":90,"critical":30,"hysteresis":5}""").RootElement;

        var response = await client.PutAsync("/api/alerts/thresholds", Body(JsonSerializer.Serialize(center)));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var after = await GetAsync("/api/alerts/thresholds");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("must be at least the warning level", problem.GetProperty("errors").GetProperty("longestWait.critical")[0].GetString());
        Assert.Equal(60, after.GetProperty("center").GetProperty("longestWait").GetProperty("warning").GetDouble());
    }

    private const string AllAlertFields =
        "abandonRate,callDuration,clearAfter,longestWait,minimumContactsForRates,notReady,raiseAfter,serviceLevel,waitingWithNoAgent,wrapUp";

    [Theory]
    [InlineData("", AllAlertFields)]
    [InlineData("raiseAfter", "raiseAfter")]
    [InlineData("minimumContactsForRates", "minimumContactsForRates")]
    [InlineData("serviceLevel", "serviceLevel")]
    [InlineData("serviceLevel.enabled", "serviceLevel.enabled")]
    [InlineData("longestWait.critical", "longestWait.critical")]
    [InlineData("callDuration.hysteresis", "callDuration.hysteresis")]
    public async Task PutAlertThresholds_FieldLeftOut_400NamingItAndTheRule_NothingChangedNorAudited(string leftOut, string named)
    {
        var manager = await Factory.SignedInClientAsync([Roles.Manager]);
        // Levels away from the defaults first, so a field silently taken as its default would show.
        var center = JsonNode.Parse((await GetAsync("/api/alerts/thresholds")).GetProperty("center").GetRawText())!.AsObject();
        center["raiseAfter"] = "00:00:20";
        center["minimumContactsForRates"] = 9;
        center["serviceLevel"]!["enabled"] = false;
        center["longestWait"]!["critical"] = 150;
        center["callDuration"]!["hysteresis"] = 30;
        (await manager.PutAsync("/api/alerts/thresholds", Body(center.ToJsonString()))).EnsureSuccessStatusCode();
        var before = (await GetAsync("/api/alerts/thresholds")).GetRawText();
        var audited = await AuditedAsync(manager, "alerts.thresholds");
        var path = leftOut.Split('.');
        if (leftOut.Length == 0)
            center.Clear();
        else
            (path.Length == 1 ? center : center[path[0]]!.AsObject()).Remove(path[^1]);

        var response = await manager.PutAsync("/api/alerts/thresholds", Body(center.ToJsonString()));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var after = (await GetAsync("/api/alerts/thresholds")).GetRawText();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.Equal(named.Split(','), errors.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.StartsWith("is required", e.Value[0].GetString())); // "… (true or false)" for enabled
        Assert.Equal(before, after);
        Assert.Equal(audited, await AuditedAsync(manager, "alerts.thresholds"));
    }

    [Fact]
    public async Task PutQueueAlertThresholds_RuleWithAFieldLeftOut_400NamingIt_NothingChanged()
    {
        var client = Factory.CreateClient();

        var response = await client.PutAsync("/api/queues/membership/alert-thresholds", Body("""{"longestWait":{"enabled":true,"warning":30}}"""));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var own = await GetAsync("/api/queues/membership/alert-thresholds");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["longestWait.critical", "longestWait.hysteresis"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("is required", problem.GetProperty("errors").GetProperty("longestWait.critical")[0].GetString());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("longestWait").ValueKind);
    }

    private static async Task<int> AuditedAsync(HttpClient manager, string action) =>
        (await manager.GetFromJsonAsync<JsonElement>("/api/audit?subject=center")).EnumerateArray()
            .Count(e => e.GetProperty("action").GetString() == action);

    [Fact]
    public async Task PutAlertThresholds_QueueOwnLongestWait_AlertRaisedAtTheQueuesLevel()
    {
        var client = Factory.CreateClient();
        // Raise at once, so the test need not wait the 10 s debounce.
        var center = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>((await GetAsync("/api/alerts/thresholds")).GetProperty("center").GetRawText())!;
        center["raiseAfter"] = JsonDocument.Parse("\"00:00:00\"").RootElement;
        (await client.PutAsync("/api/alerts/thresholds", Body(JsonSerializer.Serialize(center)))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/events", Security.PermissionTests.Json(Security.PermissionTests.Login("a12", "after-sales")))).EnsureSuccessStatusCode();
        // One caller has waited 40 s in after-sales (an agent is available: only the wait is judged); the center warns at 60 s.
        (await client.PostAsync("/api/events", Body("[" + Call("w-1", "wait-1", "call.queued", DateTimeOffset.UtcNow.AddSeconds(-40), ""","queueId":"after-sales" """) + "]"))).EnsureSuccessStatusCode();

        var put = await client.PutAsync("/api/queues/after-sales/alert-thresholds",
            Body("""{"longestWait":{"enabled":true,"warning":30,"critical":300,"hysteresis":5}}"""));
        JsonElement alerts;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(100);
            alerts = await GetAsync("/api/alerts");
        }
        while (!alerts.EnumerateArray().Any(a => a.GetProperty("id").GetString() == "queue:after-sales:longest-wait") && DateTime.UtcNow < deadline);
        var own = await GetAsync("/api/queues/after-sales/alert-thresholds");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var alert = alerts.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "queue:after-sales:longest-wait");
        Assert.Equal(30, alert.GetProperty("threshold").GetDouble());
        Assert.Equal(30, own.GetProperty("longestWait").GetProperty("warning").GetDouble());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("abandonRate").ValueKind);
    }

    [Theory]
    [InlineData("""{"shifts":[{"name":"Early","start":"06:00","end":"14:00"},{"name":"Late","start":"13:00","end":"22:00"}],"headcounts":[]}""",
        "shifts[1]", "must not overlap shift 'Early' (06:00–14:00)")]
    [InlineData("""{"shifts":[{"name":"Early","start":"6am","end":"14:00"}],"headcounts":[]}""",
        "shifts[0].start", "must be a local time HH:mm (00:00 to 23:59)")]
    [InlineData("""{"shifts":[{"name":"Early","start":"06:00","end":"14:00"}],"headcounts":[{"team":"Sales","shift":"Night","headcount":3}]}""",
        "headcounts[0].shift", "must be the name of one of the plan's shifts")]
    [InlineData("""{"shifts":[{"name":"Early","start":"06:00","end":"14:00"}],"headcounts":[{"team":"Sales","shift":"Early","headcount":-2}]}""",
        "headcounts[0].headcount", "must be a whole number from 0 to 100000")]
    [InlineData("""{"shifts":[{"name":"Early","start":"06:00","end":"14:00"}],"headcounts":[{"team":"Sales","shift":"Early","headcount":2},{"team":"Sales","shift":"Early","headcount":3}]}""",
        "headcounts[1].shift", "must not repeat a team and shift")]
    public async Task PutStaffingPlan_BadPlan_NamesTheFieldAndTheRule(string json, string field, string rule)
    {
        var response = await Factory.CreateClient().PutAsync("/api/staffing/plan", Body(json));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var plan = await GetAsync("/api/staffing/plan");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rule, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(0, plan.GetProperty("shifts").GetArrayLength());
    }

    [Fact]
    public async Task PutStaffingPlan_ShiftInForceNow_PlannedAgainstOnDutyPerTeam()
    {
        var client = Factory.CreateClient();
        // Two shifts covering the whole day (UTC, the tests' center zone): the one in force depends on the hour now.
        var hour = DateTimeOffset.UtcNow.Hour;
        var (current, other) = hour < 12 ? ("Morning", "Afternoon") : ("Afternoon", "Morning");
        var plan = $$"""
            {"shifts":[{"name":"Morning","start":"00:00","end":"12:00"},{"name":"Afternoon","start":"12:00","end":"00:00"}],
             "headcounts":[{"team":"Service","shift":"{{current}}","headcount":4},{"team":"Sales","shift":"{{current}}","headcount":1},
                           {"team":"Service","shift":"{{other}}","headcount":9}]}
            """;
        var put = await client.PutAsync("/api/staffing/plan", Body(plan));
        // On duty: a11 and a12 (Service), a01 (Sales) logged in; a13 (Service) logged in, then out.
        (await client.PostAsync("/api/events", Security.PermissionTests.Json(
            Security.PermissionTests.Login("a11"), Security.PermissionTests.Login("a12"), Security.PermissionTests.Login("a01"),
            Security.PermissionTests.Login("a13"),
            $$"""{"id":"{{Guid.NewGuid():N}}","type":"agent.logout","at":"{{DateTimeOffset.UtcNow.AddSeconds(-1):O}}","agentId":"a13"}"""))).EnsureSuccessStatusCode();

        JsonElement now;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        do
        {
            now = await GetAsync("/api/staffing");
        }
        while (now.GetProperty("onDuty").GetInt32() != 3 && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(current, now.GetProperty("shift").GetProperty("name").GetString());
        // Sales: planned 1, on duty 1; Service: planned 4, on duty 2 → short 2.
        Assert.Equal("""[{"team":"Sales","planned":1,"onDuty":1,"shortfall":0},{"team":"Service","planned":4,"onDuty":2,"shortfall":2}]""",
            now.GetProperty("teams").GetRawText());
        Assert.Equal((5, 3, 2), (now.GetProperty("planned").GetInt32(), now.GetProperty("onDuty").GetInt32(), now.GetProperty("shortfall").GetInt32()));
    }

    [Fact]
    public async Task Restart_SettingsThresholdsAndPlanAreKept()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-settings-").FullName;
        var database = "Data Source=" + Path.Combine(folder, "dashboard.db");
        const string Plan = """{"shifts":[{"name":"Night","start":"22:00","end":"06:00"}],"headcounts":[{"team":"Care","shift":"Night","headcount":3}]}""";
        await using (var first = new DashboardFactory().With("Accounts:ConnectionString", database))
        {
            var client = first.CreateClient();
            (await client.PutAsync("/api/queues/email/settings", QueueSettings(0.5, 7200))).EnsureSuccessStatusCode();
            (await client.PutAsync("/api/queues/email/alert-thresholds", Body("""{"abandonRate":{"enabled":false,"warning":0.2,"critical":0.3,"hysteresis":0.01}}"""))).EnsureSuccessStatusCode();
            var center = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>((await client.GetFromJsonAsync<JsonElement>("/api/alerts/thresholds")).GetProperty("center").GetRawText())!;
            center["minimumContactsForRates"] = JsonDocument.Parse("12").RootElement;
            (await client.PutAsync("/api/alerts/thresholds", Body(JsonSerializer.Serialize(center)))).EnsureSuccessStatusCode();
            (await client.PutAsync("/api/staffing/plan", Body(Plan))).EnsureSuccessStatusCode();
        }

        await using var second = new DashboardFactory().With("Accounts:ConnectionString", database);
        var again = second.CreateClient();
        var queue = await again.GetFromJsonAsync<JsonElement>("/api/queues/email");
        var thresholds = await again.GetFromJsonAsync<JsonElement>("/api/alerts/thresholds");
        var plan = await again.GetFromJsonAsync<JsonElement>("/api/staffing/plan");

        Assert.Equal((0.5, 7200), (queue.GetProperty("serviceLevelTarget").GetDouble(), queue.GetProperty("serviceLevelThresholdSeconds").GetInt32()));
        Assert.Equal(12, thresholds.GetProperty("center").GetProperty("minimumContactsForRates").GetInt32());
        Assert.False(thresholds.GetProperty("queues").GetProperty("email").GetProperty("abandonRate").GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonDocument.Parse(Plan).RootElement.GetRawText(), plan.GetRawText());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
