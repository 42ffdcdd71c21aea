using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Complaints;

/// <summary>
/// Low satisfaction scores on the real host (issue 18 §4): surveys scored 1–2 are listed with the contact, the agent
/// and the customer's comment; a supervisor opens a complaint from one, once however often asked, with the score and
/// the comment written on its opening; a comment breaking the rules is refused naming the field.
/// </summary>
public sealed class LowScoreApiTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task LowScores_Listed_OneClickComplaint_OpenedOnce_WithTheCommentAsItsNote()
    {
        var now = DateTimeOffset.UtcNow;
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "ls-login", type = "agent.login", at = now.AddSeconds(-20), agentId = "a07", queues = new[] { "pre-sales" } },
            new { id = "svy-1", type = "survey.completed", at = now.AddMinutes(-20), agentId = "a07", score = 2, callId = "c-77", queueId = "after-sales", customerId = "cu-9", comment = "Waited ages and was cut off." },
            new { id = "svy-2", type = "survey.completed", at = now.AddMinutes(-10), agentId = "a07", score = 4, callId = "c-78" },
            new { id = "svy-3", type = "survey.completed", at = now.AddMinutes(-5), agentId = "a07", score = 1, callId = "c-79" },
        })).EnsureSuccessStatusCode();
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);

        var rows = await supervisor.GetFromJsonAsync<JsonElement>("/api/surveys/low-scores");

        Assert.Equal(["svy-3", "svy-1"], rows.EnumerateArray().Select(r => r.GetProperty("surveyId").GetString()));
        var first = rows[1];
        Assert.Equal((2, "Waited ages and was cut off.", "c-77", "cu-9", "After-sales"),
            (first.GetProperty("score").GetInt32(), first.GetProperty("comment").GetString(), first.GetProperty("callId").GetString(),
             first.GetProperty("customerId").GetString(), first.GetProperty("queueName").GetString()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("complaintId").ValueKind);

        var opened = await supervisor.PostAsJsonAsync("/api/surveys/svy-1/complaint", new { severity = "serious" });
        var again = await supervisor.PostAsJsonAsync("/api/surveys/svy-1/complaint", new { });
        // No queue on the survey: the agent's own queue.
        var fromAgent = await supervisor.PostAsJsonAsync("/api/surveys/svy-3/complaint", new { });

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("S-svy-1", (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("complaintId").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var complaint = await supervisor.GetFromJsonAsync<JsonElement>("/api/complaints/S-svy-1");
        Assert.Equal(("after-sales", "serious", "satisfaction", "c-77", "cu-9"),
            (complaint.GetProperty("queueId").GetString(), complaint.GetProperty("severity").GetString(), complaint.GetProperty("category").GetString(),
             complaint.GetProperty("callId").GetString(), complaint.GetProperty("customerId").GetString()));
        var steps = complaint.GetProperty("steps").EnumerateArray().ToList();
        // The survey's words go with the opening: nobody has answered the customer yet, so the first response is still due.
        Assert.Equal("complaint.opened", Assert.Single(steps).GetProperty("step").GetString());
        Assert.Equal("Survey 2/5: Waited ages and was cut off.", steps[0].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, complaint.GetProperty("firstResponseAt").ValueKind);
        Assert.Equal("pre-sales", (await supervisor.GetFromJsonAsync<JsonElement>("/api/complaints/S-svy-3")).GetProperty("queueId").GetString());
        Assert.Equal("S-svy-1", (await supervisor.GetFromJsonAsync<JsonElement>("/api/surveys/low-scores"))[1].GetProperty("complaintId").GetString());
    }

    [Fact]
    public async Task BadComment_RefusedNamingIt_BadSeverity_UnknownSurvey_AndWhoMay()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "svy-long", type = "survey.completed", at = DateTimeOffset.UtcNow, agentId = "a07", score = 1, comment = new string('x', 2001) },
        });
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);

        Assert.Contains("comment: must be at most 2000 characters", await response.Content.ReadAsStringAsync());
        var bad = await supervisor.PostAsJsonAsync("/api/surveys/svy-long/complaint", new { severity = "urgent" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("severity", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync("/api/surveys/svy-none/complaint", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _factory.SignedInClientAsync([Roles.Analyst])).PostAsJsonAsync("/api/surveys/svy-long/complaint", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _factory.SignedInClientAsync([Roles.Agent], "a07")).GetAsync("/api/surveys/low-scores")).StatusCode);
    }
}
