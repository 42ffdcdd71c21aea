using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Management;

/// <summary>
/// <c>POST /api/alerts/{id}/acknowledge</c> on the real host: a real alert (a call waiting past the longest-wait
/// limits, raised without debounce), acknowledged by a supervisor; who and when are kept until it clears.
/// </summary>
public sealed class AlertAcknowledgeApiTests : IAsyncLifetime
{
    private const string AlertId = "queue:complaints:longest-wait";
    private readonly DashboardFactory _factory = new DashboardFactory().With("Alerts:RaiseAfter", "00:00:00").With("Alerts:ClearAfter", "00:00:00");

    public async Task InitializeAsync()
    {
        // A complaint call waiting for 200 s: over the 120 s critical limit.
        var at = DateTimeOffset.UtcNow.AddSeconds(-200);
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = "ack-q1", type = "call.queued", at, callId = "ack-c1", queueId = "complaints" },
        })).EnsureSuccessStatusCode();
        await WaitForAlertAsync(a => true);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<JsonElement> WaitForAlertAsync(Func<JsonElement, bool> until)
    {
        var client = _factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var alerts = await client.GetFromJsonAsync<JsonElement>("/api/alerts");
            var alert = alerts.EnumerateArray().FirstOrDefault(a => a.GetProperty("id").GetString() == AlertId);
            if (alert.ValueKind == JsonValueKind.Object && until(alert))
                return alert;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No alert {AlertId} as expected: {alerts}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Supervisor_Acknowledges_WhoAndWhenShownToEveryReader_AndAudited()
    {
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);
        var before = DateTimeOffset.UtcNow;

        var response = await supervisor.PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null);
        var alert = await WaitForAlertAsync(a => a.GetProperty("acknowledgedBy").ValueKind == JsonValueKind.String);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("user-", alert.GetProperty("acknowledgedBy").GetString());
        Assert.InRange(alert.GetProperty("acknowledgedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        var audit = await (await _factory.SignedInClientAsync([Roles.Manager])).GetFromJsonAsync<JsonElement>(
            $"/api/audit?subject={Uri.EscapeDataString(AlertId)}");
        Assert.Equal("alert.acknowledge", Assert.Single(audit.EnumerateArray()).GetProperty("action").GetString());
    }

    [Fact]
    public async Task Acknowledgement_EndsWithItsAlert_ARaiseAgainNeedsANewOne()
    {
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);
        await supervisor.PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null);
        await WaitForAlertAsync(a => a.GetProperty("acknowledgedBy").ValueKind == JsonValueKind.String);
        var machine = _factory.CreateClient();

        (await machine.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "ack-a1", type = "call.abandoned", at = DateTimeOffset.UtcNow.AddSeconds(-1), callId = "ack-c1" },
        })).EnsureSuccessStatusCode();
        await WaitForClearedAsync(machine);
        (await machine.PostAsJsonAsync("/api/events", new[]
        {
            new { id = "ack-q2", type = "call.queued", at = DateTimeOffset.UtcNow.AddSeconds(-200), callId = "ack-c2", queueId = "complaints" },
        })).EnsureSuccessStatusCode();
        var raisedAgain = await WaitForAlertAsync(_ => true);

        Assert.Equal(JsonValueKind.Null, raisedAgain.GetProperty("acknowledgedBy").ValueKind);
    }

    private static async Task WaitForClearedAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.GetFromJsonAsync<JsonElement>("/api/alerts")).EnumerateArray().Any(a => a.GetProperty("id").GetString() == AlertId))
        {
            Assert.True(DateTime.UtcNow < deadline, "the alert did not clear");
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Agent)]
    public async Task OtherRoles_Forbidden(string role)
    {
        var client = await _factory.SignedInClientAsync([role]);

        var response = await client.PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ApiKey_EvenWithManage_Forbidden_AnonymousUnauthorized()
    {
        var key = await _factory.CreateClient().PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null);
        var anonymous = await _factory.CreateAnonymousClient().PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null);

        Assert.Equal(HttpStatusCode.Forbidden, key.StatusCode);      // an acknowledgement names a person
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task NoSuchActiveAlert_404()
    {
        var manager = await _factory.SignedInClientAsync([Roles.Manager]);

        var response = await manager.PostAsync("/api/alerts/queue:nowhere:longest-wait/acknowledge", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
