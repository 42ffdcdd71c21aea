using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// A real influxd (Debian package influxdb, 1.x) on free loopback ports with its data in a temporary directory,
/// started niced so it does not compete with other work on the machine; stopped and deleted at the end.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> let a test take it away and bring it back (same data, same port).
/// </summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "influxd-test-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;
    private int _databases;

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var httpPort = FreePort();
        var rpcPort = FreePort();
        Url = $"http://127.0.0.1:{httpPort}";
        await File.WriteAllTextAsync(ConfigPath, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{rpcPort}"
            [meta]
              dir = "{_dir}/meta"
            [data]
              dir = "{_dir}/data"
              wal-dir = "{_dir}/wal"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:{httpPort}"
              log-enabled = false
            [monitor]
              store-enabled = false
            [ifql]
              enabled = false
            [logging]
              level = "warn"
            """);
        await StartAsync();
    }

    private string ConfigPath => Path.Combine(_dir, "influxdb.conf");

    public async Task StartAsync()
    {
        var binary = new[] { "/usr/bin/influxd", "/usr/local/bin/influxd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "influxd not found: install the Debian package influxdb (scripts/test.sh does: apt-get install -y influxdb).");
        var start = new ProcessStartInfo("nice", ["-n", "19", binary, "-config", ConfigPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ping = await _http.GetAsync(Url + "/ping");
                if (ping.StatusCode == HttpStatusCode.NoContent)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"influxd exited with code {_process.ExitCode} on start.");
            await Task.Delay(100);
        }
        throw new TimeoutException("influxd did not answer /ping within 30 s.");
    }

    public async Task StopAsync()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>A fresh database, so tests sharing the server never see each other's points.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        using var response = await _http.PostAsync(
            Url + "/query", new FormUrlEncodedContent([new("q", $"CREATE DATABASE \"{name}\"")]));
        response.EnsureSuccessStatusCode();
        return name;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class InfluxCollection : ICollectionFixture<InfluxFixture>
{
    public const string Name = "influxd";
}
