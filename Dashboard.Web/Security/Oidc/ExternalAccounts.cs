using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Web.Audit;
using Dashboard.Web.Security.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.Oidc;

/// <summary>
/// The local account of a person signed in through the identity provider: found by the provider's subject, made
/// on first sign-in, its roles set from the role claim at every sign-in (the provider decides them; an admin's
/// edit lasts until then). A local account lets locks, the audit log and the session checks work as for
/// everyone else. An account is never linked by user name alone: a local account that happens to carry the
/// provider's user name is not taken over.
/// </summary>
public sealed class ExternalAccounts(UserManager<DashboardUser> users, IOptions<OidcOptions> options, AuditLog audit)
{
    public const string Provider = OidcScheme.Name;

    /// <summary>Who changes an account on the provider's word, in the audit log.</summary>
    private static readonly ClaimsPrincipal IdentityProvider =
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "identity-provider")], Provider));

    public sealed record Outcome(DashboardUser? User, string? Error);

    public async Task<Outcome> AccountForAsync(ClaimsPrincipal external)
    {
        var oidc = options.Value;
        if (external.FindFirst("sub")?.Value is not { Length: > 0 } subject)
            return new Outcome(null, "external");
        var roles = oidc.RolesFor(external.FindAll(oidc.RoleClaim).Select(c => c.Value));
        if (roles.Count == 0)
            return new Outcome(null, "norole");
        var displayName = external.FindFirst("name")?.Value;
        var agentId = oidc.AgentIdClaim is { Length: > 0 } claim ? external.FindFirst(claim)?.Value : null;

        var user = await users.FindByLoginAsync(Provider, subject);
        if (user is null)
        {
            user = new DashboardUser
            {
                UserName = await FreeUserNameAsync(external, subject), DisplayName = displayName,
                AgentId = roles.Contains(Roles.Agent) ? agentId : null,
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddLoginAsync(user, new UserLoginInfo(Provider, subject, oidc.DisplayName)));
            Check(await users.AddToRolesAsync(user, roles));
            await audit.WriteAsync<object>(IdentityProvider, "user.create", user.UserName!, null, new { user.UserName, user.DisplayName, Roles = roles, user.AgentId });
            return new Outcome(user, null);
        }
        if (await users.IsLockedOutAsync(user))
            return new Outcome(null, "locked");

        var current = (await users.GetRolesAsync(user)).ToHashSet();
        if (!current.SetEquals(roles))
        {
            Check(await users.RemoveFromRolesAsync(user, current.Except(roles)));
            Check(await users.AddToRolesAsync(user, roles.Except(current)));
            await audit.WriteAsync<object>(IdentityProvider, "user.roles", user.UserName!,
                new { Roles = Roles.All.Where(current.Contains).ToList() }, new { Roles = roles });
        }
        user.DisplayName = displayName ?? user.DisplayName;
        if (agentId is not null && roles.Contains(Roles.Agent))
            user.AgentId = agentId;
        Check(await users.UpdateAsync(user));
        return new Outcome(user, null);
    }

    /// <summary>The provider's user name made fit for Identity, with a suffix from the subject when a local account already has it.</summary>
    private async Task<string> FreeUserNameAsync(ClaimsPrincipal external, string subject)
    {
        var wanted = external.FindFirst("preferred_username")?.Value ?? external.FindFirst("email")?.Value ?? subject;
        var allowed = users.Options.User.AllowedUserNameCharacters;
        var name = new string([.. wanted.Select(c => allowed.Contains(c) ? c : '-')]);
        name = name.Length > UserAdministration.MaxUserName - 7 ? name[..(UserAdministration.MaxUserName - 7)] : name;
        if (await users.FindByNameAsync(name) is null)
            return name;
        return name + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)))[..6];
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not keep the account of a person signed in through the identity provider: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

public static class OidcScheme
{
    public const string Name = "oidc";
}
