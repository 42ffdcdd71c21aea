using Dashboard.Web.Security.Accounts;
using Dashboard.Web.Security.Displays;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Who a Blazor circuit belongs to, checked again while it runs (a circuit outlives the request that opened it):
/// a display every few seconds, so a revoked link leaves the wall-board within seconds; a person's session against
/// its absolute lifetime every few seconds too, and against their account once per
/// <see cref="AccountsOptions.SessionRecheckInterval"/>, a minute by default (their security stamp, which changes
/// when they sign out, or an admin changes their roles, locks them out or resets their password). The rules are
/// <see cref="SessionRules"/>'s, as for every request.
/// </summary>
public sealed class RevalidatingAuthentication(
    ILoggerFactory logs, IServiceScopeFactory scopes, TimeProvider time, IOptions<AccountsOptions> accounts, SessionRules sessions)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    private readonly TimeSpan _userInterval = accounts.Value.SessionRecheckInterval;
    private DateTimeOffset _userCheckedAt = time.GetUtcNow();

    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(2);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var user = state.User;
        if (user.FindFirst(DisplayLinks.LinkIdClaim)?.Value is { } linkId)
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DisplayLinks>().ActiveAsync(linkId) is not null;
        }
        if (sessions.Expired(user))
            return false;
        if (time.GetUtcNow() - _userCheckedAt < _userInterval)
            return true;
        _userCheckedAt = time.GetUtcNow();
        return await sessions.StampCurrentAsync(user, cancellationToken);
    }
}
