using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dashboard.Tests.Support;

/// <summary>
/// The reverse proxy of docker-compose.cluster.yml — Caddy (Debian package caddy) with the repository's own
/// docker/proxy/Caddyfile — in front of hosts on this machine, on free loopback ports: over plain HTTP
/// (<see cref="StartAsync"/>), or as the compose file runs it, HTTPS with Caddy's own certificate and plain HTTP
/// redirected (<see cref="StartWithTlsAsync"/>).
/// </summary>
public sealed class CaddyProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _home;
    private readonly ConcurrentQueue<string> _output;

    private CaddyProxy(Process process, string home, ConcurrentQueue<string> output, Uri address, Uri httpAddress)
    {
        _process = process;
        _home = home;
        _output = output;
        Address = address;
        HttpAddress = httpAddress;
    }

    /// <summary>Where people reach the dashboard through the proxy.</summary>
    public Uri Address { get; }

    /// <summary>The proxy's port that only redirects to HTTPS (with TLS, to <see cref="Address"/>).</summary>
    public Uri HttpAddress { get; }

    /// <summary>What Caddy wrote to stdout and stderr: its own log and the access log.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static Task<CaddyProxy> StartAsync(params HostProcess[] upstreams) => StartAsync(tls: false, upstreams);

    public static Task<CaddyProxy> StartWithTlsAsync(params HostProcess[] upstreams) => StartAsync(tls: true, upstreams);

    private static async Task<CaddyProxy> StartAsync(bool tls, HostProcess[] upstreams)
    {
        var caddy = File.Exists("/usr/bin/caddy") ? "/usr/bin/caddy"
            : throw new InvalidOperationException("caddy not found: install the Debian package caddy (scripts/test.sh does).");
        // The port people use, and the one that only redirects to HTTPS (with TLS: the port people typed http:// on).
        var (port, redirectPort) = (FreePorts.Next(), FreePorts.Next());
        var home = Directory.CreateTempSubdirectory("caddy-").FullName;
        var start = new ProcessStartInfo(caddy, ["run", "--config", Caddyfile, "--adapter", "caddyfile"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // With TLS the site is "localhost", served on the HTTPS port with a certificate from Caddy's own CA; without,
        // http:// keeps Caddy from serving its certificate for the address. Either way the HTTP port redirects to HTTPS.
        start.Environment["PROXY_ADDRESS"] = tls ? "localhost" : $"http://127.0.0.1:{port}";
        start.Environment["PROXY_HTTP_PORT"] = redirectPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PROXY_HTTPS_PORT"] = (tls ? port : FreePorts.Next()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DASHBOARD_UPSTREAMS"] = string.Join(' ', upstreams.Select(u => u.Address.Authority));
        // Its state (the CA among it) goes to a temporary home.
        start.Environment["HOME"] = home;
        start.Environment["XDG_DATA_HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = home;
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new CaddyProxy(process, home, output,
            tls ? new Uri($"https://localhost:{port}/") : new Uri($"http://127.0.0.1:{port}/"),
            new Uri($"http://localhost:{redirectPort}/"));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"caddy exited with {process.ExitCode}:\n{string.Join('\n', output.TakeLast(20))}");
            if (await AnswersAsync(proxy, tls))
                return proxy;
            await Task.Delay(100);
        }
        await proxy.DisposeAsync();
        throw new TimeoutException($"caddy did not answer within 20 s:\n{string.Join('\n', output.TakeLast(20))}");
    }

    /// <summary>Listening; with TLS, also serving its certificate (issued by its CA just after start).</summary>
    private static async Task<bool> AnswersAsync(CaddyProxy proxy, bool tls)
    {
        try
        {
            if (!tls)
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", proxy.Address.Port);
                return true;
            }
            using var http = new HttpClient(proxy.Handler()) { BaseAddress = proxy.Address, Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync("/healthz");
            return true;
        }
        catch (Exception e) when (e is SocketException or HttpRequestException or TaskCanceledException or IOException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// A browser's connection to the proxy: cookies kept, redirects not followed, Caddy's certificate checked against its
    /// own CA (as a browser that was given that root would), from <paramref name="from"/> (any loopback address: the
    /// proxy then forwards that as the client's address).
    /// </summary>
    public SocketsHttpHandler Handler(IPAddress? from = null)
    {
        var pki = Path.Combine(_home, "caddy", "pki", "authorities", "local");
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                        return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, "root.crt")));
                    chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificateFromFile(Path.Combine(pki, "intermediate.crt")));
                    return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from ?? IPAddress.Loopback, 0));
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
