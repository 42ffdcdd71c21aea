using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Complaints;

/// <summary>
/// The complaint desk on the real host: complaints from a CRM's events listed by urgency with due times; a
/// supervisor assigns, notes, escalates, resolves, records the return call and closes; QC may note and no more;
/// each step audited, sent by webhook, and refused when it makes no sense.
/// </summary>
public sealed class ComplaintDeskApiTests() : WebhookHostTest(new())
{
    private async Task OpenAsync(string complaintId, string severity, DateTimeOffset at, string? agentId = null)
    {
        (await Factory.CreateClient().PostAsJsonAsync("/api/events", new[]
        {
            new { id = complaintId + "-open", type = "complaint.opened", at, complaintId, queueId = "after-sales", severity, category = "fees", agentId },
        })).EnsureSuccessStatusCode();
    }

    private async Task<List<JsonElement>> ListAsync(string query = "")
    {
        var rows = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/complaints" + query);
        return [.. rows.EnumerateArray()];
    }

    private static string Id(JsonElement row) => row.GetProperty("complaintId").GetString()!;

    [Fact]
    public async Task Desk_ListedByUrgency_WithDueTimesAndWhatIsOverdue()
    {
        var now = DateTimeOffset.UtcNow;
        await OpenAsync("k-normal", "normal", now.AddMinutes(-5));
        await OpenAsync("k-serious-late", "serious", now.AddMinutes(-45)); // first response due 30 min after: 15 min late
        await OpenAsync("k-serious", "serious", now.AddMinutes(-10));

        var rows = await ListAsync();

        Assert.Equal(["k-serious-late", "k-serious", "k-normal"], rows.Select(Id));
        Assert.Equal("first_response", rows[0].GetProperty("overdue").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("overdue").ValueKind);
        var opened = rows[1].GetProperty("openedAt").GetDateTimeOffset();
        Assert.Equal(opened.AddMinutes(30), rows[1].GetProperty("firstResponseDue").GetDateTimeOffset());
        Assert.Equal(opened.AddHours(4), rows[1].GetProperty("resolutionDue").GetDateTimeOffset());
        Assert.Equal(("After-sales", "open"), (rows[1].GetProperty("queueName").GetString(), rows[1].GetProperty("status").GetString()));
        Assert.Equal(["k-serious-late", "k-serious"], (await ListAsync("?severity=serious")).Select(Id));
        var bad = await Factory.CreateClient().GetAsync("/api/complaints?status=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Supervisor_RunsAComplaintToTheEnd_EachStepAuditedAndSent_QcNotesOnly()
    {
        await OpenAsync("k-life", "serious", DateTimeOffset.UtcNow.AddMinutes(-3));
        var supervisor = await Factory.SignedInClientAsync([Roles.Supervisor]);
        var qc = await Factory.SignedInClientAsync([Roles.Analyst]);

        async Task<JsonElement> Act(HttpClient client, string action, object body, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var response = await client.PostAsJsonAsync($"/api/complaints/k-life/{action}", body);
            Assert.True(expected == response.StatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.Equal("assigned", (await Act(supervisor, "assign", new { agentId = "a05" })).GetProperty("status").GetString());
        // A return call before a resolution makes no sense; neither does a note with nothing in it.
        await Act(supervisor, "return-call", new { outcome = "satisfied" }, HttpStatusCode.Conflict);
        var empty = await Act(supervisor, "notes", new { note = "" }, HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("note", out _));
        // QC notes; QC does not resolve.
        Assert.Equal("in_progress", (await Act(qc, "notes", new { note = "Recording checked: the fee was quoted wrongly." })).GetProperty("status").GetString());
        await Act(qc, "resolve", new { resolution = "refund" }, HttpStatusCode.Forbidden);
        await Act(supervisor, "escalate", new { to = "manager" });
        await Act(supervisor, "resolve", new { resolution = "refund" });
        Assert.Equal("in_progress", (await Act(supervisor, "return-call", new { outcome = "not_satisfied" })).GetProperty("status").GetString());
        await Act(supervisor, "resolve", new { resolution = "refund and apology" });
        await Act(supervisor, "return-call", new { outcome = "satisfied" });
        var closed = await Act(supervisor, "close", new { });

        Assert.Equal(("closed", 1, "refund and apology", "satisfied"),
            (closed.GetProperty("status").GetString(), closed.GetProperty("reopened").GetInt32(),
             closed.GetProperty("resolution").GetString(), closed.GetProperty("returnCall").GetString()));
        var steps = closed.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()).ToList();
        Assert.Equal(["complaint.opened", "complaint.assigned", "complaint.noted", "complaint.escalated", "complaint.resolved",
            "complaint.return_call", "complaint.resolved", "complaint.return_call", "complaint.closed"], steps);
        Assert.Equal("k-life", Id(Assert.Single(await ListAsync("?status=done"))));
        Assert.Empty(await ListAsync("?status=open"));

        var audit = await (await Factory.SignedInClientAsync([Roles.Manager])).GetFromJsonAsync<JsonElement>("/api/audit?subject=k-life");
        Assert.Equal(8, audit.GetArrayLength());
        var delivered = await Receiver.WaitForDeliveredAsync(8);
        Assert.Equal("complaint.assigned", JsonDocument.Parse(delivered[0].Body).RootElement.GetProperty("type").GetString());
        // The webhook and the audit log write statuses and outcomes as the API and the events do.
        var notSatisfied = delivered.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("data"))
            .First(d => d.GetProperty("outcome").GetString() is not null);
        Assert.Equal(("not_satisfied", "in_progress"), (notSatisfied.GetProperty("outcome").GetString(), notSatisfied.GetProperty("status").GetString()));
        Assert.Contains("\"Status\":\"return_call_made\"", audit[1].GetProperty("after").GetString(), StringComparison.OrdinalIgnoreCase);
        // The wall-board's count follows: the queue has no open complaint left.
        var queue = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/queues/after-sales");
        Assert.Equal(0, queue.GetProperty("complaintsOpen").GetInt32());
    }

    [Fact]
    public async Task UnknownComplaint_NotFound_AgentsAndAdminsNotLetIn()
    {
        var supervisor = await Factory.SignedInClientAsync([Roles.Supervisor]);
        var agent = await Factory.SignedInClientAsync([Roles.Agent], "a05");

        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/complaints/k-none")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync("/api/complaints/k-none/close", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/complaints")).StatusCode);
    }
}
