using System.Net;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;

namespace Dashboard.Tests.Security;

/// <summary>
/// The cluster's proxy end to end (security issue, items 3 and 5): docker/proxy/Caddyfile run as
/// docker-compose.cluster.yml runs it — HTTPS with Caddy's own certificate, plain HTTP redirected — in front of a real
/// host in Production that names the proxy in Network:KnownProxies. People's browsers are clients on distinct
/// loopback addresses, which Caddy forwards as theirs.
/// </summary>
public sealed class ProxyTests(ProxyTests.Stack stack) : IClassFixture<ProxyTests.Stack>
{
    [Fact]
    public async Task PlainHttp_RedirectedToTheSamePageOverHttps()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = stack.Proxy.HttpAddress };

        var response = await client.GetAsync("/account/login?returnUrl=%2Ffloor");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri(stack.Proxy.Address, "/account/login?returnUrl=%2Ffloor"), response.Headers.Location);
    }

    [Fact]
    public async Task OverHttps_SignInCookieSecure_AndTheSameOriginCheckSeesHttps()
    {
        using var browser = stack.Browser("127.0.0.4");

        var signIn = await DashboardFactory.SignInAsync(browser, "admin", HostProcess.AdminPassword);
        var token = await AntiforgeryTokenAsync(browser, "/admin/users");
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        signOut.Headers.Add("Origin", stack.Proxy.Address.GetLeftPart(UriPartial.Authority)); // https://localhost:port
        var signedOut = await browser.SendAsync(signOut);

        Assert.Equal("/", signIn.Headers.Location?.ToString());
        var cookie = TransportTests.Attributes(Assert.Single(TransportTests.SetCookies(signIn),
            c => c.StartsWith(SecurityExtensions.PersonCookie + "=", StringComparison.Ordinal)));
        Assert.Contains("secure", cookie);
        // The host took X-Forwarded-Proto from its known proxy: the page's https origin is its own.
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/account/login", signedOut.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SignIn_ThroughTheProxy_EachClientAddressHasItsOwnBucket()
    {
        var first = await SignInsAsync("127.0.0.2", times: 4);
        var second = await SignInsAsync("127.0.0.3", times: 1);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.Redirect], second);
    }

    private async Task<List<HttpStatusCode>> SignInsAsync(string from, int times)
    {
        using var browser = stack.Browser(from);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
            statuses.Add((await DashboardFactory.SignInAsync(browser, "nobody", "wrong-password")).StatusCode);
        return statuses;
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>One host in Production behind the proxy with TLS; the host believes 127.0.0.1, where Caddy connects from.</summary>
    public sealed class Stack : IAsyncLifetime
    {
        public HostProcess Host { get; private set; } = null!;

        public CaddyProxy Proxy { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = await HostProcess.StartAsync(new Dictionary<string, string>
            {
                ["Network:KnownProxies:0"] = "127.0.0.1",
                ["Network:SecureCookies"] = "true", // Production's default; HostProcess turns it off for plain HTTP
                ["RateLimits:SignInsPerMinute"] = "3",
            });
            Proxy = await CaddyProxy.StartWithTlsAsync(Host);
        }

        public async Task DisposeAsync()
        {
            if (Proxy is not null)
                await Proxy.DisposeAsync();
            if (Host is not null)
                await Host.DisposeAsync();
        }

        /// <summary>A browser on <paramref name="from"/> (a loopback address) that trusts Caddy's CA.</summary>
        public HttpClient Browser(string from) =>
            new(Proxy.Handler(IPAddress.Parse(from))) { BaseAddress = Proxy.Address, Timeout = TimeSpan.FromSeconds(30) };
    }
}

/// <summary>The proxy's access log: every request written, no key and no hub token in it (security issue, item 5).</summary>
public sealed class ProxyLogTests
{
    [Fact]
    public async Task AccessLog_WritesTheRequest_WithoutTheKeyOrTheHubToken()
    {
        await using var host = await HostProcess.StartAsync();
        await using var proxy = await CaddyProxy.StartAsync(host);
        using var client = new HttpClient { BaseAddress = proxy.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", "proxy-log-key-0123456789abcdef");

        using var response = await client.GetAsync("/hubs/live?id=proxy-log&access_token=proxy-log-token-0123456789");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!proxy.Output.Any(l => l.Contains("/hubs/live?", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var logged = Assert.Single(proxy.Output, l => l.Contains("/hubs/live?", StringComparison.Ordinal));
        Assert.DoesNotContain("proxy-log-token", logged);
        Assert.DoesNotContain("proxy-log-key", logged);
        Assert.Contains("access_token=REDACTED", logged);
        Assert.Contains("\"X-Api-Key\":\"REDACTED\"", logged);
        Assert.DoesNotContain(proxy.Output, l => l.Contains("proxy-log-key", StringComparison.Ordinal) || l.Contains("proxy-log-token", StringComparison.Ordinal));
    }
}
