using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.Accounts;

/// <summary>Adds the linked agent id, the team and the display name to the sign-in cookie's claims.</summary>
public sealed class DashboardClaimsFactory(
    UserManager<DashboardUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DashboardUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.AgentId))
            identity.AddClaim(new Claim(DashboardClaims.AgentId, user.AgentId));
        if (!string.IsNullOrEmpty(user.Team))
            identity.AddClaim(new Claim(DashboardClaims.Team, user.Team));
        if (!string.IsNullOrEmpty(user.DisplayName))
            identity.AddClaim(new Claim("display_name", user.DisplayName));
        return identity;
    }
}
