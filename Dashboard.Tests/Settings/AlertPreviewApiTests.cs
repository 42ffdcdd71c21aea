using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Settings;

/// <summary>
/// POST /api/alerts/thresholds/preview on the real host: events posted, settled into the embedded history, and the
/// preview of other levels read back; bad levels are a validation problem naming the field.
/// </summary>
public sealed class AlertPreviewApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new DashboardFactory().WithTodayStarted(TimeSpan.FromHours(3))
        .With("Ingestion:ReorderWindow", "00:00:02").With("History:FlushInterval", "00:00:00.200");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Event(string id, string type, DateTimeOffset at, string fields) =>
        $$"""{"id":"{{id}}","type":"{{type}}","at":"{{at:O}}",{{fields}}}""";

    private async Task<JsonElement> PreviewAsync(HttpContent? body)
    {
        var response = await _factory.CreateClient().PostAsync("/api/alerts/thresholds/preview", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Rule(JsonElement preview, string rule) =>
        preview.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == rule);

    [Fact]
    public async Task Preview_TwentyFiveMinutesAtLunch_RaisedAtTheLevelsInForce_NotAtAHalfHourLevel_NothingChanged()
    {
        var now = DateTimeOffset.UtcNow;
        var events = "[" + string.Join(",",
            Event("pv-login", "agent.login", now.AddMinutes(-60), """ "agentId":"pv1","queues":["pre-sales"] """),
            Event("pv-lunch", "agent.state", now.AddMinutes(-50), """ "agentId":"pv1","state":"not_ready","reason":"lunch" """),
            Event("pv-back", "agent.state", now.AddMinutes(-25), """ "agentId":"pv1","state":"available" """)) + "]";
        (await _factory.CreateClient().PostAsync("/api/events", Body(events))).EnsureSuccessStatusCode();

        // The span reaches history once settled (2 s) and flushed; then the levels in force (warning at 15 minutes)
        // would have raised one not-ready alert, a warning (critical is at 30).
        JsonElement notReady = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            notReady = Rule(await PreviewAsync(null), "not-ready-too-long");
            if (notReady.GetProperty("raised").GetInt32() > 0)
                break;
        }
        Assert.Equal(1, notReady.GetProperty("raised").GetInt32());
        Assert.Equal(0, notReady.GetProperty("critical").GetInt32());
        Assert.Equal("pv1", notReady.GetProperty("subjects")[0].GetProperty("name").GetString());

        // The center's levels with not ready warning at 30 minutes and critical at 40: 25 minutes raise nothing.
        var inForce = await _factory.CreateClient().GetFromJsonAsync<JsonObject>("/api/alerts/thresholds");
        var levels = inForce!["center"]!.AsObject();
        levels["notReady"]!["warning"] = 1800;
        levels["notReady"]!["critical"] = 2400;
        var halfHour = await PreviewAsync(Body(levels.ToJsonString()));
        Assert.Equal(0, Rule(halfHour, "not-ready-too-long").GetProperty("raised").GetInt32());

        // A preview saves nothing.
        var after = await _factory.CreateClient().GetFromJsonAsync<JsonObject>("/api/alerts/thresholds");
        Assert.Equal(900, after!["center"]!["notReady"]!["warning"]!.GetValue<double>());
    }

    [Fact]
    public async Task Preview_CriticalBelowWarning_ValidationProblemNamingTheField()
    {
        var inForce = await _factory.CreateClient().GetFromJsonAsync<JsonObject>("/api/alerts/thresholds");
        var levels = inForce!["center"]!.AsObject();
        levels["wrapUp"]!["critical"] = 10;

        var response = await _factory.CreateClient().PostAsync("/api/alerts/thresholds/preview", Body(levels.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("wrapUp.critical", out var rule), problem.ToString());
        Assert.Contains("warning", rule[0].GetString(), StringComparison.Ordinal);
    }
}
