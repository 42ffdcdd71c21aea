using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Complaints;

/// <summary>
/// The team and queue view of callbacks on the real host (issue 18 §3): owed ones by due time with where each stands,
/// those done today (on time or late), a complaint's return call among them, tallied by team and by queue.
/// </summary>
public sealed class CallbackBoardApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Owed_Overdue_DoneOnTimeAndLate_ByTeamAndQueue_WithTheReturnCall()
    {
        var now = DateTimeOffset.UtcNow;
        // Done ones count from the start of the center's day (UTC here): just after midnight, done moments after it, in the same order.
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        DateTimeOffset DoneAt(int minutesAgo) => now.AddMinutes(-minutesAgo) > dayStart ? now.AddMinutes(-minutesAgo) : dayStart.AddSeconds(10 - minutesAgo);
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "cbv-l1", type = "agent.login", at = now.AddSeconds(-20), agentId = "a01", team = "Service", queues = new[] { "after-sales" } },
            new { id = "cbv-l2", type = "agent.login", at = now.AddSeconds(-20), agentId = "a02", team = "Sales", queues = new[] { "pre-sales" } },
            new { id = "cbv-s1", type = "callback.scheduled", at = now.AddMinutes(-40), callbackId = "cb-1", agentId = "a01", queueId = "after-sales", dueAt = now.AddMinutes(-10), topic = "card" },
            new { id = "cbv-s2", type = "callback.scheduled", at = now.AddMinutes(-40), callbackId = "cb-2", agentId = "a01", queueId = "after-sales", dueAt = now.AddHours(1), topic = "loan" },
            new { id = "cbv-s3", type = "callback.scheduled", at = now.AddMinutes(-50), callbackId = "cb-3", agentId = "a02", queueId = "pre-sales", dueAt = now.AddMinutes(-30), topic = "fees" },
            new { id = "cbv-c3", type = "callback.completed", at = DoneAt(5), callbackId = "cb-3", agentId = "a02", outcome = "reached" },
            new { id = "cbv-s4", type = "callback.scheduled", at = now.AddMinutes(-20), callbackId = "cb-4", agentId = "a02", queueId = "pre-sales", dueAt = now.AddMinutes(10), topic = "app" },
            new { id = "cbv-c4", type = "callback.completed", at = DoneAt(1), callbackId = "cb-4", agentId = "a02", outcome = "no_answer" },
            new { id = "cbv-k", type = "complaint.opened", at = now.AddMinutes(-30), complaintId = "K-88", queueId = "after-sales", severity = "normal", agentId = "a01" },
            new { id = "cbv-kr", type = "complaint.resolved", at = now.AddMinutes(-2), complaintId = "K-88", resolution = "refund" },
        })).EnsureSuccessStatusCode();

        var view = await (await _factory.SignedInClientAsync([Roles.Supervisor])).GetFromJsonAsync<JsonElement>("/api/callbacks");

        var rows = view.GetProperty("callbacks").EnumerateArray().ToList();
        Assert.Equal(["cb-1 overdue", "cb-2 due", "RC-K-88-0 due", "cb-4 done_on_time", "cb-3 done_late"],
            rows.Select(r => $"{r.GetProperty("callbackId").GetString()} {r.GetProperty("standing").GetString()}"));
        var returnCall = rows[2];
        Assert.Equal(("K-88", "Service", "After-sales"),
            (returnCall.GetProperty("complaintId").GetString(), returnCall.GetProperty("team").GetString(), returnCall.GetProperty("queueName").GetString()));
        string Tally(string list, string key) => view.GetProperty(list).EnumerateArray().Where(t => t.GetProperty(key == "Service" || key == "Sales" ? "team" : "queueId").GetString() == key)
            .Select(t => $"{t.GetProperty("due").GetInt32()}/{t.GetProperty("overdue").GetInt32()}/{t.GetProperty("doneOnTime").GetInt32()}/{t.GetProperty("doneLate").GetInt32()}").Single();
        Assert.Equal("2/1/0/0", Tally("teams", "Service"));
        Assert.Equal("0/0/1/1", Tally("teams", "Sales"));
        Assert.Equal("2/1/0/0", Tally("queues", "after-sales"));
        Assert.Equal("0/0/1/1", Tally("queues", "pre-sales"));
        // Who is behind comes first.
        Assert.Equal("Service", view.GetProperty("teams")[0].GetProperty("team").GetString());
    }
}
