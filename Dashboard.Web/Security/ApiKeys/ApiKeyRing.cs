using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.ApiKeys;

/// <summary>
/// The API keys that are valid now, held only as SHA-256 hashes: keys are long random values, so a fast hash is
/// the right one (a slow password hash protects guessable secrets). Lookup is by hash, so comparing never leaks
/// how much of a key matched. Two sources: the configured keys (<c>Api:Keys</c>, fixed at start) and the keys
/// admins make in the UI (<see cref="StoredApiKey"/>), read from the database at most every
/// <see cref="RefreshInterval"/> — so a key revoked on another instance stops within seconds without a query
/// per request.
/// </summary>
public sealed class ApiKeyRing(
    IOptions<ApiOptions> options, IDbContextFactory<DashboardDbContext> databases, TimeProvider time, ILogger<ApiKeyRing> log)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>A key's last use is written at most this often: not a database write per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly FrozenDictionary<string, ApiKeyIdentity> _configured = options.Value.InForce
        .Select((key, i) => (Hash: Hash(key.Key), Identity: new ApiKeyIdentity(key.Name ?? $"config-{i}", [.. key.Scopes.Distinct()])))
        .ToFrozenDictionary(k => k.Hash, k => k.Identity);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsedWritten = new();
    private readonly Lock _gate = new();
    private Snapshot? _stored;
    private Task<Snapshot>? _loading;
    private long _generation;

    private sealed record Snapshot(FrozenDictionary<string, (string Id, ApiKeyIdentity Identity)> ByHash, DateTimeOffset LoadedAt);

    /// <summary>The configured keys' names and scopes (never the keys), for the admin page.</summary>
    public IReadOnlyList<ApiKeyIdentity> Configured => [.. _configured.Values.OrderBy(k => k.Name, StringComparer.Ordinal)];

    public async ValueTask<ApiKeyIdentity?> FindAsync(string presentedKey)
    {
        var hash = Hash(presentedKey);
        if (_configured.TryGetValue(hash, out var configured))
            return configured;
        var stored = await StoredAsync();
        if (!stored.ByHash.TryGetValue(hash, out var key))
            return null;
        await NoteUseAsync(key.Id);
        return key.Identity;
    }

    /// <summary>After a key is made or revoked here: the next request reads the database again.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _stored = null;
            _loading = null;
        }
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private Task<Snapshot> StoredAsync()
    {
        if (Volatile.Read(ref _stored) is { } snapshot && time.GetUtcNow() - snapshot.LoadedAt < RefreshInterval)
            return Task.FromResult(snapshot);
        lock (_gate)
        {
            // One load at a time, however many requests find the snapshot stale.
            if (_loading is null || _loading.IsCompleted)
                _loading = LoadAsync(_generation);
            return _loading;
        }
    }

    private async Task<Snapshot> LoadAsync(long generation)
    {
        Snapshot snapshot;
        try
        {
            await using var db = await databases.CreateDbContextAsync();
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync();
            snapshot = new Snapshot(
                keys.ToFrozenDictionary(k => k.Hash, k => (k.Id, new ApiKeyIdentity(k.Name, k.ScopeList))), time.GetUtcNow());
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The database is out of reach: no revocation can be written either, so the last keys read are as
            // current as it gets (none before the first read). Configured keys work regardless.
            log.LogWarning(e, "Could not read the API keys made in the UI; using those read before.");
            snapshot = (_stored ?? new Snapshot(FrozenDictionary<string, (string, ApiKeyIdentity)>.Empty, default)) with { LoadedAt = time.GetUtcNow() };
        }
        lock (_gate)
        {
            // A load begun before a revocation must not put the revoked key back.
            if (generation == _generation)
                _stored = snapshot;
        }
        return snapshot;
    }

    private async Task NoteUseAsync(string id)
    {
        var now = time.GetUtcNow();
        if (_lastUsedWritten.TryGetValue(id, out var written) && now - written < LastUsedResolution)
            return;
        _lastUsedWritten[id] = now;
        try
        {
            await using var db = await databases.CreateDbContextAsync();
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            log.LogWarning(e, "Could not note the last use of API key {Id}.", id);
        }
    }
}

/// <summary>Who a valid key speaks for, and what it may do.</summary>
public sealed record ApiKeyIdentity(string Name, IReadOnlyList<string> Scopes);
