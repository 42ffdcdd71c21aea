using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;

namespace Dashboard.Bench;

/// <summary>
/// The real web host (the same build configuration as this benchmark, co-hosted silo, simulator off) as its own
/// process on a free loopback port, so its CPU, allocations and GC pauses are its own.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    // Lines kept of the server's stdout and stderr (its log), the last ones when it writes more.
    private const int OutputLines = 5_000;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string? _ownDataDirectory;

    private ServerProcess(Process process, Uri address, string apiKey, string adminPassword, string? ownDataDirectory)
    {
        _process = process;
        Address = address;
        ApiKey = apiKey;
        AdminPassword = adminPassword;
        _ownDataDirectory = ownDataDirectory;
    }

    public Uri Address { get; }

    /// <summary>What the server wrote to stdout and stderr (its log, Warning and up), the last lines of it.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>The key the server is started with (every scope), made at start.</summary>
    public string ApiKey { get; }

    /// <summary>The server's admin (Accounts:Admin), for pages that need a person signed in.</summary>
    public string AdminPassword { get; }

    /// <summary>A client of this server that sends <see cref="ApiKey"/>.</summary>
    public HttpClient CreateClient(HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = Address;
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return http;
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <param name="name">Prefixes the server's stderr lines echoed to the console (two servers in one scenario).</param>
    public static async Task<ServerProcess> StartAsync(string root, IReadOnlyDictionary<string, string>? settings = null, string name = "server")
    {
        var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var bin = Path.Combine(root, "Dashboard.Web", "bin", configuration, "net10.0");
        var port = FreePorts.Next();
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var adminPassword = "Bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var start = new ProcessStartInfo("dotnet", Path.Combine(bin, "Dashboard.Web.dll"))
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Simulator__Enabled"] = "false",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Api__Keys__0__Key"] = apiKey,
            ["Api__Keys__0__Scopes__0"] = "ingest",
            ["Api__Keys__0__Scopes__1"] = "read",
            ["Api__Keys__0__Scopes__2"] = "manage",
            ["Accounts__Admin__Password"] = adminPassword,
            // The benchmark measures the server, not the per-key limit that protects it.
            ["RateLimits__IngestRequestsPerSecond"] = "1000000",
            // A whole bench floor (up to 10,000 agents, none configured) logs in within its first minute.
            ["Ingestion__NewAgentsPerMinute"] = "1000000",
            ["Ingestion__NewQueuesPerMinute"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        // A data directory of its own unless one is given (a restart's), removed with the server.
        string? ownDataDirectory = null;
        if (!environment.ContainsKey("Storage__DataDirectory"))
        {
            environment["Storage__DataDirectory"] = ownDataDirectory = Directory.CreateTempSubdirectory("dashboard-bench-").FullName;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the web host");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}/"), apiKey, adminPassword, ownDataDirectory);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{name}] {e.Data}");
            }
            server.Keep(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = server.Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        await server.DisposeAsync();
        throw new TimeoutException("the web host did not become ready within 60 s");
    }

    /// <summary>The server's Prometheus text, parsed into "name{labels}" → value.</summary>
    public async Task<Metrics> ScrapeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync(new Uri(Address, "/metrics"));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in MetricLine().Matches(text))
        {
            values[m.Groups["key"].Value] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return new Metrics(values);
    }

    /// <summary>
    /// Full blocking GCs in the server (two by default: finalizers may free more), forced from outside: an
    /// EventPipe session that enables the runtime's GC-heap-collect keyword makes it collect (as dotnet-gcdump
    /// does), with no endpoint in the server for it. Returns once the server's gen2 count shows each one, so the
    /// next scrape reads the heap after it.
    /// </summary>
    public async Task CollectGarbageAsync(HttpClient http, int collections = 2)
    {
        const long GcHeapCollectKeyword = 0x800000;
        for (var i = 0; i < collections; i++)
        {
            var gen2 = (await ScrapeAsync(http)).Sum(Metrics.Collections, Metrics.Gen2);
            using var session = await new DiagnosticsClient(_process.Id).StartEventPipeSessionAsync(
                [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcHeapCollectKeyword)],
                requestRundown: false, circularBufferMB: 16, CancellationToken.None);
            // Drained, or the runtime would stall writing to a full session.
            var drain = session.EventStream.CopyToAsync(Stream.Null);
            var deadline = Stopwatch.StartNew();
            while ((await ScrapeAsync(http)).Sum(Metrics.Collections, Metrics.Gen2) <= gen2 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            await session.StopAsync(CancellationToken.None);
            await drain;
        }
    }

    [GeneratedRegex(@"^(?<key>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (?<value>[-+0-9.eE]+|NaN|\+Inf)( \d+)?$", RegexOptions.Multiline)]
    private static partial Regex MetricLine();

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > OutputLines && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>
    /// The log's warnings, errors and critical entries (the console logger's "warn:", "fail:", "crit:" lines, each
    /// with the line after it, the message), counted by their first two lines, most frequent first.
    /// </summary>
    public IReadOnlyList<(string Entry, int Count)> LoggedProblems()
    {
        var lines = _output.ToArray();
        return [.. lines.Select((line, i) => (line, i))
            .Where(l => l.line.StartsWith("warn:", StringComparison.Ordinal) || l.line.StartsWith("fail:", StringComparison.Ordinal)
                        || l.line.StartsWith("crit:", StringComparison.Ordinal))
            .Select(l => l.line + (l.i + 1 < lines.Length ? " " + lines[l.i + 1].Trim() : ""))
            .GroupBy(entry => entry, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(g => g.Item2)];
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_ownDataDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownDataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

}

/// <summary>One scrape of the server's metrics.</summary>
public sealed class Metrics(IReadOnlyDictionary<string, double> values)
{
    public const string Collections = "dotnet_gc_collections_total";
    public const string Gen2 = "gc_heap_generation=\"gen2\"";

    public double Value(string key) => values.GetValueOrDefault(key);

    /// <summary>Sum of every series of a metric, whatever its labels, or those with <paramref name="label"/>.</summary>
    public double Sum(string name, string? label = null) =>
        values.Where(kv => (kv.Key == name || kv.Key.StartsWith(name + "{", StringComparison.Ordinal))
                           && (label is null || kv.Key.Contains(label, StringComparison.Ordinal)))
            .Sum(kv => kv.Value);

    /// <summary>Bytes of live objects on the managed heap as of the last GC (its size less fragmentation).</summary>
    public double HeapAfterGc =>
        Sum("dotnet_gc_last_collection_heap_size_bytes") - Sum("dotnet_gc_last_collection_heap_fragmentation_size_bytes");

    public double WorkingSet => Sum("dotnet_process_memory_working_set_bytes");

    /// <summary>Cumulative bucket counts of a histogram (le → count), summed over other labels.</summary>
    public SortedDictionary<double, double> Buckets(string histogram)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (key, value) in values)
        {
            if (!key.StartsWith(histogram + "_bucket{", StringComparison.Ordinal))
            {
                continue;
            }
            var le = Regex.Match(key, "le=\"([^\"]+)\"").Groups[1].Value;
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + value;
        }
        return buckets;
    }

    /// <summary>
    /// The upper bound of the bucket holding quantile q of what was recorded between two scrapes — an upper
    /// estimate, as precise as the buckets.
    /// </summary>
    public static double Quantile(Metrics before, Metrics after, string histogram, double q)
    {
        var b = before.Buckets(histogram);
        var a = after.Buckets(histogram);
        var total = a.Count == 0 ? 0 : a.Last().Value - b.GetValueOrDefault(double.PositiveInfinity);
        if (total <= 0)
        {
            return double.NaN;
        }
        foreach (var (bound, count) in a)
        {
            if (count - b.GetValueOrDefault(bound) >= q * total)
            {
                return bound;
            }
        }
        return double.PositiveInfinity;
    }
}
