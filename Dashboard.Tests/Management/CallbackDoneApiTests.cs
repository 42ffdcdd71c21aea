using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Management;

/// <summary>
/// <c>POST /api/agents/{id}/callbacks/{callbackId}/complete</c> on the real host: the agent marks a callback they owe
/// done with its outcome; it leaves their desk, is audited and sent out by webhook (late or not); a wrong outcome, a
/// callback not owed and another agent's callback are refused.
/// </summary>
public sealed class CallbackDoneApiTests() : WebhookHostTest(new())
{
    private async Task ScheduleAsync(string agentId, string callbackId, DateTimeOffset dueAt)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        (await Factory.CreateClient().PostAsJsonAsync("/api/events", new object[]
        {
            new { id = callbackId + "-login", type = "agent.login", at, agentId, queues = new[] { "after-sales" } },
            new { id = callbackId + "-s", type = "callback.scheduled", at, callbackId, agentId, dueAt, topic = "card limit" },
        })).EnsureSuccessStatusCode();
    }

    private async Task<string[]> OwedAsync(string agentId)
    {
        var desk = await Factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/agents/{agentId}/desk");
        return [.. desk.GetProperty("callbacks").EnumerateArray().Select(c => c.GetProperty("callbackId").GetString()!)];
    }

    private static JsonContent Outcome(string outcome) => JsonContent.Create(new { outcome });

    [Fact]
    public async Task Agent_MarksTheirLateCallbackReached_LeavesTheDesk_AuditedAndSentLate()
    {
        await ScheduleAsync("a31", "cb-31", DateTimeOffset.UtcNow.AddMinutes(-5)); // five minutes overdue
        await ScheduleAsync("a31", "cb-32", DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(["cb-31", "cb-32"], await OwedAsync("a31"));
        var agent = await Factory.SignedInClientAsync([Roles.Agent], "a31");

        var done = await agent.PostAsync("/api/agents/a31/callbacks/cb-31/complete", Outcome("reached"));

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("reached", (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(["cb-32"], await OwedAsync("a31"));
        var audit = await (await Factory.SignedInClientAsync([Roles.Manager])).GetFromJsonAsync<JsonElement>("/api/audit?subject=a31");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal("callback.completed", entry.GetProperty("action").GetString());
        Assert.Contains("\"outcome\":null", entry.GetProperty("before").GetString());
        Assert.Contains("\"outcome\":\"reached\"", entry.GetProperty("after").GetString());
        var delivered = await Receiver.WaitForDeliveredAsync(1);
        var hook = JsonDocument.Parse(delivered[0].Body).RootElement;
        Assert.Equal("callback.completed", hook.GetProperty("type").GetString());
        var data = hook.GetProperty("data");
        Assert.Equal(("a31", "cb-31", "reached", true),
            (data.GetProperty("agentId").GetString(), data.GetProperty("callbackId").GetString(),
             data.GetProperty("outcome").GetString(), data.GetProperty("late").GetBoolean()));

        // Done is done: marking it again finds nothing owed.
        var again = await agent.PostAsync("/api/agents/a31/callbacks/cb-31/complete", Outcome("reached"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task WrongOutcome_NotOwed_AnotherAgents_Refused_NothingChanges()
    {
        await ScheduleAsync("a33", "cb-33", DateTimeOffset.UtcNow.AddHours(1));
        var agent = await Factory.SignedInClientAsync([Roles.Agent], "a34");
        var supervisor = await Factory.SignedInClientAsync([Roles.Supervisor]);

        var wrong = await supervisor.PostAsync("/api/agents/a33/callbacks/cb-33/complete", Outcome("maybe"));
        var missing = await supervisor.PostAsync("/api/agents/a33/callbacks/cb-nope/complete", Outcome("no_answer"));
        var others = await agent.PostAsync("/api/agents/a33/callbacks/cb-33/complete", Outcome("reached"));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var problem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("must be one of cancelled, no_answer, reached", problem.GetProperty("errors").GetProperty("outcome")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        Assert.Equal(["cb-33"], await OwedAsync("a33"));
    }
}
