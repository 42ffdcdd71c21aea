using System.Net;
using System.Net.WebSockets;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Security;

/// <summary>
/// Cross-site WebSocket hijacking: browsers apply neither CORS nor, between hosts of one site, SameSite to a
/// WebSocket, so a page elsewhere could open the live hub or Blazor's circuit with a signed-in person's cookie. A
/// connection to <c>/hubs/live</c> or <c>/_blazor</c> that carries the cookie and another site's <c>Origin</c> is
/// refused, whichever transport it uses; the dashboard's own pages, and programs (no Origin), connect as before.
/// Real connections over Kestrel: WebSocket handshakes, negotiations, and the .NET SignalR client's event-stream and
/// long-polling transports (it sends its headers on every request of a transport).
/// </summary>
public sealed class WebSocketOriginTests : IAsyncLifetime
{
    private const string Foreign = "https://evil.example";

    private readonly DashboardFactory _factory = new DashboardFactory().WithKestrel();
    private readonly List<HubConnection> _connections = [];
    private CookieContainer _cookies = null!;

    public async Task InitializeAsync()
    {
        var user = await _factory.CreateUserAsync([Roles.Supervisor]);
        _cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = _factory.ServerAddress };
        var signIn = await DashboardFactory.SignInAsync(http, user, DashboardFactory.Password);
        Assert.Equal("/", signIn.Headers.Location?.ToString());
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private string Own => _factory.ServerAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>A browser's WebSocket handshake: the cookie, and the Origin of the page that opens it (none: a program).</summary>
    private async Task<ClientWebSocket> OpenWebSocketAsync(string path, string? origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = _cookies;
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
            socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(new Uri(_factory.ServerAddress, path)) { Scheme = "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The refusal's status is on the socket (CollectHttpResponseDetails).
        }
        return socket;
    }

    [Theory]
    [InlineData("/hubs/live")]
    [InlineData("/_blazor")]
    public async Task WebSocket_CookieFromAnotherSite_403(string path)
    {
        using var socket = await OpenWebSocketAsync(path, Foreign);

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        Assert.NotEqual(WebSocketState.Open, socket.State);
    }

    [Theory]
    [InlineData("/hubs/live", "https://evil.example")]
    [InlineData("/hubs/live", "null")]
    [InlineData("/_blazor", "http://localhost.evil.example")]
    public async Task Negotiate_CookieFromAnotherSite_403NamingTheOrigin(string path, string origin)
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies }) { BaseAddress = _factory.ServerAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(origin, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/hubs/live", null)]
    [InlineData("/_blazor", null)]
    [InlineData("/hubs/live", "own")]
    [InlineData("/_blazor", "own")]
    public async Task WebSocket_CookieFromThisSiteOrAProgram_Opens(string path, string? origin)
    {
        using var socket = await OpenWebSocketAsync(path, origin == "own" ? Own : null);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    private HubConnection Connect(HttpTransportType transport, string origin)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.ServerAddress, "/hubs/live"), o =>
            {
                o.Cookies = _cookies;
                o.Transports = transport;
                o.Headers["Origin"] = origin;
            })
            .Build();
        _connections.Add(connection);
        return connection;
    }

    [Theory]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task LiveHub_OtherTransports_CookieFromAnotherSite_403(HttpTransportType transport)
    {
        var connection = Connect(transport, Foreign);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task LiveHub_CookieFromThisSite_SubscribesToTheFloor(HttpTransportType transport)
    {
        var connection = Connect(transport, Own);

        await connection.StartAsync();
        await connection.InvokeAsync("SubscribeFloor");
    }
}
