using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real web host (co-hosted Orleans silo, the real pipeline) with the simulator off and its own free Orleans
/// ports, so several hosts can run side by side. <see cref="WithKestrel"/> serves it on a real loopback port
/// for the hub and browser tests.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Simulator:Enabled"] = "false",
        ["Orleans:SiloPort"] = FreePort().ToString(),
        ["Orleans:GatewayPort"] = FreePort().ToString(),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public DashboardFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Testing");
        // Outside Development the host serves only published static assets; the tests run from the build output.
        builder.UseStaticWebAssets();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
