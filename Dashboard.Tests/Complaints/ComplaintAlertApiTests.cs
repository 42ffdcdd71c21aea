using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Complaints;

/// <summary>
/// The complaint desk's alerts on the real host: a serious complaint opened is an alert on the floor's list at once
/// (as the banner and the notification routes see it), a supervisor acknowledges it there, and it clears once
/// someone takes the complaint up.
/// </summary>
public sealed class ComplaintAlertApiTests : IAsyncLifetime
{
    private const string AlertId = "complaint:K-3001:complaint-serious-opened";
    private readonly DashboardFactory _factory = new DashboardFactory().With("Complaints:AlertEvery", "00:00:00.200");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>The alert <paramref name="id"/> on the floor's list (null when not there) once <paramref name="until"/> holds.</summary>
    private async Task<JsonElement?> AlertAsync(Func<JsonElement?, bool> until, string id = AlertId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var alerts = await _factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/alerts");
            JsonElement? alert = alerts.EnumerateArray().Where(a => a.GetProperty("id").GetString() == id).Select(a => (JsonElement?)a).FirstOrDefault();
            if (until(alert))
                return alert;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The alert {id} did not come to the expected state: {alerts}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task SeriousComplaint_AlertAtOnce_Acknowledged_ClearsWhenTakenUp()
    {
        var opened = DateTimeOffset.UtcNow.AddMinutes(-3);
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = "ka-open", type = "complaint.opened", at = opened, complaintId = "K-3001", queueId = "after-sales", severity = "serious", category = "fees" },
        })).EnsureSuccessStatusCode();

        var alert = (await AlertAsync(a => a is not null))!.Value;

        Assert.Equal(("complaint-serious-opened", "critical", "After-sales"),
            (alert.GetProperty("rule").GetString(), alert.GetProperty("severity").GetString(), alert.GetProperty("subjectName").GetString()));
        Assert.Equal("Serious complaint K-3001 opened 3 min ago, not yet taken up", alert.GetProperty("message").GetString());
        Assert.Equal(opened, alert.GetProperty("raisedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);
        (await supervisor.PostAsync($"/api/alerts/{Uri.EscapeDataString(AlertId)}/acknowledge", null)).EnsureSuccessStatusCode();
        await AlertAsync(a => a?.GetProperty("acknowledgedBy").ValueKind == JsonValueKind.String);

        (await supervisor.PostAsJsonAsync("/api/complaints/K-3001/assign", new { agentId = "a05" })).EnsureSuccessStatusCode();

        Assert.Null(await AlertAsync(a => a is null));
    }

    [Fact]
    public async Task OverdueCallback_AnAlertOnTheAgent_GoneOnceDone()
    {
        var now = DateTimeOffset.UtcNow;
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "kb-login", type = "agent.login", at = now.AddMinutes(-60), agentId = "a11", queues = new[] { "after-sales" } },
            new { id = "kb-s", type = "callback.scheduled", at = now.AddMinutes(-40), callbackId = "cb-a", agentId = "a11", dueAt = now.AddMinutes(-12), topic = "card" },
        })).EnsureSuccessStatusCode();
        const string Overdue = "agent:a11:callbacks-overdue";

        var raised = (await AlertAsync(a => a is not null, Overdue))!.Value;

        Assert.Equal(("warning", "Yang Xue", "Callbacks overdue: 1, the oldest 12 min late"),
            (raised.GetProperty("severity").GetString(), raised.GetProperty("subjectName").GetString(), raised.GetProperty("message").GetString()));
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = "kb-c", type = "callback.completed", at = DateTimeOffset.UtcNow, callbackId = "cb-a", agentId = "a11", outcome = "reached" },
        })).EnsureSuccessStatusCode();
        Assert.Null(await AlertAsync(a => a is null, Overdue));
    }
}
