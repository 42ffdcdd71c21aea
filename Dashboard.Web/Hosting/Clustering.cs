using System.Net;
using System.Net.Sockets;
using Dashboard.Web.Security.Accounts;
using Orleans.Configuration;

namespace Dashboard.Web.Hosting;

/// <summary>
/// How this host's silo finds the others (docs/operations.md, "Running a cluster"). Section <c>Orleans</c> is
/// Orleans' own: it reads <c>ClusterId</c>, <c>ServiceId</c>, <c>Name</c>, <c>Messaging</c> and the provider
/// sections (<c>Clustering:ProviderType</c> <c>AdoNet</c> or <c>Redis</c>, with <c>ConnectionString</c>) itself.
/// This adds what it leaves open: localhost when no provider is named, the ports and advertised address,
/// the membership timings (<c>Orleans:Membership</c>), and for ADO.NET PostgreSQL by default with its tables.
/// </summary>
public static class Clustering
{
    public const string Section = "Orleans";

    public static ISiloBuilder UseConfiguredClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var siloPort = section.GetValue("SiloPort", 11111);
        var gatewayPort = section.GetValue("GatewayPort", 30000);
        silo.Services.Configure<ClusterMembershipOptions>(section.GetSection("Membership"));

        var provider = section["Clustering:ProviderType"];
        if (string.IsNullOrEmpty(provider))
            return silo.UseLocalhostClustering(siloPort, gatewayPort); // a cluster of one: dotnet run needs no server

        // The live model's grains hold their state in memory: two activations of one grain, which Orleans' default
        // (eventually consistent) directory allows for a moment while a silo joins or leaves, would lose one's state.
        // The distributed directory is strongly consistent: one activation per grain, through every change.
#pragma warning disable ORLEANSEXP003 // experimental in Orleans 10; tested here by the rolling-restart tests
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // Orleans has already set up the provider from Orleans:Clustering; other silos must reach this one.
        var advertised = Advertised(section["AdvertisedAddress"]);
        silo.Configure<EndpointOptions>(o =>
        {
            if (advertised is not null) // else Orleans takes this machine's first IPv4 address (a container's own)
                o.AdvertisedIPAddress = advertised;
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
        });

        if (string.Equals(provider, "AdoNet", StringComparison.OrdinalIgnoreCase))
        {
            // Orleans leaves both open: PostgreSQL through Npgsql, and without a connection of its own the accounts' database.
            var clustering = section.GetSection("Clustering");
            var fallback = clustering["ConnectionString"] is { Length: > 0 } || clustering["ConnectionName"] is { Length: > 0 }
                ? null : AccountsPostgres(configuration);
            silo.Services.PostConfigure<AdoNetClusteringSiloOptions>(o =>
            {
                if (string.IsNullOrEmpty(o.Invariant))
                    o.Invariant = OrleansSchema.Npgsql;
                if (string.IsNullOrEmpty(o.ConnectionString))
                    o.ConnectionString = fallback;
            });
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OrleansSchema>();
        }
        return silo;
    }

    /// <summary>The clustering provider named in configuration (AdoNet, Redis), or null for a cluster of one.</summary>
    public static string? Provider(IConfiguration configuration) =>
        configuration.GetSection(Section)["Clustering:ProviderType"] is { Length: > 0 } provider ? provider : null;

    /// <summary>The connection string the cluster's membership uses, for the grain state kept beside it.</summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var clustering = configuration.GetSection(Section).GetSection("Clustering");
        return clustering["ConnectionString"] is { Length: > 0 } own ? own
            : string.Equals(Provider(configuration), "AdoNet", StringComparison.OrdinalIgnoreCase) ? AccountsPostgres(configuration)
            : throw new InvalidOperationException("Orleans:Clustering:ConnectionString is needed.");
    }

    /// <summary>
    /// Where a cluster keeps its shared journal and snapshot, so a survivor holds what a lost host acknowledged: the
    /// membership's PostgreSQL (clustering AdoNet), else, on Redis, the accounts' PostgreSQL (a cluster shares its
    /// accounts there anyway). Null for a host on its own, and for Redis with accounts that are not in PostgreSQL.
    /// </summary>
    public static string? SharedJournalConnectionString(IConfiguration configuration)
    {
        var provider = Provider(configuration);
        if (provider is null)
            return null;
        if (string.Equals(provider, "AdoNet", StringComparison.OrdinalIgnoreCase))
            return ConnectionString(configuration);
        var accounts = configuration.GetSection(AccountsOptions.Section).Get<AccountsOptions>() ?? new AccountsOptions();
        return string.Equals(accounts.Provider, "postgres", StringComparison.OrdinalIgnoreCase) && accounts.ConnectionString is { Length: > 0 } shared
            ? shared : null;
    }

    /// <summary>The accounts' database when they are in PostgreSQL: one server holds both.</summary>
    private static string AccountsPostgres(IConfiguration configuration)
    {
        var accounts = configuration.GetSection(AccountsOptions.Section).Get<AccountsOptions>() ?? new AccountsOptions();
        return string.Equals(accounts.Provider, "postgres", StringComparison.OrdinalIgnoreCase) && accounts.ConnectionString is { Length: > 0 } shared
            ? shared
            : throw new InvalidOperationException(
                "Orleans:Clustering:ProviderType is AdoNet: set Orleans:Clustering:ConnectionString (Host=…;Database=…;Username=…;Password=…), " +
                "or keep the accounts in PostgreSQL (Accounts:Provider postgres) to share their database.");
    }

    private static IPAddress? Advertised(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
            return null;
        if (IPAddress.TryParse(address, out var ip))
            return ip;
        // A host name (a compose service, a DNS entry): its IPv4 address, as the other silos resolve it.
        return Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"Orleans:AdvertisedAddress '{address}' has no IPv4 address.");
    }
}
