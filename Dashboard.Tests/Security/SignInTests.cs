using System.Diagnostics;
using System.Net;
using CsCheck;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Security.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>Sign-in through the real form: wrong passwords, lockout, the way back, rate limits, the first admin and the demo accounts.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly DashboardFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task WrongPassword_BackToTheFormWithAMessage()
    {
        var user = await _factory.CreateUserAsync([Roles.Manager]);
        var client = _factory.CreateAnonymousClient();

        var response = await DashboardFactory.SignInAsync(client, user, "not-the-password", "/floor");
        var page = await client.GetStringAsync(response.Headers.Location);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?error=invalid&returnUrl=%2Ffloor", response.Headers.Location!.ToString());
        Assert.Contains("Wrong user name or password.", page);
    }

    [Fact]
    public async Task FiveWrongPasswords_ThisAddressRefusedEvenWithTheRightOne_WithAMessageSayingSo()
    {
        var user = await _factory.CreateUserAsync([Roles.Manager]);
        var client = _factory.CreateAnonymousClient();

        for (var i = 0; i < 5; i++)
            await DashboardFactory.SignInAsync(client, user, "wrong-" + i);
        var right = await DashboardFactory.SignInAsync(client, user, DashboardFactory.Password);
        var page = await client.GetStringAsync(right.Headers.Location);
        var api = await client.GetAsync("/api/queues");

        Assert.StartsWith("/account/login?error=throttled", right.Headers.Location!.ToString());
        Assert.Contains("Too many failed sign-ins", page);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task UnknownUserName_TakesAsLongAsAWrongPasswordForARealAccount()
    {
        // Each try a new account and a new unknown name, so no pair reaches the lockout; the two kinds take turns
        // going first, and medians of several tries in this one run are compared, not times against a threshold.
        var client = _factory.CreateAnonymousClient();
        await TimeWrongPasswordAsync(client, await _factory.CreateUserAsync([Roles.Manager])); // warm-up
        await TimeWrongPasswordAsync(client, Events.Unique("nobody"));
        var real = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        for (var i = 0; i < 15; i++)
        {
            var user = await _factory.CreateUserAsync([Roles.Manager]);
            var nobody = Events.Unique("nobody");
            if (i % 2 == 0)
            {
                real.Add(await TimeWrongPasswordAsync(client, user));
                unknown.Add(await TimeWrongPasswordAsync(client, nobody));
            }
            else
            {
                unknown.Add(await TimeWrongPasswordAsync(client, nobody));
                real.Add(await TimeWrongPasswordAsync(client, user));
            }
        }

        var realMedian = Median(real);
        var unknownMedian = Median(unknown);
        Assert.True(unknownMedian >= realMedian * 0.75,
            $"an unknown name took {unknownMedian.TotalMilliseconds:F1} ms, a wrong password for a real account {realMedian.TotalMilliseconds:F1} ms (medians of {real.Count})");
    }

    [Fact]
    public async Task LockedByAnAdmin_AWrongPasswordIsAnsweredAsAnyWrongPassword_TheRightOneSaysLocked()
    {
        var admin = await Admin.AdminHost.NewAdminAsync(_factory);
        var user = await _factory.CreateUserAsync([Roles.Supervisor]);
        var users = _factory.Services.GetRequiredService<UserAdministration>();
        await users.LockAsync(admin, (await users.ListAsync()).Single(u => u.UserName == user).Id);
        var client = _factory.CreateAnonymousClient();

        var wrong = await DashboardFactory.SignInAsync(client, user, "not-the-password");
        var right = await DashboardFactory.SignInAsync(client, user, DashboardFactory.Password);

        Assert.StartsWith("/account/login?error=invalid", wrong.Headers.Location!.ToString());
        Assert.StartsWith("/account/login?error=locked", right.Headers.Location!.ToString());
    }

    private static async Task<TimeSpan> TimeWrongPasswordAsync(HttpClient client, string userName)
    {
        var form = await DashboardFactory.SignInFormAsync(client, userName, "wrong-password-1");
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/account/login", form);
        var took = clock.Elapsed;
        Assert.StartsWith("/account/login?error=invalid", response.Headers.Location!.ToString());
        return took;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    [Theory]
    [InlineData("/floor?queue=q1", "/floor?queue=q1")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\r\n/evil.example", "/")]
    public async Task ReturnUrl_OnlyPathsOnThisSite(string returnUrl, string expected)
    {
        var user = await _factory.CreateUserAsync([Roles.Manager]);
        var client = _factory.CreateAnonymousClient();

        var response = await DashboardFactory.SignInAsync(client, user, DashboardFactory.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.ToString());
    }

    // Mostly what makes a path another host's (slashes, backslashes, a scheme) or breaks a header (control
    // characters, non-ASCII), among ordinary path characters; half of them start like a path on this site. No NUL:
    // ASP.NET Core's form reader refuses a form holding one (400) before the endpoint runs.
    private static readonly Gen<string> AnyReturnUrl =
        Gen.Select(Gen.Bool, Gen.OneOf(Gen.Char["/\\\t\r\n\u0001\u007f :@.%?#=ea\u00e4\u5f20\u2028"], Gen.Char).Array[0, 12])
            .Select((slash, chars) => (slash ? "/" : "") + new string(chars).Replace('\0', '\u0001'));

    [Fact]
    public async Task ReturnUrl_AnyString_SignInGoesToItOrTheStartPage_NeverAnotherHostNorA500()
    {
        // Over Kestrel, which refuses to send a header it cannot encode, as production would.
        await using var factory = new DashboardFactory().WithKestrel();
        var user = await factory.CreateUserAsync([Roles.Manager]);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ServerAddress };

        await AnyReturnUrl.SampleAsync(async returnUrl =>
        {
            var response = await DashboardFactory.SignInAsync(client, user, DashboardFactory.Password, returnUrl);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.NonValidated["Location"].ToString(); // as sent, not as HttpClient reads it
            Assert.True(location == returnUrl || location == "/", $"sent to {location}");
            Assert.Matches("^/([^/\\\\]|$)", location);
        }, iter: 100, threads: 1, print: s => string.Concat(s.Select(c => c is >= (char)0x21 and <= (char)0x7e ? c.ToString() : $"\\u{(int)c:x4}")));
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_Refused()
    {
        var user = await _factory.CreateUserAsync([Roles.Manager]);
        var client = _factory.CreateAnonymousClient();

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = DashboardFactory.Password,
        }));
        var api = await client.GetAsync("/api/queues");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}

