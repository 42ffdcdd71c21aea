using System.Net;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Security;

/// <summary>
/// Who the client is behind a reverse proxy (security issue, item 3): sign-in is limited per client address, so the
/// address must be the person's, not the proxy's — but taken from <c>X-Forwarded-For</c> only when the request comes
/// from a proxy named in <c>Network:KnownProxies</c> / <c>KnownNetworks</c>; from anyone else the header is a forgery.
/// Over Kestrel on loopback, where the test plays the proxy (127.0.0.1) or a client forging the header.
/// </summary>
public sealed class ForwardedClientTests
{
    private const HttpStatusCode Redirect = HttpStatusCode.Redirect, TooMany = HttpStatusCode.TooManyRequests;

    [Fact]
    public async Task SignIn_ThroughAKnownProxy_EachForwardedClientHasItsOwnBucket()
    {
        await using var factory = new DashboardFactory().WithKestrel()
            .With("RateLimits:SignInsPerMinute", "3")
            .With("Network:KnownProxies:0", "127.0.0.1");

        var first = await SignInsAsync(factory, forwardedFor: "203.0.113.7", times: 4);
        var second = await SignInsAsync(factory, forwardedFor: "203.0.113.8", times: 1);

        Assert.Equal([Redirect, Redirect, Redirect, TooMany], first);
        Assert.Equal([Redirect], second); // before: the proxy's one bucket, already empty (429)
    }

    [Fact]
    public async Task SignIn_ThroughAKnownNetwork_EachForwardedClientHasItsOwnBucket()
    {
        await using var factory = new DashboardFactory().WithKestrel()
            .With("RateLimits:SignInsPerMinute", "2")
            .With("Network:KnownNetworks:0", "127.0.0.0/8");

        var first = await SignInsAsync(factory, forwardedFor: "2001:db8::7", times: 3);
        var second = await SignInsAsync(factory, forwardedFor: "2001:db8::8", times: 1);

        Assert.Equal([Redirect, Redirect, TooMany], first);
        Assert.Equal([Redirect], second);
    }

    [Theory]
    [InlineData(null)]   // nothing configured: loopback is no more trusted than anyone (ASP.NET Core's default trusts it)
    [InlineData("true")] // ASPNETCORE_FORWARDEDHEADERS_ENABLED, which believes any sender: overruled by Network:*
    public async Task SignIn_NoKnownProxy_AForgedForwardedForDoesNotDodgeTheLimit(string? forwardedHeadersEnabled)
    {
        await using var factory = new DashboardFactory().WithKestrel().With("RateLimits:SignInsPerMinute", "3");
        if (forwardedHeadersEnabled is not null)
            factory.With("FORWARDEDHEADERS_ENABLED", forwardedHeadersEnabled);

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
            statuses.AddRange(await SignInsAsync(factory, forwardedFor: $"198.51.100.{i}", times: 1));

        Assert.Equal([Redirect, Redirect, Redirect, TooMany, TooMany], statuses);
        if (forwardedHeadersEnabled is not null)
            Assert.Contains(factory.Logs.Lines, l => l.Message.StartsWith("ASPNETCORE_FORWARDEDHEADERS_ENABLED is set but no proxy is named", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Network:KnownProxies:0", "proxy", "Network:KnownProxies:0: 'proxy' is not an IP address")]
    [InlineData("Network:KnownNetworks:0", "10.0.0.1/8", "Network:KnownNetworks:0: '10.0.0.1/8' is not an address range")]
    [InlineData("Network:KnownNetworks:0", "10.0.0.0", "Network:KnownNetworks:0: '10.0.0.0' is not an address range")]
    public async Task BadProxySetting_HostRefusesToStartNamingIt(string key, string value, string message)
    {
        await using var factory = new DashboardFactory().With(key, value);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => factory.CreateClient()));

        Assert.Contains(message, failure.ToString());
    }

    /// <summary>Sign-in attempts (wrong password) from one client that sends <paramref name="forwardedFor"/>.</summary>
    private static async Task<List<HttpStatusCode>> SignInsAsync(DashboardFactory factory, string forwardedFor, int times)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = factory.ServerAddress,
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
            statuses.Add((await DashboardFactory.SignInAsync(client, "nobody", "wrong-password")).StatusCode);
        return statuses;
    }
}
