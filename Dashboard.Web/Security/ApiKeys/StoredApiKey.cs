namespace Dashboard.Web.Security.ApiKeys;

/// <summary>An API key an admin made in the UI: only its SHA-256 hash is kept, never the key.</summary>
public sealed class StoredApiKey
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the key, lower-case hex (<see cref="ApiKeyRing.Hash"/>).</summary>
    public string Hash { get; set; } = "";

    /// <summary>Space-separated scopes (<see cref="Scopes.All"/>).</summary>
    public string Scopes { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When a request last used it, to the minute (written at most once a minute).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
