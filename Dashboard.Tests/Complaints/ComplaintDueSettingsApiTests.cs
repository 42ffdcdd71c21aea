using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Complaints;

/// <summary>
/// Complaint due times per queue and the working calendar on the real host (issue 18 §1): a manager sets them, the
/// desk judges by them at once, each change audited and sent by webhook; bad documents name the field and the rule.
/// </summary>
public sealed class ComplaintDueSettingsApiTests() : WebhookHostTest(new())
{
    private static readonly object Center = new
    {
        normal = new { firstResponseMinutes = 1440, resolutionMinutes = 4320 },
        serious = new { firstResponseMinutes = 30, resolutionMinutes = 240 },
    };

    private async Task OpenAsync(string complaintId, DateTimeOffset at, string queueId = "after-sales")
    {
        (await Factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = complaintId + "-open", type = "complaint.opened", at, complaintId, queueId, severity = "serious", category = "fees" },
        })).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> ComplaintAsync(string complaintId) =>
        await Factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/complaints/{complaintId}");

    private static async Task<JsonElement> PutAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PutAsJsonAsync(path, body);
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Defaults_AreConfigurations_AndAnOfficeWeek()
    {
        var due = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/complaint-due-times");
        var hours = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/working-hours");

        Assert.Equal((30, 240, 1440, 4320, "clock"),
            (due.GetProperty("serious").GetProperty("firstResponseMinutes").GetInt32(), due.GetProperty("serious").GetProperty("resolutionMinutes").GetInt32(),
             due.GetProperty("normal").GetProperty("firstResponseMinutes").GetInt32(), due.GetProperty("normal").GetProperty("resolutionMinutes").GetInt32(),
             due.GetProperty("counting").GetString()));
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday", "friday"], hours.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("day").GetString()));
        Assert.Equal(("09:00", "18:00"), (hours.GetProperty("days")[0].GetProperty("open").GetString(), hours.GetProperty("days")[0].GetProperty("close").GetString()));
    }

    [Fact]
    public async Task QueueOverride_MakesItsComplaintOverdue_AtOnce_AuditedAndSent()
    {
        var opened = DateTimeOffset.UtcNow.AddMinutes(-20);
        await OpenAsync("k-due-q", opened);
        await OpenAsync("k-due-other", opened, "pre-sales");
        Assert.Equal(JsonValueKind.Null, (await ComplaintAsync("k-due-q")).GetProperty("overdue").ValueKind);
        var manager = await Factory.SignedInClientAsync([Roles.Manager]);

        var saved = await PutAsync(manager, "/api/complaint-due-times", new
        {
            normal = new { firstResponseMinutes = 1440, resolutionMinutes = 4320 },
            serious = new { firstResponseMinutes = 30, resolutionMinutes = 240 },
            queues = new Dictionary<string, object> { ["after-sales"] = new { serious = new { firstResponseMinutes = 15, resolutionMinutes = 120 } } },
            counting = "clock",
        });

        Assert.Equal(15, saved.GetProperty("queues").GetProperty("after-sales").GetProperty("serious").GetProperty("firstResponseMinutes").GetInt32());
        var mine = await ComplaintAsync("k-due-q");
        Assert.Equal("first_response", mine.GetProperty("overdue").GetString());
        Assert.Equal(mine.GetProperty("openedAt").GetDateTimeOffset().AddMinutes(15), mine.GetProperty("firstResponseDue").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, (await ComplaintAsync("k-due-other")).GetProperty("overdue").ValueKind);
        var audit = await manager.GetFromJsonAsync<JsonElement>("/api/audit?subject=center");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "complaint.due-times");
        var sent = await Receiver.WaitForDeliveredAsync(1);
        Assert.Equal("complaint.due-times.changed", JsonDocument.Parse(sent[0].Body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task WorkingHours_TimeWhileClosedDoesNotCount()
    {
        var opened = DateTimeOffset.UtcNow.AddMinutes(-45);
        await OpenAsync("k-due-hours", opened);
        Assert.Equal("first_response", (await ComplaintAsync("k-due-hours")).GetProperty("overdue").GetString());
        var manager = await Factory.SignedInClientAsync([Roles.Manager]);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Open round the clock every day, but closed from three days ago to three days ahead (whatever the center's zone).
        await PutAsync(manager, "/api/working-hours", new
        {
            days = Enum.GetNames<DayOfWeek>().Select(d => new { day = d.ToLowerInvariant(), open = "00:00", close = "24:00" }),
            closed = Enumerable.Range(-3, 7).Select(d => today.AddDays(d).ToString("yyyy-MM-dd")),
        });
        await PutAsync(manager, "/api/complaint-due-times", new
        {
            normal = new { firstResponseMinutes = 1440, resolutionMinutes = 4320 },
            serious = new { firstResponseMinutes = 30, resolutionMinutes = 240 },
            counting = "working-hours",
        });

        var complaint = await ComplaintAsync("k-due-hours");
        Assert.Equal(JsonValueKind.Null, complaint.GetProperty("overdue").ValueKind);
        Assert.True(complaint.GetProperty("firstResponseDue").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(2));
        var back = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/working-hours");
        Assert.Equal(("monday", "24:00", 7), (back.GetProperty("days")[0].GetProperty("day").GetString(), back.GetProperty("days")[0].GetProperty("close").GetString(),
            back.GetProperty("closed").GetArrayLength()));
    }

    [Fact]
    public async Task BadDocuments_NameTheFieldAndTheRule_NothingChanged_OnlyManagersChange()
    {
        var manager = await Factory.SignedInClientAsync([Roles.Manager]);
        var supervisor = await Factory.SignedInClientAsync([Roles.Supervisor]);

        var empty = (await PutAsync(manager, "/api/complaint-due-times", new { }, HttpStatusCode.BadRequest)).GetProperty("errors");
        var wrong = (await PutAsync(manager, "/api/complaint-due-times", new
        {
            normal = new { firstResponseMinutes = 60, resolutionMinutes = 30 },
            serious = new { firstResponseMinutes = 0, resolutionMinutes = 240 },
            queues = new Dictionary<string, object> { ["no-such-queue"] = new { } },
            counting = "sometimes",
        }, HttpStatusCode.BadRequest)).GetProperty("errors");
        var hours = (await PutAsync(manager, "/api/working-hours", new
        {
            days = new object[] { new { day = "funday", open = "09:00", close = "18:00" }, new { day = "monday", open = "18:00", close = "09:00" } },
            closed = new[] { "2026-13-01" },
        }, HttpStatusCode.BadRequest)).GetProperty("errors");

        Assert.Equal(["counting", "normal", "serious"], empty.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["counting", "normal.resolutionMinutes", "queues.no-such-queue", "serious.firstResponseMinutes"], wrong.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("at least the first response", wrong.GetProperty("normal.resolutionMinutes")[0].GetString());
        Assert.Equal(["closed[0]", "days[0].day", "days[1].close"], hours.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(240, (await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/complaint-due-times")).GetProperty("serious").GetProperty("resolutionMinutes").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PutAsJsonAsync("/api/complaint-due-times", Center)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/working-hours")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Factory.SignedInClientAsync([Roles.Agent], "a05")).GetAsync("/api/complaint-due-times")).StatusCode);
    }
}
