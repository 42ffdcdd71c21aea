using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Security;

/// <summary>
/// docker/'s compose files as <c>docker-compose config</c> resolves them (Debian's docker-compose: no Docker engine
/// needed), with the secrets .env.example asks for and nothing read from a developer's own docker/.env: they are
/// valid, and the cluster's instances believe forwarded headers from their proxy alone (docs/permissions.md,
/// "Transport and proxies").
/// </summary>
public sealed partial class ComposeFileTests
{
    public static TheoryData<string[]> Files => new()
    {
        { ["docker-compose.yml"] },
        { ["docker-compose.yml", "docker-compose.influxdb.yml"] },
        { ["docker-compose.cluster.yml"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ComposeFile_PassesDockerComposeConfig(string[] files)
    {
        var (exitCode, output) = await ConfigAsync(files);

        Assert.True(exitCode == 0, output);
        Assert.Contains("callcenter-dashboard:local", output);
    }

    [Fact]
    public async Task Cluster_InstancesBelieveForwardedHeadersFromTheirProxyAlone()
    {
        var (exitCode, output) = await ConfigAsync(["docker-compose.cluster.yml"],
            ("PROXY_IP", "10.77.0.5"), ("CLUSTER_SUBNET", "10.77.0.0/24"));

        Assert.True(exitCode == 0, output);
        // One variable names the proxy's address: the proxy is given it, and each instance trusts it and nothing else.
        Assert.Equal(2, KnownProxy().Matches(output).Count(m => m.Groups[1].Value == "10.77.0.5"));
        Assert.Contains("ipv4_address: 10.77.0.5", output);
        Assert.Contains("subnet: 10.77.0.0/24", output);
        Assert.DoesNotContain("KnownNetworks", output);
        // The switch that believes any sender is gone.
        Assert.DoesNotContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED", output);
    }

    [Fact]
    public async Task Cluster_ProxyServesHttps_WithASlotForARealCertificate()
    {
        var (exitCode, output) = await ConfigAsync(["docker-compose.cluster.yml"],
            ("PROXY_ADDRESS", "dashboard.example.com"), ("PROXY_TLS", "/certs/dashboard.crt /certs/dashboard.key"),
            ("PROXY_HTTP_PORT", "80"), ("PROXY_HTTPS_PORT", "443"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("PROXY_ADDRESS: dashboard.example.com", output);
        Assert.Contains("PROXY_TLS: /certs/dashboard.crt /certs/dashboard.key", output);
        Assert.Contains("- published: 443\n      target: 443", output.ReplaceLineEndings("\n"));
        Assert.Contains("- published: 80\n      target: 80", output.ReplaceLineEndings("\n"));
        Assert.Contains("/docker/certs:/certs:ro", output);
        Assert.Contains("proxy-data:/data", output); // Caddy's CA outlives the container: browsers trust its root once
    }

    [Fact]
    public async Task Cluster_ProxyDefaults_CaddysOwnCertificateOn8443()
    {
        var (exitCode, output) = await ConfigAsync(["docker-compose.cluster.yml"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("PROXY_TLS: internal", output);
        Assert.Contains("- published: 8443\n      target: 8443", output.ReplaceLineEndings("\n"));
    }

    [GeneratedRegex(@"Network__KnownProxies__0: '?([^'\s]+)'?")]
    private static partial Regex KnownProxy();

    /// <summary>Runs <c>docker-compose -f … config</c> in docker/ with the secrets set and an empty env file.</summary>
    internal static async Task<(int ExitCode, string Output)> ConfigAsync(string[] files, params (string Name, string Value)[] variables)
    {
        var compose = File.Exists("/usr/bin/docker-compose") ? "/usr/bin/docker-compose"
            : throw new InvalidOperationException("docker-compose not found: install the Debian package docker-compose.");
        var envFile = Path.GetTempFileName();
        try
        {
            var arguments = new List<string> { "--env-file", envFile };
            foreach (var file in files)
                arguments.AddRange(["-f", file]);
            arguments.Add("config");
            var start = new ProcessStartInfo(compose, arguments)
            {
                WorkingDirectory = DockerDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in Secrets.Concat(variables))
                start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static readonly (string, string)[] Secrets =
    [
        ("DASHBOARD_ADMIN_PASSWORD", "compose-admin-1"), ("DASHBOARD_INGEST_KEY", "compose-ingest-key-0123456789"),
        ("POSTGRES_PASSWORD", "compose-postgres"), ("INFLUXDB_ADMIN_PASSWORD", "compose-influx"), ("INFLUXDB_TOKEN", "compose-token"),
    ];

    internal static string DockerDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
                directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Dashboard.sln not found"), "docker");
        }
    }
}
