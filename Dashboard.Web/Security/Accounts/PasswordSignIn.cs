using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// Signing in with a password (docs/permissions.md, Sessions). Wrong passwords count per account and client address
/// (<see cref="SignInThrottle"/>), never against the account, and unknown names count alike.
/// </summary>
public sealed partial class PasswordSignIn(
    SignInManager<DashboardUser> signIn, SignInThrottle throttle, ILogger<PasswordSignIn> log)
{
    /// <summary>Signs the person in (the cookie is set on the response); otherwise the sign-in page's error code.</summary>
    public async Task<string?> SignInAsync(string userName, string password, IPAddress? address)
    {
        var users = signIn.UserManager;
        var account = users.NormalizeName(userName) ?? userName;
        if (throttle.RefusedFor(account, address) is { } wait)
            return Refused("throttled", userName, address, $"too many wrong passwords from this address, {wait.TotalSeconds:F0} s to wait");

        var user = await users.FindByNameAsync(userName);
        if (user is not null && (!await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user)))
            return Refused("locked", userName, address, "locked by an admin");
        if (user is null || !await users.CheckPasswordAsync(user, password))
        {
            var locked = throttle.Failed(account, address);
            return Refused(locked ? "throttled" : "invalid", userName, address, user is null ? "unknown user name" : "wrong password");
        }

        throttle.Succeeded(account, address);
        await signIn.SignInWithClaimsAsync(user, isPersistent: true, [new Claim("amr", "pwd")]);
        return null;
    }

    private string Refused(string error, string userName, IPAddress? address, string reason)
    {
        LogRefused(Grains.Telemetry.LogText.Safe(userName), SignInThrottle.Key(address), reason);
        return error;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in refused for '{UserName}' from {Address}: {Reason}")]
    private partial void LogRefused(string userName, string address, string reason);
}
