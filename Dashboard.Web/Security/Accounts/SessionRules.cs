using System.Globalization;
using System.Security.Claims;
using Dashboard.Web.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// When a person's session ends (docs/permissions.md, Sessions): when they sign out or an admin changes their
/// account (both renew the account's security stamp, which every session carries), and at the latest
/// <see cref="AccountsOptions.SessionAbsoluteLifetime"/> after they signed in, however often the cookie slid.
/// Every request with the sign-in cookie is checked (one read of the stamp), and open pages as
/// <see cref="RevalidatingAuthentication"/> says.
/// </summary>
public sealed partial class SessionRules(
    IDbContextFactory<DashboardDbContext> databases, TimeProvider time, IOptions<AccountsOptions> accounts,
    IOptions<IdentityOptions> identity, ILogger<SessionRules> log)
{
    /// <summary>When the person signed in (Unix seconds): kept through every renewal of the cookie, never moved.</summary>
    public const string StartedClaim = "session_started";

    /// <summary>At sign-in, password or identity provider alike: the session's start, which nothing renews.</summary>
    public void Begin(ClaimsPrincipal principal) =>
        (principal.Identity as ClaimsIdentity)?.AddClaim(new Claim(
            StartedClaim, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));

    /// <summary>Past the absolute lifetime, or begun before sessions had a start (a cookie of an older version).</summary>
    public bool Expired(ClaimsPrincipal principal) =>
        !long.TryParse(principal.FindFirstValue(StartedClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var started)
        || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(started) >= accounts.Value.SessionAbsoluteLifetime;

    /// <summary>The account still exists and its security stamp is the one the session was issued with.</summary>
    public async Task<bool> StampCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var claims = identity.Value.ClaimsIdentity;
        if (principal.FindFirstValue(claims.UserIdClaimType) is not { } userId || principal.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp)
            return false;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var current = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        return current == stamp;
    }

    /// <summary>
    /// The sign-in cookie's check at every request: the session's end first, then Identity's own validator, which
    /// rebuilds the claims every <see cref="AccountsOptions.SessionRecheckInterval"/>.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var rules = context.HttpContext.RequestServices.GetRequiredService<SessionRules>();
        if (context.Principal is not { } principal)
            return;
        var reason = rules.Expired(principal) ? "past its absolute lifetime"
            : !await rules.StampCurrentAsync(principal, context.HttpContext.RequestAborted) ? "signed out, or the account changed"
            : null;
        if (reason is not null)
        {
            rules.LogRefused(Grains.Telemetry.LogText.Safe(principal.Identity?.Name), reason);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Identity rebuilds the claims from the account: the session's start goes over to the new ones.</summary>
    public static Task KeepStartAsync(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(StartedClaim) is { } started && context.NewPrincipal?.Identity is ClaimsIdentity renewed)
            renewed.AddClaim(new Claim(started.Type, started.Value, started.ValueType));
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session of '{UserName}' refused: {Reason}")]
    private partial void LogRefused(string userName, string reason);
}
