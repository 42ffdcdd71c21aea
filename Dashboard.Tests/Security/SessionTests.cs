using System.Diagnostics;
using System.Net;
using Dashboard.Tests.Security.Admin;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>
/// How long a person's sign-in lasts (docs/permissions.md, Sessions), through the real form and a cookie copied as
/// a thief would copy it: signing out refuses it at once, an admin's change refuses it at the next request (with
/// the default recheck interval, not the admin tests' zero), and no session outlives Accounts:SessionAbsoluteLifetime.
/// </summary>
public sealed class SessionTests(SessionTests.Host host) : IClassFixture<SessionTests.Host>
{
    [Fact]
    public async Task SignOut_CookieCopiedBeforeIsRefusedAtOnce_ApiAndPages()
    {
        var userName = await host.Factory.CreateUserAsync([Roles.Manager]);
        var browser = host.Factory.CreateAnonymousClient();
        var copied = SessionCookie(await DashboardFactory.SignInAsync(browser, userName, DashboardFactory.Password));
        var before = await GetWithCookieAsync(host.Factory, "/api/queues", copied);

        var signOut = await DashboardFactory.SignOutAsync(browser);
        var api = await GetWithCookieAsync(host.Factory, "/api/queues", copied);
        var page = await GetWithCookieAsync(host.Factory, "/floor", copied);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SignOut_ThenSignInAgain_TheNewSessionWorksTheOldCookieDoesNot()
    {
        var userName = await host.Factory.CreateUserAsync([Roles.Analyst]);
        var browser = host.Factory.CreateAnonymousClient();
        var old = SessionCookie(await DashboardFactory.SignInAsync(browser, userName, DashboardFactory.Password));
        await DashboardFactory.SignOutAsync(browser);

        var again = await DashboardFactory.SignInAsync(browser, userName, DashboardFactory.Password);
        var fresh = await browser.GetAsync("/api/queues");
        var oldCookie = await GetWithCookieAsync(host.Factory, "/api/queues", old);

        Assert.Equal("/", again.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldCookie.StatusCode);
    }

    public static TheoryData<string> AdminChanges => ["lock", "password-reset", "roles"];

    [Theory]
    [MemberData(nameof(AdminChanges))]
    public async Task AdminChange_ReachesTheSessionAtItsNextRequest_NotAMinuteLater(string change)
    {
        var admin = await AdminHost.NewAdminAsync(host.Factory);
        var userName = await host.Factory.CreateUserAsync([Roles.Supervisor]);
        var session = host.Factory.CreateAnonymousClient();
        await DashboardFactory.SignInAsync(session, userName, DashboardFactory.Password);
        var before = await session.GetAsync("/api/queues");
        var users = host.Factory.Services.GetRequiredService<UserAdministration>();
        var id = (await users.ListAsync()).Single(u => u.UserName == userName).Id;

        var result = change switch
        {
            "lock" => await users.LockAsync(admin, id),
            "password-reset" => await users.ResetPasswordAsync(admin, id),
            _ => await users.UpdateAsync(admin, id, new UserChanges(null, [Roles.Analyst], null, null)),
        };
        var after = await session.GetAsync("/api/queues");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Session_OlderThanTheAbsoluteLifetime_RefusedThoughItKeptSliding()
    {
        // Claims rebuilt at every request (recheck interval zero), so every answer slides the cookie; a lifetime of
        // a few seconds stands for the shift's hours.
        var lifetime = TimeSpan.FromSeconds(4);
        await using var factory = new DashboardFactory()
            .With("Accounts:SessionAbsoluteLifetime", lifetime.ToString())
            .With("Accounts:SessionRecheckInterval", "00:00:00");
        var userName = await factory.CreateUserAsync([Roles.Manager]);
        var client = factory.CreateAnonymousClient();
        var clock = Stopwatch.StartNew();

        var signIn = await DashboardFactory.SignInAsync(client, userName, DashboardFactory.Password);
        var signedInBy = clock.Elapsed; // the session began before this
        var sliding = new List<HttpResponseMessage>();
        while (clock.Elapsed < lifetime - TimeSpan.FromSeconds(1.5))
        {
            sliding.Add(await client.GetAsync("/api/queues"));
            await Task.Delay(250);
        }
        if (signedInBy + lifetime + TimeSpan.FromMilliseconds(500) - clock.Elapsed is { Ticks: > 0 } rest)
            await Task.Delay(rest);
        var api = await client.GetAsync("/api/queues");
        var page = await client.GetAsync("/floor");

        Assert.Equal("/", signIn.Headers.Location?.ToString());
        Assert.True(sliding.Count >= 3, $"only {sliding.Count} requests while the session was young");
        Assert.All(sliding, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(sliding, r => Assert.Contains(r.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SecurityExtensions.PersonCookie + "=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);
    }

    /// <summary>The sign-in cookie as a response set it ("name=value" pairs, chunks included), to send from elsewhere.</summary>
    internal static string SessionCookie(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith(SecurityExtensions.PersonCookie, StringComparison.Ordinal))
            .Select(c => c.Split(';')[0]));

    /// <summary>A request from a client that holds nothing but this cookie.</summary>
    internal static async Task<HttpResponseMessage> GetWithCookieAsync(DashboardFactory factory, string path, string cookie)
    {
        var client = factory.CreateAnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>One host with the default settings (the recheck interval of a minute included).</summary>
    public sealed class Host : IAsyncLifetime
    {
        public DashboardFactory Factory { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
