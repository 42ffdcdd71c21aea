using Microsoft.Extensions.Logging;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dashboard.Web.Security.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real web host (co-hosted Orleans silo, the real pipeline) with the simulator off and its own free Orleans
/// ports and accounts database, so several hosts can run side by side. <see cref="WithKestrel"/> serves it on a
/// real loopback port for the hub and browser tests. Clients it makes carry an API key with every scope
/// (<see cref="ApiKey"/>); <see cref="CreateAnonymousClient"/> makes one without.
/// </summary>
public partial class DashboardFactory : WebApplicationFactory<Program>
{
    public const string Password = "Test-password-1";

    private readonly string _directory = Directory.CreateTempSubdirectory("dashboard-tests-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public DashboardFactory()
    {
        _settings = new()
        {
            ["Simulator:Enabled"] = "false",
            // The demo's queues and agents as if they were this center's own: the tests' events name them. A real
            // center's host has none of them (WithoutDemoCenter).
            ["DemoCenter:Enabled"] = "true",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Storage:DataDirectory"] = _directory,
            ["Api:Keys:0:Name"] = "tests",
            ["Api:Keys:0:Key"] = ApiKey,
            ["Api:Keys:0:Scopes:0"] = "ingest",
            ["Api:Keys:0:Scopes:1"] = "read",
            ["Api:Keys:0:Scopes:2"] = "manage",
            // Tests sign in many times from one address; the limit itself is tested with its default.
            ["RateLimits:SignInsPerMinute"] = "1000",
            // Tests talk plain HTTP to the host, where a browser keeps no Secure cookie; the default is tested in TransportTests.
            ["Network:SecureCookies"] = "false",
        };
    }

    /// <summary>A key with the ingest, read and manage scopes.</summary>
    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public DashboardFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    private string _environment = "Testing";

    /// <summary>The host's environment (<c>Testing</c> unless set): Production and Development differ in their defaults.</summary>
    public DashboardFactory WithEnvironment(string environment)
    {
        _environment = environment;
        return this;
    }

    /// <summary>A real center's host: the simulator off and no demo queues or agents; only its events' and its own configuration's.</summary>
    public DashboardFactory WithoutDemoCenter() => With("DemoCenter:Enabled", null);

    /// <summary>No API key configured (clients still send <see cref="ApiKey"/>, which the host then does not know).</summary>
    public DashboardFactory WithoutApiKeys()
    {
        foreach (var key in _settings.Keys.Where(k => k.StartsWith("Api:Keys:", StringComparison.Ordinal)).ToList())
            _settings.Remove(key);
        return this;
    }

    /// <summary>
    /// The center's day began <paramref name="ago"/> before now (to the minute), so events from the last hour or two
    /// are today's whatever the hour the tests run: just after midnight they would otherwise be yesterday's and go
    /// to history only.
    /// </summary>
    public DashboardFactory WithTodayStarted(TimeSpan ago) =>
        With("Center:DayStartsAt", DateTimeOffset.UtcNow.Subtract(ago).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What the host logs at Information and above, as its console would show it.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Serve on Kestrel at a free loopback port; <see cref="ServerAddress"/> says where.</summary>
    public DashboardFactory WithKestrel()
    {
        UseKestrel(0);
        return this;
    }

    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>A client with no key and no cookie, that does not follow redirects.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }

    /// <summary>A client over real sockets (after <see cref="WithKestrel"/>) carrying the key.</summary>
    public HttpClient CreateSocketClient()
    {
        var client = new HttpClient { BaseAddress = ServerAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Creates an account with these roles (and agent link), password <see cref="Password"/>.</summary>
    public async Task<string> CreateUserAsync(string[] roles, string? agentId = null, string? team = null)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = new DashboardUser { UserName = Events.Unique("user"), AgentId = agentId, Team = team };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRolesAsync(user, roles));
        return user.UserName;
    }

    /// <summary>
    /// A client signed in as a new user with these roles, through the real sign-in form (antiforgery token and all).
    /// It says it comes from the dashboard's own pages (<c>Origin</c>), as a browser does on each POST, PUT or DELETE:
    /// a cookie's state-changing calls from anywhere else are refused (CrossSiteRequestTests).
    /// </summary>
    public async Task<HttpClient> SignedInClientAsync(string[] roles, string? agentId = null)
    {
        var userName = await CreateUserAsync(roles, agentId);
        var client = CreateAnonymousClient();
        var response = await SignInAsync(client, userName, Password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString() != "/")
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return client;
    }

    /// <summary>Posts the sign-in form as a browser would: the page first, for its antiforgery token, and the form from that page's origin.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string returnUrl = "/")
    {
        using var form = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = await SignInFormAsync(client, userName, password, returnUrl),
        };
        form.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return await client.SendAsync(form);
    }

    /// <summary>The sign-in form filled in, with the antiforgery token of the page this client just fetched (to time the post alone).</summary>
    public static async Task<FormUrlEncodedContent> SignInFormAsync(HttpClient client, string userName, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["UserName"] = userName,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        });
    }

    /// <summary>Presses "sign out" as a browser would: the form post with a page's antiforgery token, from that page's origin.</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        using var form = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        if (!client.DefaultRequestHeaders.Contains("Origin"))
            form.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return await client.SendAsync(form);
    }

    /// <summary>
    /// A client over real sockets (after <see cref="WithKestrel"/>) that connects from <paramref name="address"/>, with
    /// no key, its own cookies, and no redirects followed. All of 127.0.0.0/8 is this machine's, so each such address
    /// is another client address to the host, as it is in production, with nothing in the host that a test could set.
    /// </summary>
    public HttpClient CreateClientFrom(IPAddress address)
    {
        var server = ServerAddress;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(address, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment(_environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Outside Development the host serves only published static assets; the tests run from the build output.
        builder.UseStaticWebAssets();
        if (_services is { } services)
            builder.ConfigureTestServices(services);
    }

    private Action<IServiceCollection>? _services;

    /// <summary>Changes the host's services after its own registrations (a browser test that needs a state the host
    /// reaches only briefly, such as the catch-up after a restart).</summary>
    public DashboardFactory WithServices(Action<IServiceCollection> services)
    {
        _services += services;
        return this;
    }

    /// <summary>
    /// Starts the host with no synchronization context. The factory starts it synchronously, often from a test
    /// running on xunit's context, which has one thread per core: a hosted service's continuation posted there while
    /// every such thread waits for a host to start would never run (a hang seen on two cores).
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return base.CreateHost(builder);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>
    /// Stops the host off xunit's context too: the base ends in the host's synchronous Dispose (and its own
    /// Dispose blocks on this), and a hosted service's continuation posted to that context while both of its
    /// threads block would never run. (The hang seen on CI was another one: GcPauseListener, one per process now.)
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await Task.Run(async () => await base.DisposeAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temporary folder is cleaned with the machine
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

}
