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

    /// <summary>The newest entries, older than <paramref name="beforeId"/> when given (paging backwards).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(int take = 100, long? beforeId = null, string? subject = null)
    {
        await using var db = await databases.CreateDbContextAsync();
        var entries = db.AuditEntries.AsNoTracking();
        if (beforeId is { } id)
            entries = entries.Where(e => e.Id < id);
        if (!string.IsNullOrEmpty(subject))
            entries = entries.Where(e => e.Subject == subject);
        return await entries.OrderByDescending(e => e.Id).Take(Math.Clamp(take, 1, MaxPage)).ToListAsync();
    }

    /// <summary>Who a change is recorded under: the user's name, an API key's <c>api-key:{name}</c>.</summary>
    public static string ActorOf(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
