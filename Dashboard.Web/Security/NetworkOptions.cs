using System.Net;

namespace Dashboard.Web.Security;

/// <summary>
/// Section <c>Network</c>: what the dashboard believes about the connection it is served over (docs/permissions.md,
/// "Transport and proxies"). Only a proxy named here may say who the client is (<c>X-Forwarded-For</c>) and that it
/// came over HTTPS (<c>X-Forwarded-Proto</c>); from anyone else those headers are forgeries and are ignored.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>Addresses of the reverse proxies in front of the dashboard (e.g. <c>172.30.80.10</c>). Empty: nobody's headers are believed.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Address ranges of such proxies, in CIDR notation (e.g. <c>10.1.2.0/24</c>). Empty: none.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// Cookies (sign-in, display, antiforgery) only over HTTPS: their <c>Secure</c> attribute. Default: on, except in
    /// Development, so that a password's cookie never travels in clear. Off only where plain HTTP cannot be avoided.
    /// </summary>
    public bool? SecureCookies { get; set; }

    /// <summary>The proxies' addresses; a blank entry is left out, so a compose file may leave one unset.</summary>
    public IEnumerable<IPAddress> Proxies => KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => IPAddress.Parse(p.Trim()));

    public IEnumerable<IPNetwork> Networks => KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => IPNetwork.Parse(n.Trim()));

    /// <summary>Whether any proxy is trusted at all.</summary>
    public bool TrustsAProxy => Proxies.Any() || Networks.Any();

    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            var proxy = KnownProxies[i];
            if (!string.IsNullOrWhiteSpace(proxy) && !IPAddress.TryParse(proxy.Trim(), out _))
                yield return $"{Section}:{nameof(KnownProxies)}:{i}: '{proxy}' is not an IP address (a proxy is named by its address: "
                    + "a host name is not resolved; give the proxy a fixed address, or name its network in Network:KnownNetworks).";
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            var network = KnownNetworks[i];
            if (string.IsNullOrWhiteSpace(network))
                continue;
            if (!IPNetwork.TryParse(network.Trim(), out var range))
                yield return $"{Section}:{nameof(KnownNetworks)}:{i}: '{network}' is not an address range in CIDR notation "
                    + "(an address and a prefix length: 10.1.2.0/24, fd00::/8).";
            // .NET would take 10.0.0.1/8 for 10.0.0.0/8: one proxy's address with a wrong prefix must not trust a whole range.
            else if (!range.BaseAddress.Equals(IPAddress.Parse(network.Trim().Split('/')[0])))
                yield return $"{Section}:{nameof(KnownNetworks)}:{i}: '{network}' is not an address range: the address has bits set "
                    + $"after the prefix. Write {range} for the whole range, or name one proxy in Network:KnownProxies.";
        }
    }
}
