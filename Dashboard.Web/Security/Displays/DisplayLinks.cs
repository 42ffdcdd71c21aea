using Dashboard.Web.Store;
using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Web.Security.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Web.Security.Displays;

/// <summary>
/// Creates, lists and revokes display links. The token in a link's URL is the link's id protected by data
/// protection (authenticated encryption, keys kept with the accounts): it cannot be forged or altered, and a
/// revoked link is refused however valid its token.
/// </summary>
public sealed class DisplayLinks(IDbContextFactory<DashboardDbContext> databases, IDataProtectionProvider protection, TimeProvider time)
{
    public const string LinkIdClaim = "display_link";
    public const string QueuesClaim = "display_queues";

    private readonly IDataProtector _protector = protection.CreateProtector("Dashboard.DisplayLinks.v1");

    public async Task<IReadOnlyList<DisplayLink>> ListAsync()
    {
        await using var db = await databases.CreateDbContextAsync();
        var links = await db.DisplayLinks.AsNoTracking().ToListAsync();
        return [.. links.OrderBy(l => l.RevokedAt is not null).ThenByDescending(l => l.CreatedAt)];
    }

    public async Task<DisplayLink> CreateAsync(string name, IEnumerable<string> queues, string createdBy)
    {
        var queueList = string.Join(",", queues.Select(q => q.Trim()).Where(q => q.Length > 0));
        var link = new DisplayLink
        {
            Name = name.Trim(), Queues = queueList.Length == 0 ? null : queueList, CreatedBy = createdBy, CreatedAt = time.GetUtcNow(),
        };
        await using var db = await databases.CreateDbContextAsync();
        db.DisplayLinks.Add(link);
        await db.SaveChangesAsync();
        return link;
    }

    public async Task<DisplayLink?> RevokeAsync(string id, string revokedBy)
    {
        await using var db = await databases.CreateDbContextAsync();
        if (await db.DisplayLinks.FindAsync(id) is not { RevokedAt: null } link)
            return null;
        link.RevokedAt = time.GetUtcNow();
        link.RevokedBy = revokedBy;
        await db.SaveChangesAsync();
        return link;
    }

    /// <summary>The path a TV opens: <c>/display/{token}</c>.</summary>
    public string PathOf(DisplayLink link) => "/display/" + _protector.Protect(link.Id);

    /// <summary>The link a token names, when the token is genuine and the link not revoked.</summary>
    public async Task<DisplayLink?> ActiveFromTokenAsync(string token)
    {
        string id;
        try
        {
            id = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        return await ActiveAsync(id);
    }

    public async Task<DisplayLink?> ActiveAsync(string id)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.DisplayLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id && l.RevokedAt == null);
    }

    /// <summary>Who a TV is once its link is opened: the Display role, the link, its queues.</summary>
    public static ClaimsPrincipal PrincipalOf(DisplayLink link)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "display:" + link.Name), new(ClaimTypes.Role, Roles.Display), new(LinkIdClaim, link.Id),
        };
        if (link.Queues is { Length: > 0 } queues)
            claims.Add(new Claim(QueuesClaim, queues));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, DisplayScheme.Name, ClaimTypes.Name, ClaimTypes.Role));
    }
}

public static class DisplayScheme
{
    /// <summary>The cookie a TV holds after opening its link.</summary>
    public const string Name = "Display";
    public const string CookieName = "dashboard.display";
}
