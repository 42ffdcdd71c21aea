using System.Diagnostics;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real Redis server (Debian package redis-server) on a free loopback port, in memory only (no snapshots, no
/// append-only file), for as long as the fixture lives.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly int _port = FreePorts.Next();
    private Process? _process;

    /// <summary>A StackExchange.Redis configuration string.</summary>
    public string ConnectionString => $"127.0.0.1:{_port}";

    public async Task InitializeAsync()
    {
        var server = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server"
            : throw new InvalidOperationException("redis-server not found: install the Debian package redis-server (scripts/test.sh does).");
        _process = Process.Start(new ProcessStartInfo(server,
            ["--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("redis-server did not listen within 20 s.");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
