using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real dashboard as its own operating-system process (the Dashboard.Web build beside these tests), for what only
/// a process shows: <c>kill -9</c>, SIGTERM, a restart on the same data directory, two hosts on one machine.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private HostProcess(Dictionary<string, string> environment, int port, string dataDirectory, string apiKey)
    {
        _environment = environment;
        Address = new Uri($"http://127.0.0.1:{port}/");
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
    }

    public Uri Address { get; }

    /// <summary>Where this host keeps its journal, history and accounts; kept across restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>A key with the ingest, read and manage scopes.</summary>
    public string ApiKey { get; }

    public const string AdminPassword = "Host-process-1";

    /// <summary>What the process wrote to stdout and stderr, every start so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Whether the process has ended (killed, or stopped by itself).</summary>
    public bool HasExited => _process is null || _process.HasExited;

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts a host on a free port and a new data directory (or the one given), and waits until it is ready.</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var port = FreePorts.Next();
        dataDirectory ??= Directory.CreateTempSubdirectory("dashboard-host-").FullName;
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Simulator__Enabled"] = "false",
            ["Storage__DataDirectory"] = dataDirectory,
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Dashboard"] = "Information",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Api__Keys__0__Name"] = "tests",
            ["Api__Keys__0__Key"] = apiKey,
            ["Api__Keys__0__Scopes__0"] = "ingest",
            ["Api__Keys__0__Scopes__1"] = "read",
            ["Api__Keys__0__Scopes__2"] = "manage",
            ["Accounts__Admin__Password"] = AdminPassword,
            ["RateLimits__SignInsPerMinute"] = "1000",
            // Plain HTTP to the host, where a browser or HttpClient keeps no Secure cookie (TransportTests test the default).
            ["Network__SecureCookies"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var host = new HostProcess(environment, port, dataDirectory, apiKey);
        await host.StartProcessAsync();
        return host;
    }

    /// <summary>A client of this host that sends <see cref="ApiKey"/>.</summary>
    public HttpClient CreateClient()
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    /// <summary>SIGKILL: the process gets no chance to flush or say goodbye.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a deploy or <c>docker stop</c> sends it; waits up to <paramref name="patience"/>.</summary>
    /// <returns>The exit code and how long the process took to exit, or null when it had not exited by then (it is then killed).</returns>
    public async Task<(int ExitCode, TimeSpan Took)?> TerminateAsync(TimeSpan patience)
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return null;
        }
    }

    /// <summary>Starts the process again on the same port, settings and data directory, and waits until it is ready.</summary>
    public Task RestartAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("Still running.");
        return StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("dotnet", Path.Combine(WebBin, "Dashboard.Web.dll"))
        {
            WorkingDirectory = WebBin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        _process?.Dispose();
        var process = _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web host.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The web host exited with {process.ExitCode}:\n{string.Join('\n', _output.TakeLast(40))}");
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The web host was not ready within 90 s:\n{string.Join('\n', _output.TakeLast(40))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The Dashboard.Web build of the same configuration as these tests.</summary>
    private static string WebBin
    {
        get
        {
            var configuration = typeof(HostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
                directory = directory.Parent;
            var root = directory?.FullName ?? throw new InvalidOperationException("Dashboard.sln not found above " + AppContext.BaseDirectory);
            return Path.Combine(root, "Dashboard.Web", "bin", configuration, "net10.0");
        }
    }

}
