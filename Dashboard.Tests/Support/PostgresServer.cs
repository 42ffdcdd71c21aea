using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real PostgreSQL server (Debian package postgresql) on a free loopback port with its cluster in a temporary
/// directory, trusting loopback connections (a throw-away test cluster). PostgreSQL refuses to run as root, so as
/// root it runs as the package's <c>postgres</c> user.
/// Shared as source by the tests (an xunit fixture: PostgresServer.Fixture.cs) and the benchmark (linked into
/// bench/Dashboard.Bench), so this part needs nothing from xunit.
/// </summary>
public sealed partial class PostgresServer
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "postgres-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = FreePorts.Next();
    private string _bin = "";

    /// <summary>A connection string to a database of this name (created by EF Core's EnsureCreated if missing).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=false";

    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Max() ?? ""
            : "";
        if (_bin.Length == 0)
            throw new InvalidOperationException("PostgreSQL not found: install the Debian package postgresql (scripts/test.sh does).");
        Directory.CreateDirectory(_dir);
        if (IsRoot)
            await RunAsync("chown", ["postgres:postgres", _dir]);
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], asPostgres: true);
        await RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", Data, "-l", Path.Combine(_dir, "log"), "-w", "-t", "60", "start",
             "-o", $"-c listen_addresses=127.0.0.1 -p {_port} -k {_dir} -c fsync=off -c full_page_writes=off"], asPostgres: true);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        finally
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string Data => Path.Combine(_dir, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres = false)
    {
        var start = asPostgres && IsRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
    }

}
