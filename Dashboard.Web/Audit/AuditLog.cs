using System.Security.Claims;
using System.Text.Json;
using Dashboard.Web.Hosting;
using Dashboard.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Audit;

/// <summary>Writes every change to the center's settings and people, and reads them back newest first.</summary>
public sealed class AuditLog(IDbContextFactory<DashboardDbContext> databases, TimeProvider time)
{
    public const int MaxPage = 500;

    private static readonly JsonSerializerOptions Json = JsonDefaults.Create();

    /// <summary>Records a change; <paramref name="before"/> and <paramref name="after"/> are stored as JSON.</summary>
    public async Task<AuditEntry> WriteAsync<T>(ClaimsPrincipal actor, string action, string subject, T? before, T? after)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(), Actor = ActorOf(actor), Action = action, Subject = subject,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
        await using var db = await databases.CreateDbContextAsync();
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();
        return entry;
    }

    /// <summary>The newest entries, older than <paramref name="beforeId"/> when given (paging backwards); only those
    /// of a subject, an actor or an action when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(
        int take = 100, long? beforeId = null, string? subject = null, string? actor = null, string? action = null)
    {
        await using var db = await databases.CreateDbContextAsync();
        var entries = db.AuditEntries.AsNoTracking();
        if (beforeId is { } id)
            entries = entries.Where(e => e.Id < id);
        if (!string.IsNullOrEmpty(subject))
            entries = entries.Where(e => e.Subject == subject);
        if (!string.IsNullOrEmpty(actor))
            entries = entries.Where(e => e.Actor == actor);
        if (!string.IsNullOrEmpty(action))
            entries = entries.Where(e => e.Action == action);
        return await entries.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, MaxPage)).ToListAsync();
    }

    /// <summary>Everyone who has made a change and every kind of change made, each in order: what the log can be
    /// narrowed to.</summary>
    public async Task<(IReadOnlyList<string> Actors, IReadOnlyList<string> Actions)> FacetsAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        var actors = await db.AuditEntries.Select(e => e.Actor).Distinct().ToListAsync();
        var actions = await db.AuditEntries.Select(e => e.Action).Distinct().ToListAsync();
        return ([.. actors.Order(StringComparer.Ordinal)], [.. actions.Order(StringComparer.Ordinal)]);
    }

    /// <summary>Who a change is recorded under: the user's name, an API key's <c>api-key:{name}</c>.</summary>
    public static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
