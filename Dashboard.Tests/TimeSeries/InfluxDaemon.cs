using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.TimeSeries;

/// <summary>
/// A real influxd (Debian package influxdb, 1.x) on free loopback ports with its data in a temporary directory;
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> take it away and bring it back (same data, same port).
/// Shared as source by the tests' fixture and the benchmark (linked into bench/Dashboard.Bench).
/// </summary>
public sealed class InfluxDaemon : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "influxd-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly bool _niced;
    private Process? _process;

    /// <param name="niced">Run at the lowest priority, so tests beside it are not slowed; the benchmark measures it at normal priority.</param>
    private InfluxDaemon(bool niced) => _niced = niced;

    public string Url { get; private set; } = "";

    /// <summary>The influxd process while it runs (for its CPU time).</summary>
    public Process? Process => _process;

    public static async Task<InfluxDaemon> StartNewAsync(bool niced)
    {
        var daemon = new InfluxDaemon(niced);
        Directory.CreateDirectory(daemon._dir);
        var httpPort = FreePorts.Next();
        var rpcPort = FreePorts.Next();
        daemon.Url = $"http://127.0.0.1:{httpPort}";
        await File.WriteAllTextAsync(daemon.ConfigPath, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{rpcPort}"
            [meta]
              dir = "{daemon._dir}/meta"
            [data]
              dir = "{daemon._dir}/data"
              wal-dir = "{daemon._dir}/wal"
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
        await daemon.StartAsync();
        return daemon;
    }

    private string ConfigPath => Path.Combine(_dir, "influxdb.conf");

    public async Task StartAsync()
    {
        var binary = new[] { "/usr/bin/influxd", "/usr/local/bin/influxd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "influxd not found: install the Debian package influxdb (scripts/test.sh does: apt-get install -y influxdb).");
        var start = _niced
            ? new ProcessStartInfo("nice", ["-n", "19", binary, "-config", ConfigPath])
            : new ProcessStartInfo(binary, ["-config", ConfigPath]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
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

    public async Task CreateDatabaseAsync(string name)
    {
        using var response = await _http.PostAsync(
            Url + "/query", new FormUrlEncodedContent([new("q", $"CREATE DATABASE \"{name}\"")]));
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
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

}
