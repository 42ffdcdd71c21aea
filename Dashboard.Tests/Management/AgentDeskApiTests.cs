using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Management;

/// <summary>
/// <c>POST /api/agents/{id}/state</c> and <c>/logout</c> on the real host with an external ACD (simulator off): who
/// may change whose desk, what the live model shows after, and what is refused.
/// </summary>
public sealed class AgentDeskApiTests(AgentDeskApiTests.Host host) : IClassFixture<AgentDeskApiTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public DashboardFactory Factory { get; } = new();

        public HttpClient Machine { get; private set; } = null!;

        public HttpClient Supervisor { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Machine = Factory.CreateClient();
            Supervisor = await Factory.SignedInClientAsync([Roles.Supervisor]);
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private static int _calls;

    private async Task LoginAsync(string agentId, string queueId = "after-sales")
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(-30);
        (await host.Machine.PostAsJsonAsync("/api/events", new[]
        {
            new { id = Guid.NewGuid().ToString("N"), type = "agent.login", at, agentId, queues = new[] { queueId } },
        })).EnsureSuccessStatusCode();
    }

    private async Task<string> OnACallAsync(string agentId)
    {
        var callId = $"desk-call-{Interlocked.Increment(ref _calls)}";
        var at = DateTimeOffset.UtcNow.AddSeconds(-20);
        (await host.Machine.PostAsJsonAsync("/api/events", new object[]
        {
            new { id = callId + "-q", type = "call.queued", at, callId, queueId = "after-sales" },
            new { id = callId + "-o", type = "call.offered", at = at.AddSeconds(2), callId, agentId },
            new { id = callId + "-a", type = "call.answered", at = at.AddSeconds(4), callId, agentId },
        })).EnsureSuccessStatusCode();
        return callId;
    }

    private async Task<(string State, string? Reason)> StateOfAsync(string agentId)
    {
        var agent = await host.Machine.GetFromJsonAsync<JsonElement>($"/api/agents/{agentId}");
        return (agent.GetProperty("state").GetString()!, agent.GetProperty("reason").GetString());
    }

    private static JsonContent State(string state, string? reason = null) => JsonContent.Create(new { state, reason });

    [Fact]
    public async Task Supervisor_NotReadyAvailableLogOutAndBackIn_TheFloorFollowsEachStep()
    {
        await LoginAsync("a21");

        var notReady = await host.Supervisor.PostAsync("/api/agents/a21/state", State("not_ready", "coaching"));
        var afterNotReady = await StateOfAsync("a21");
        var available = await host.Supervisor.PostAsync("/api/agents/a21/state", State("available"));
        var afterAvailable = await StateOfAsync("a21");
        var logOut = await host.Supervisor.PostAsync("/api/agents/a21/logout", null);
        var afterLogOut = await StateOfAsync("a21");
        var backIn = await host.Supervisor.PostAsync("/api/agents/a21/state", State("available"));
        var afterBackIn = await StateOfAsync("a21");

        Assert.Equal("done", (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(("not_ready", "coaching"), afterNotReady);
        Assert.Equal(HttpStatusCode.OK, available.StatusCode);
        Assert.Equal(("available", null), afterAvailable);
        Assert.Equal(HttpStatusCode.OK, logOut.StatusCode);
        Assert.Equal(("offline", null), afterLogOut);
        Assert.Equal(HttpStatusCode.OK, backIn.StatusCode);
        Assert.Equal(("available", null), afterBackIn);

        var audit = await (await host.Factory.SignedInClientAsync([Roles.Manager])).GetFromJsonAsync<JsonElement>("/api/audit?subject=a21");
        Assert.Equal(["agent.state", "agent.logout", "agent.state", "agent.state"],
            audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("""{"state":"not_ready","reason":"coaching"}""", audit[3].GetProperty("after").GetString());
        Assert.Equal("""{"state":"available","reason":null}""", audit[3].GetProperty("before").GetString());
    }

    [Fact]
    public async Task OnACall_LogOutRefused_NotReadyAfterTheContact()
    {
        await LoginAsync("a22");
        await OnACallAsync("a22");

        var logOut = await host.Supervisor.PostAsync("/api/agents/a22/logout", null);
        var notReady = await host.Supervisor.PostAsync("/api/agents/a22/state", State("not_ready", "training"));
        var during = await StateOfAsync("a22");

        Assert.Equal(HttpStatusCode.Conflict, logOut.StatusCode);
        Assert.Contains("on a contact", (await logOut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("after_current_contact", (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("on_call", during.State);  // the call stays in front until it ends
    }

    [Fact]
    public async Task Agent_SetsOwnStateOnly_AndCannotLogOut()
    {
        await LoginAsync("a23");
        await LoginAsync("a24");
        var agent = await host.Factory.SignedInClientAsync([Roles.Agent], agentId: "a23");

        var own = await agent.PostAsync("/api/agents/a23/state", State("not_ready", "break"));
        var other = await agent.PostAsync("/api/agents/a24/state", State("not_ready", "break"));
        var logOut = await agent.PostAsync("/api/agents/a23/logout", null);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(("not_ready", "break"), await StateOfAsync("a23"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(("available", null), await StateOfAsync("a24"));
        Assert.Equal(HttpStatusCode.Forbidden, logOut.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task ReadOnlyRoles_Forbidden(string role)
    {
        var client = await host.Factory.SignedInClientAsync([role]);

        var response = await client.PostAsync("/api/agents/a25/logout", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_401()
    {
        var response = await host.Factory.CreateAnonymousClient().PostAsync("/api/agents/a25/state", State("available"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"state":"not_ready","reason":"nap"}""", "reason", "must be one of break, lunch, training, meeting, callback, coaching for not_ready")]
    [InlineData("""{"state":"not_ready"}""", "reason", "must be one of break, lunch, training, meeting, callback, coaching for not_ready")]
    [InlineData("""{"state":"on_call"}""", "state", "must be available or not_ready")]
    public async Task BadRequest_NamesTheFieldAndRule(string json, string field, string rule)
    {
        await LoginAsync("a26");

        var response = await host.Supervisor.PostAsync("/api/agents/a26/state",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(rule, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(("available", null), await StateOfAsync("a26"));
    }

    [Fact]
    public async Task UnknownAgent_404()
    {
        var response = await host.Supervisor.PostAsync("/api/agents/nobody/logout", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>With the built-in simulator as the ACD: a supervisor's not-ready holds (the simulator does not end it as it
/// ends breaks) until the supervisor makes the agent available.</summary>
public sealed class AgentDeskSimulatorTests : IAsyncLifetime
{
    // 60× speed: a simulated break of ~5 minutes ends within about 5 real seconds.
    private readonly DashboardFactory _factory = new DashboardFactory().With("Simulator:Enabled", "true").With("Simulator:SpeedFactor", "60");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(string State, string? Reason)> WaitForAsync(string agentId, Func<(string State, string? Reason), bool> until)
    {
        var client = _factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var agent = await client.GetFromJsonAsync<JsonElement>($"/api/agents/{agentId}");
            var state = (agent.GetProperty("state").GetString()!, agent.GetProperty("reason").GetString());
            if (until(state) || DateTime.UtcNow > deadline)
                return state;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Supervisor_NotReadyHoldsInTheSimulatorUntilMadeAvailable()
    {
        var supervisor = await _factory.SignedInClientAsync([Roles.Supervisor]);
        await WaitForAsync("a01", s => s.State != "offline"); // the simulator has logged everyone in

        var response = await supervisor.PostAsync("/api/agents/a01/state", JsonContent.Create(new { state = "not_ready", reason = "coaching" }));
        var set = await WaitForAsync("a01", s => s == ("not_ready", "coaching"));
        await Task.Delay(TimeSpan.FromSeconds(8)); // longer than simulated breaks and lunch at this speed
        var held = await WaitForAsync("a01", _ => true);
        await supervisor.PostAsync("/api/agents/a01/state", JsonContent.Create(new { state = "available" }));
        var released = await WaitForAsync("a01", s => s.State != "not_ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("not_ready", "coaching"), set);
        Assert.Equal(("not_ready", "coaching"), held);
        Assert.NotEqual("not_ready", released.State);
    }
}