/// <summary>Hosts configured for one rule each.</summary>
public sealed class AccountConfigurationTests
{
    [Fact]
    public async Task SignIn_MoreThanTheLimitPerMinute_429()
    {
        await using var factory = new DashboardFactory().With("RateLimits:SignInsPerMinute", "3");
        var client = factory.CreateAnonymousClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await DashboardFactory.SignInAsync(client, "nobody", "wrong-password")).StatusCode);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Ingest_BurstOverTheLimit_SomeRequests429_TheRestIngested()
    {
        await using var factory = new DashboardFactory().With("RateLimits:IngestRequestsPerSecond", "2");
        var client = factory.CreateClient();

        var ids = Enumerable.Range(0, 10).Select(i => $"rl-a{i}").ToArray();
        var responses = await Task.WhenAll(ids.Select(id => client.PostAsync("/api/events", PermissionTests.Json(PermissionTests.Login(id)))));
        var known = await Task.WhenAll(ids.Select(id => client.GetAsync($"/api/agents/{id}")));

        // 2 at once, 2 more queued for the next second; the rest are turned away at once.
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.OK), 4, 9);
        for (var i = 0; i < ids.Length; i++)
            Assert.Equal(responses[i].StatusCode == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.NotFound, known[i].StatusCode);
    }

    [Fact]
    public async Task NoApiKeyConfigured_EveryMachineRefused()
    {
        await using var factory = new DashboardFactory().WithoutApiKeys();
        var client = factory.CreateClient(); // still sends the key it would have had

        var post = await client.PostAsync("/api/events", PermissionTests.Json(PermissionTests.Login("nokey-a1")));
        var read = await client.GetAsync("/api/queues");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Theory]
    [InlineData("short", "read", "Api:Keys:0:Key must be at least 16 characters")]
    [InlineData("a-long-enough-key-value", "write", "Api:Keys:0:Scopes: 'write' is not one of ingest, read, manage")]
    public async Task BadApiKeyConfiguration_HostRefusesToStartNamingIt(string key, string scope, string message)
    {
        await using var factory = new DashboardFactory().WithoutApiKeys().With("Api:Keys:0:Key", key).With("Api:Keys:0:Scopes:0", scope);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => factory.CreateClient()));

        Assert.Contains(message, failure.ToString());
    }

    [Fact]
    public async Task Sqlite_AccountsAndSignInSurviveARestart_DemoAccountsOnlyWithTheDemo()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-accounts-").FullName;
        await AccountStoreScenario.RunAsync(f => f.With("Accounts:ConnectionString", "Data Source=" + Path.Combine(folder, "accounts.db")));
        Directory.Delete(folder, recursive: true);
    }
}
