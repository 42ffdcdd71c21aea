using System.Diagnostics;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// The reverse proxy of docker-compose.cluster.yml — Caddy (Debian package caddy) with the repository's own
/// docker/proxy/Caddyfile — in front of hosts on this machine, on a free loopback port.
/// </summary>
public sealed class CaddyProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _home;

    private CaddyProxy(Process process, string home, Uri address)
    {
        _process = process;
        _home = home;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<CaddyProxy> StartAsync(params HostProcess[] upstreams)
    {
        var caddy = File.Exists("/usr/bin/caddy") ? "/usr/bin/caddy"
            : throw new InvalidOperationException("caddy not found: install the Debian package caddy (scripts/test.sh does).");
        var port = FreePorts.Next();
        var home = Directory.CreateTempSubdirectory("caddy-").FullName;
        var start = new ProcessStartInfo(caddy, ["run", "--config", Caddyfile, "--adapter", "caddyfile"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // http:// keeps Caddy from serving its own certificate for an address; its state goes to a temporary home.
        start.Environment["PROXY_ADDRESS"] = $"http://127.0.0.1:{port}";
        start.Environment["DASHBOARD_UPSTREAMS"] = string.Join(' ', upstreams.Select(u => u.Address.Authority));
        start.Environment["HOME"] = home;
        start.Environment["XDG_DATA_HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = home;
        var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new CaddyProxy(process, home, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"caddy exited with {process.ExitCode}:\n{string.Join('\n', log.TakeLast(20))}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await proxy.DisposeAsync();
        throw new TimeoutException("caddy did not listen within 20 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Caddyfile
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
                directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Dashboard.sln not found"), "docker", "proxy", "Caddyfile");
        }
    }
}
