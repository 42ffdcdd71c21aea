using System.Security.Claims;
using Dashboard.Web.Security.Accounts;
using Dashboard.Web.Security.Displays;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Who a Blazor circuit belongs to, checked again while it runs (a circuit outlives the request that opened it):
/// a display every few seconds, so a revoked link leaves the wall-board within seconds; a person once per
/// <see cref="AccountsOptions.SessionRecheckInterval"/>, a minute by default (their security stamp, which changes
/// when an admin changes their roles, locks them out or resets their password).
/// </summary>
public sealed class RevalidatingAuthentication(
    ILoggerFactory logs, IServiceScopeFactory scopes, TimeProvider time, IOptions<AccountsOptions> accounts)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    private readonly TimeSpan _userInterval = accounts.Value.SessionRecheckInterval;
    private DateTimeOffset _userCheckedAt = time.GetUtcNow();

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(2);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var user = state.User;
        await using var scope = scopes.CreateAsyncScope();
        if (user.FindFirst(DisplayLinks.LinkIdClaim)?.Value is { } linkId)
            return await scope.ServiceProvider.GetRequiredService<DisplayLinks>().ActiveAsync(linkId) is not null;
        if (time.GetUtcNow() - _userCheckedAt < _userInterval)
            return true;
        _userCheckedAt = time.GetUtcNow();
        return await SecurityStampValidAsync(scope.ServiceProvider, user);
    }

    private static async Task<bool> SecurityStampValidAsync(IServiceProvider services, ClaimsPrincipal principal)
    {
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.GetUserAsync(principal) is not { } user)
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stampType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        return principal.FindFirstValue(stampType) == await users.GetSecurityStampAsync(user);
    }
}
