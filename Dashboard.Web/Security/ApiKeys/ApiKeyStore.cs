using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Web.Audit;
using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Security.ApiKeys;

/// <summary>
/// The keys admins make and revoke at <c>/admin/api-keys</c>. A key is 32 random bytes (base64url, after a
/// <c>dk_</c> prefix that tells a secret scanner what it is), shown once; only its SHA-256 hash is stored.
/// Both changes go to the audit log, without the key.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<DashboardDbContext> databases, ApiKeyRing ring, AuditLog audit, TimeProvider time)
{
    public const string Prefix = "dk_";
    public const int MaxName = 100;

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync();
        // Ordered here: SQLite cannot order by a DateTimeOffset.
        return [.. keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt)];
    }

    /// <summary>Makes a key; <see cref="CreatedApiKey.Key"/> is the only time anyone sees it.</summary>
    public async Task<CreatedApiKey> CreateAsync(ClaimsPrincipal actor, string? name, IReadOnlyCollection<string>? scopes)
    {
        var errors = new List<string>();
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
            errors.Add("Name: required (who uses the key, e.g. the telephony feed).");
        else if (trimmed.Length > MaxName)
            errors.Add($"Name: at most {MaxName} characters.");
        if (scopes is null || scopes.Count == 0)
            errors.Add($"Scopes: choose at least one of {string.Join(", ", Scopes.All)}.");
        foreach (var scope in scopes?.Where(s => !Scopes.All.Contains(s)) ?? [])
            errors.Add($"Scopes: '{scope}' is not one of {string.Join(", ", Scopes.All)}.");

        await using var db = await databases.CreateDbContextAsync();
        // The name is who the key acts as in the audit log: one active key per name.
        if (trimmed.Length > 0 && (ring.Configured.Any(k => k.Name == trimmed)
            || await db.ApiKeys.AnyAsync(k => k.Name == trimmed && k.RevokedAt == null)))
        {
            errors.Add($"Name: another active key is called '{trimmed}'.");
        }
        if (errors.Count > 0)
            return new CreatedApiKey(null, null, errors);

        var value = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new StoredApiKey
        {
            Name = trimmed, Hash = ApiKeyRing.Hash(value),
            Scopes = string.Join(' ', Scopes.All.Where(scopes!.Contains)),
            CreatedBy = AuditLog.ActorOf(actor), CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        ring.Invalidate();
        await audit.WriteAsync(actor, "api-key.create", key.Name, null, AuditView.Of(key));
        return new CreatedApiKey(key, value, []);
    }

    /// <summary>Revokes a key: refused within <see cref="ApiKeyRing.RefreshInterval"/> everywhere, at once here.</summary>
    public async Task<StoredApiKey?> RevokeAsync(ClaimsPrincipal actor, string id)
    {
        await using var db = await databases.CreateDbContextAsync();
        if (await db.ApiKeys.FindAsync(id) is not { RevokedAt: null } key)
            return null;
        var before = AuditView.Of(key);
        key.RevokedAt = time.GetUtcNow();
        key.RevokedBy = AuditLog.ActorOf(actor);
        await db.SaveChangesAsync();
        ring.Invalidate();
        await audit.WriteAsync(actor, "api-key.revoke", key.Name, before, AuditView.Of(key));
        return key;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What the audit log keeps of a key: never the key or its hash.</summary>
    private sealed record AuditView(string Name, IReadOnlyList<string> Scopes, bool Revoked)
    {
        public static AuditView Of(StoredApiKey key) => new(key.Name, key.ScopeList, key.RevokedAt is not null);
    }
}

/// <summary>A key just made (shown once), or the problems with the request, each naming its field and rule.</summary>
public sealed record CreatedApiKey(StoredApiKey? Stored, string? Key, IReadOnlyList<string> Errors);
