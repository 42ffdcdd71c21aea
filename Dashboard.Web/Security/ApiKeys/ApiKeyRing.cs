using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.ApiKeys;

/// <summary>
/// The API keys that are valid now, held only as SHA-256 hashes: keys are long random values, so a fast hash is
/// the right one (a slow password hash protects guessable secrets). Lookup is by hash, so comparing never leaks
/// how much of a key matched.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly FrozenDictionary<string, ApiKeyIdentity> _byHash;

    public ApiKeyRing(IOptions<ApiOptions> options)
    {
        _byHash = options.Value.InForce
            .Select((key, i) => (Hash: Hash(key.Key), Identity: new ApiKeyIdentity(key.Name ?? $"config-{i}", [.. key.Scopes.Distinct()])))
            .ToFrozenDictionary(k => k.Hash, k => k.Identity);
    }

    public ApiKeyIdentity? Find(string presentedKey) => _byHash.GetValueOrDefault(Hash(presentedKey));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Who a valid key speaks for, and what it may do.</summary>
public sealed record ApiKeyIdentity(string Name, IReadOnlyList<string> Scopes);
