using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Settings;

/// <summary>The settings grain's store: the dashboard database (SQLite or PostgreSQL), table CenterSettings.</summary>
public sealed class DatabaseSettingsStore(IDbContextFactory<DashboardDbContext> databases, TimeProvider time) : ICenterSettingsStore
{
    public async Task<IReadOnlyDictionary<string, string>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.CenterSettings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Json, StringComparer.Ordinal, cancellationToken);
    }

    public async Task SaveAsync(string key, string? json, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var kept = await db.CenterSettings.FindAsync([key], cancellationToken);
        if (json is null)
        {
            if (kept is not null)
                db.CenterSettings.Remove(kept);
        }
        else
        {
            if (kept is null)
                db.CenterSettings.Add(kept = new KeptSetting { Key = key });
            kept.Json = json;
            kept.ChangedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
