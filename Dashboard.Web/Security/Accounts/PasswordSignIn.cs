using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// Signing in with a password (docs/permissions.md, Sessions). Wrong passwords count per account and client address
/// (<see cref="SignInThrottle"/>), never against the account. Every attempt that gets as far as the password costs
/// one password hash, whether the name exists, has no password (an identity provider's account) or is locked by an
/// admin, and gets the same answer unless the password is right: neither the answer nor its time tells which names
/// exist.
/// </summary>
public sealed partial class PasswordSignIn(
    SignInManager<DashboardUser> signIn, IPasswordHasher<DashboardUser> hasher, SignInThrottle throttle, ILogger<PasswordSignIn> log)
{
    private static readonly DashboardUser Nobody = new();
    private static string? s_nobodysHash;

    /// <summary>Signs the person in (the cookie is set on the response); otherwise the sign-in page's error code.</summary>
    public async Task<string?> SignInAsync(string userName, string password, IPAddress? address)
    {
        var users = signIn.UserManager;
        var account = users.NormalizeName(userName) ?? userName;
        if (throttle.RefusedFor(account, address) is { } wait)
            return Refused("throttled", userName, address, $"too many wrong passwords from this address, {wait.TotalSeconds:F0} s to wait");

        var user = await users.FindByNameAsync(userName);
        if (user is not { PasswordHash: not null })
        {
            // The same work as a real account's check (same hasher, same iterations), so an unknown name is not answered sooner.
            s_nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            hasher.VerifyHashedPassword(Nobody, s_nobodysHash, password);
        }
        if (user is not { PasswordHash: not null } || !await users.CheckPasswordAsync(user, password))
        {
            var locked = throttle.Failed(account, address);
            return Refused(locked ? "throttled" : "invalid", userName, address, user is null ? "unknown user name" : "wrong password");
        }

        throttle.Succeeded(account, address);
        // Told only to someone who knows the password: to anyone else a locked account answers as any other.
        if (!await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
            return Refused("locked", userName, address, "locked by an admin");
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
