using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Security;

/// <summary>
/// What travels with each request (security issue, item 5): cookies only over HTTPS outside Development, and the
/// hub's key in a header where the client can set one — in the query string only for a WebSocket or an event stream
/// from a browser, and then kept out of every log line.
/// </summary>
public sealed class TransportTests
{
    [Fact]
    public async Task SignInCookies_ProductionHost_SecureAndStillLax()
    {
        await using var factory = new DashboardFactory().WithEnvironment("Production").With("Network:SecureCookies", null);
        var user = await factory.CreateUserAsync([Roles.Manager]);
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Remove("X-Api-Key");

        var page = await browser.GetAsync("/account/login");
        var signIn = await DashboardFactory.SignInAsync(browser, user, DashboardFactory.Password);

        Assert.Equal("/", signIn.Headers.Location?.ToString());
        var person = Attributes(Assert.Single(SetCookies(signIn), c => c.StartsWith(SecurityExtensions.PersonCookie + "=", StringComparison.Ordinal)));
        var antiforgery = Attributes(Assert.Single(SetCookies(page), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)));
        Assert.Contains("secure", person);
        Assert.Contains("samesite=lax", person);
        Assert.Contains("httponly", person);
        Assert.Contains("secure", antiforgery);
    }

    [Fact]
    public async Task SignInCookie_DevelopmentHost_NotSecure_SoPlainHttpOnThisMachineWorks()
    {
        await using var factory = new DashboardFactory().WithEnvironment("Development").With("Network:SecureCookies", null);
        var user = await factory.CreateUserAsync([Roles.Manager]);
        var browser = factory.CreateAnonymousClient();

        var signIn = await DashboardFactory.SignInAsync(browser, user, DashboardFactory.Password);
        var api = await browser.GetAsync("/api/queues");

        Assert.DoesNotContain("secure", Attributes(Assert.Single(SetCookies(signIn), c => c.StartsWith(SecurityExtensions.PersonCookie + "=", StringComparison.Ordinal))));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Hub_KeyInAnAuthorizationHeader_Subscribes(HttpTransportType transport)
    {
        // SignalR's clients send accessTokenFactory's value as "Authorization: Bearer …" wherever they can set a header.
        await using var factory = new DashboardFactory().WithKestrel();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.ServerAddress, "/hubs/live"), o =>
            {
                o.Transports = transport;
                o.AccessTokenProvider = () => Task.FromResult<string?>(factory.ApiKey);
            })
            .Build();

        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeFloor");
    }

    [Fact]
    public async Task Hub_KeyInTheQueryOfANegotiation_401()
    {
        // A negotiation is a POST that can carry a header: a key in its URL would only end up in logs.
        await using var factory = new DashboardFactory();
        using var client = factory.CreateAnonymousClient();

        var inQuery = await client.PostAsync("/hubs/live/negotiate?negotiateVersion=1&access_token=" + factory.ApiKey, null);
        using var inHeader = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
        inHeader.Headers.Authorization = new("Bearer", factory.ApiKey);
        var byHeader = await client.SendAsync(inHeader);

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Fact]
    public async Task Hub_KeyInTheQueryOfAWebSocket_Subscribes_AndIsInNoLogLine()
    {
        // Request logging as verbose as it goes: the request line is written, its access_token is not.
        await using var factory = new DashboardFactory().WithKestrel().With("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        await using (var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.ServerAddress, "/hubs/live?access_token=" + factory.ApiKey), o =>
            {
                o.Transports = HttpTransportType.WebSockets; // a browser's WebSocket: no header possible
                o.SkipNegotiation = true;
            })
            .Build())
        {
            await hub.StartAsync();
            await hub.InvokeAsync("SubscribeFloor");
        }

        Assert.DoesNotContain(factory.Logs.Lines, l => l.Message.Contains(factory.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Values, v => v.Contains(factory.ApiKey, StringComparison.Ordinal));
        Assert.Contains(factory.Logs.Lines, l => l.Message.Contains("/hubs/live?access_token=REDACTED", StringComparison.Ordinal));
        Assert.Contains(factory.Logs.Values, v => v == "QueryString=?access_token=REDACTED");
    }

    internal static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    /// <summary>A Set-Cookie's attributes, lower case: <c>secure</c>, <c>samesite=lax</c>, <c>path=/</c> …</summary>
    internal static string[] Attributes(string setCookie) =>
        [.. setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant())];
}
