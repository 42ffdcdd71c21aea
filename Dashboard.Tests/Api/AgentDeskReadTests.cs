using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Api;

/// <summary>
/// An agent's own work on their desk: <c>GET /api/me</c> and <c>GET /api/agents/{id}/desk</c> — open complaints they
/// own and the callbacks they owe, soonest due first — and nothing of anyone else's.
/// </summary>
public sealed class AgentDeskReadTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public async Task InitializeAsync()
    {
        var at = _now.AddMinutes(-5);
        (await _factory.CreateClient().PostAsJsonAsync("/api/events", new object[]
        {
            new { id = "d1", type = "agent.login", at, agentId = "a27", queues = new[] { "complaints" } },
            new { id = "d2", type = "agent.login", at, agentId = "a28", queues = new[] { "complaints" } },
            new { id = "d3", type = "complaint.opened", at = at.AddSeconds(10), complaintId = "k-own", queueId = "complaints", agentId = "a27", severity = "serious", category = "billing" },
            new { id = "d4", type = "complaint.opened", at = at.AddSeconds(20), complaintId = "k-other", queueId = "complaints", agentId = "a28", severity = "normal" },
            new { id = "d5", type = "complaint.opened", at = at.AddSeconds(30), complaintId = "k-done", queueId = "complaints", agentId = "a27", severity = "normal" },
            new { id = "d6", type = "complaint.resolved", at = at.AddSeconds(40), complaintId = "k-done" },
            new { id = "d7", type = "callback.scheduled", at = at.AddSeconds(50), callbackId = "cb-later", agentId = "a27", dueAt = _now.AddHours(3), topic = "card replacement" },
            new { id = "d8", type = "callback.scheduled", at = at.AddSeconds(60), callbackId = "cb-soon", agentId = "a27", dueAt = _now.AddMinutes(20), queueId = "complaints" },
            // Completed arrives before it was scheduled (out of order): it must stay completed.
            new { id = "d9", type = "callback.completed", at = at.AddSeconds(80), callbackId = "cb-done", agentId = "a27" },
            new { id = "d10", type = "callback.scheduled", at = at.AddSeconds(70), callbackId = "cb-done", agentId = "a27", dueAt = _now.AddMinutes(5) },
            new { id = "d11", type = "callback.scheduled", at = at.AddSeconds(90), callbackId = "cb-other", agentId = "a28", dueAt = _now.AddMinutes(1) },
        })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Me_OwnOpenComplaintsAndCallbacksOwedSoonestFirst_NothingOfOthers()
    {
        var agent = await _factory.SignedInClientAsync([Roles.Agent], agentId: "a27");

        var me = await agent.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal("a27", me.GetProperty("agent").GetProperty("agentId").GetString());
        var desk = me.GetProperty("desk");
        var complaint = Assert.Single(desk.GetProperty("openComplaints").EnumerateArray());
        Assert.Equal(("k-own", "serious", "billing"), (complaint.GetProperty("complaintId").GetString(),
            complaint.GetProperty("severity").GetString(), complaint.GetProperty("category").GetString()));
        // The resolved complaint's return call (回访) is owed too, due a day after its resolution.
        Assert.Equal(["cb-soon", "cb-later", "RC-k-done-0"], desk.GetProperty("callbacks").EnumerateArray().Select(c => c.GetProperty("callbackId").GetString()));
        Assert.Equal(_now.AddMinutes(-5).AddSeconds(40).AddDays(1), desk.GetProperty("callbacks")[2].GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("card replacement", desk.GetProperty("callbacks")[1].GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Desk_AgentAsksForAnother_403_SupervisorMayRead()
    {
        var agent = await _factory.SignedInClientAsync([Roles.Agent], agentId: "a27");
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);

        var other = await agent.GetAsync("/api/agents/a28/desk");
        var desk = await supervisor.GetFromJsonAsync<JsonElement>("/api/agents/a28/desk");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("cb-other", Assert.Single(desk.GetProperty("callbacks").EnumerateArray()).GetProperty("callbackId").GetString());
    }

    [Fact]
    public async Task Me_NotAnAgent_403_Anonymous_401()
    {
        var manager = await _factory.SignedInClientAsync([Roles.Manager]);

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateAnonymousClient().GetAsync("/api/me")).StatusCode);
    }
}
