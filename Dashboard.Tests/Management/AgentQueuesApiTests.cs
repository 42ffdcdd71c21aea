using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Security;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Management;

/// <summary>
/// <c>PUT /api/agents/{id}/queues</c> on the real host: a manager moves an agent between queues, the staffing
/// follows at once, the change is audited, kept over a restart and sent as a signed webhook that is retried.
/// </summary>
public sealed class AgentQueuesApiTests() : WebhookHostTest(new())
{
    private static JsonContent Queues(params (string QueueId, int SkillLevel)[] queues) =>
        JsonContent.Create(new { queues = queues.Select(q => new { queueId = q.QueueId, skillLevel = q.SkillLevel }) });

    private async Task<JsonElement> GetAsync(string path) => await Factory.CreateClient().GetFromJsonAsync<JsonElement>(path);

    private async Task<int> StaffedAsync(string queueId) => (await GetAsync($"/api/queues/{queueId}")).GetProperty("agents").GetProperty("staffed").GetInt32();

    [Fact]
    public async Task Manager_MovesALoggedInAgent_StaffingFollowsAtOnce_AuditedAndAnnouncedBySignedWebhook()
    {
        // a11 (configured: after-sales) comes on duty; then a manager moves them to complaints, keeping after-sales at level 2.
        await Factory.CreateClient().PostAsync("/api/events", PermissionTests.Json(PermissionTests.Login("a11", "after-sales")));
        var (afterSalesBefore, complaintsBefore) = (await StaffedAsync("after-sales"), await StaffedAsync("complaints"));
        var manager = await Factory.SignedInClientAsync([Roles.Manager]);

        var response = await manager.PutAsync("/api/agents/a11/queues", Queues(("complaints", 5)));
        var agent = await GetAsync("/api/agents/a11");
        var (afterSalesAfter, complaintsAfter) = (await StaffedAsync("after-sales"), await StaffedAsync("complaints"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["complaints"], agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(5, agent.GetProperty("skillLevels").GetProperty("complaints").GetInt32());
        Assert.Equal((afterSalesBefore - 1, complaintsBefore + 1), (afterSalesAfter, complaintsAfter));

        // The audit log: who, what, before, after.
        var audit = await manager.GetFromJsonAsync<JsonElement>("/api/audit?subject=a11");
        var entry = audit.EnumerateArray().Single();
        Assert.Equal("agent.queues", entry.GetProperty("action").GetString());
        Assert.StartsWith("user-", entry.GetProperty("actor").GetString());
        Assert.Equal("""[{"queueId":"after-sales","skillLevel":3}]""", entry.GetProperty("before").GetString());
        Assert.Equal("""[{"queueId":"complaints","skillLevel":5}]""", entry.GetProperty("after").GetString());

        // The webhook: JSON, signed with HMAC-SHA256 over "{timestamp}.{body}", checked here independently.
        var delivery = (await Receiver.WaitForDeliveredAsync(1)).Single();
        var body = JsonDocument.Parse(delivery.Body).RootElement;
        var timestamp = delivery.Headers["X-Dashboard-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(delivery.Body).ToArray()));
        Assert.Equal(expected, delivery.Headers["X-Dashboard-Signature"]);
        Assert.InRange(long.Parse(timestamp), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("agent.queues.changed", delivery.Headers["X-Dashboard-Event"]);
        Assert.Equal("agent.queues.changed", body.GetProperty("type").GetString());
        Assert.Equal("a11", body.GetProperty("data").GetProperty("agentId").GetString());
        Assert.Equal("complaints", body.GetProperty("data").GetProperty("queues")[0].GetProperty("queueId").GetString());
        Assert.Equal("after-sales", body.GetProperty("data").GetProperty("before")[0].GetProperty("queueId").GetString());
    }

    [Fact]
    public async Task Webhook_ReceiverFailsTwice_DeliveredOnTheThirdAttemptInOrder()
    {
        Receiver.FailNext(2);
        var key = Factory.CreateClient(); // the factory's key has the manage scope

        await key.PutAsync("/api/agents/a12/queues", Queues(("email", 4)));
        await key.PutAsync("/api/agents/a13/queues", Queues(("email", 1)));
        var requests = await Receiver.WaitForDeliveredAsync(2);

        Assert.Equal([503, 503, 200, 200], requests.Select(r => r.AnsweredWith));
        var deliveries = requests.Select(r => r.Headers["X-Dashboard-Delivery"]).ToList();
        Assert.Equal(deliveries[0], deliveries[1]);   // the same delivery, retried
        Assert.Equal(deliveries[0], deliveries[2]);
        Assert.NotEqual(deliveries[2], deliveries[3]);
        Assert.Equal(["a12", "a12", "a12", "a13"],
            requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("agentId").GetString()));
    }

    [Theory]
    [InlineData("""{"queues":[{"queueId":"no-such-queue","skillLevel":3}]}""", "queues[0].queueId", "must be the id of a queue configured or seen in an event")]
    [InlineData("""{"queues":[{"queueId":"email","skillLevel":9}]}""", "queues[0].skillLevel", "must be an integer from 1 to 5")]
    [InlineData("""{"queues":[{"queueId":"email","skillLevel":3},{"queueId":"email","skillLevel":2}]}""", "queues[1].queueId", "must not repeat a queue")]
    [InlineData("""{}""", "queues", "is required (an array, empty to remove the agent from every queue)")]
    public async Task BadRequest_NamesTheFieldAndTheRule_AndChangesNothing(string json, string field, string rule)
    {
        var response = await Factory.CreateClient().PutAsync("/api/agents/a14/queues", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var agent = await GetAsync("/api/agents/a14");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rule, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(["after-sales"], agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
    }

    [Fact]
    public async Task Service_CalledForANonManager_Forbidden_NothingChanged()
    {
        // The dialog calls the service directly: the service itself refuses, not only the endpoint's policy.
        var assignments = Factory.Services.GetRequiredService<Dashboard.Web.Management.AgentAssignments>();
        var supervisor = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Supervisor)], "test"));

        var outcome = await assignments.SetAsync("a17", [new("email", 3)], supervisor);
        var agent = await GetAsync("/api/agents/a17");

        Assert.IsType<Dashboard.Web.Management.AgentAssignments.Forbidden>(outcome);
        Assert.Equal(["after-sales", "pre-sales"], agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
    }

    [Fact]
    public async Task UnknownAgent_404()
    {
        var response = await Factory.CreateClient().PutAsync("/api/agents/nobody/queues", Queues(("email", 3)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task EmptyList_RemovesTheAgentFromEveryQueue()
    {
        var response = await Factory.CreateClient().PutAsync("/api/agents/a15/queues", Queues());
        var agent = await GetAsync("/api/agents/a15");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(agent.GetProperty("queues").EnumerateArray());
    }

    [Fact]
    public async Task Restart_TheMoveIsKept()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-assignments-").FullName;
        var database = "Data Source=" + Path.Combine(folder, "dashboard.db");
        await using (var first = new DashboardFactory().With("Accounts:ConnectionString", database))
        {
            var moved = await first.CreateClient().PutAsync("/api/agents/a16/queues", Queues(("membership", 4), ("after-sales", 2)));
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        await using var second = new DashboardFactory().With("Accounts:ConnectionString", database);
        var client = second.CreateClient();
        JsonElement agent;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            agent = await client.GetFromJsonAsync<JsonElement>("/api/agents/a16");
        }
        while (agent.GetProperty("queues").GetArrayLength() != 2 && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(["membership", "after-sales"], agent.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(4, agent.GetProperty("skillLevels").GetProperty("membership").GetInt32());
        Assert.Equal(2, agent.GetProperty("skillLevels").GetProperty("after-sales").GetInt32());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        static async Task<bool> Delay()
        {
            await Task.Delay(50);
            return true;
        }
    }

    [Fact]
    public async Task Restart_TheKeptMoveIsReappliedAtTheTimeItWasMade()
    {
        // Stamped at the restart, it made every event of the agent between the move and the restart late when the
        // source re-sent the day (issue 15: 24 handled became 1).
        var before = DateTimeOffset.UtcNow;
        var moved = await Factory.CreateClient().PutAsync("/api/agents/a17/queues", Queues(("membership", 3)));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var after = DateTimeOffset.UtcNow;
        await Task.Delay(1100);

        var assignments = Factory.Services.GetRequiredService<Dashboard.Web.Management.AgentAssignments>();
        var todayStart = before.AddHours(-1);
        var kept = (await assignments.KeptAsEventsAsync(todayStart)).Single(e => e.AgentId == "a17");
        Assert.InRange(kept.At, before.AddTicks(-10), after);
        // The same id each time it is re-applied: the journal's copy and the restorer's count once.
        Assert.Equal(kept.Id, (await assignments.KeptAsEventsAsync(todayStart)).Single(e => e.AgentId == "a17").Id);

        // A move made on an earlier day stands from the start of today.
        var laterDay = after.AddHours(1);
        Assert.Equal(laterDay, (await assignments.KeptAsEventsAsync(laterDay)).Single(e => e.AgentId == "a17").At);
    }
}
