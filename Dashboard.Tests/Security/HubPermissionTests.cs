using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>The hub's rows of docs/permissions.md over a real Kestrel server, with the .NET SignalR client signed in by cookie.</summary>
public sealed class HubPermissionTests : IAsyncLifetime
{
    private const string OwnAgent = "hubperm-a1";
    private const string OtherAgent = "hubperm-a2";
    private const string ServedQueue = "hubperm-q1";
    private const string OtherQueue = "hubperm-q2";

    private readonly DashboardFactory _factory = new DashboardFactory().WithKestrel();
    private readonly List<HubConnection> _connections = [];

    public async Task InitializeAsync()
    {
        using var http = _factory.CreateSocketClient();
        var response = await http.PostAsync("/api/events", PermissionTests.Json(
            PermissionTests.Login(OwnAgent, ServedQueue), PermissionTests.Login(OtherAgent, OtherQueue)));
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private async Task<HubConnection> ConnectAsAsync(string role, string? agentId = null)
    {
        var userName = await _factory.CreateUserAsync([role], agentId);
        var cookies = new CookieContainer();
        using (var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _factory.ServerAddress })
        {
            var signIn = await DashboardFactory.SignInAsync(http, userName, DashboardFactory.Password);
            Assert.Equal("/", signIn.Headers.Location?.ToString());
        }
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.ServerAddress, "/hubs/live"), o => o.Cookies = cookies)
            .AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions))
            .Build();
        _connections.Add(connection);
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task Agent_SubscribesOwnAgentAndServedQueue_RefusedOthersAndTheFloor()
    {
        var hub = await ConnectAsAsync(Roles.Agent, OwnAgent);

        await hub.InvokeAsync("SubscribeAgent", OwnAgent);
        await hub.InvokeAsync("SubscribeQueue", ServedQueue);
        var otherAgent = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeAgent", OtherAgent));
        var otherQueue = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeQueue", OtherQueue));
        var floor = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SubscribeFloor"));

        Assert.Contains("unauthorized", otherAgent.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unauthorized", otherQueue.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unauthorized", floor.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Admin)]
    public async Task FloorRoles_SubscribeToAnything(string role)
    {
        var hub = await ConnectAsAsync(role);

        await hub.InvokeAsync("SubscribeFloor");
        await hub.InvokeAsync("SubscribeAgent", OtherAgent);
        await hub.InvokeAsync("SubscribeQueue", OtherQueue);
    }

    [Fact]
    public async Task ReadKeyAsAccessToken_TheWayJavaScriptSendsIt_Subscribes()
    {
        // SignalR's JavaScript client cannot set headers on a WebSocket: its accessTokenFactory goes in the query.
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.ServerAddress, "/hubs/live?access_token=" + _factory.ApiKey), o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        _connections.Add(connection);
        await connection.StartAsync();

        await connection.InvokeAsync("SubscribeFloor");
    }

    [Fact]
    public async Task Anonymous_CannotConnect()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_factory.ServerAddress, "/hubs/live")).Build();
        _connections.Add(connection);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
