using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.Oidc;

/// <summary>
/// Section <c>Authentication:Oidc</c>: sign-in through the company's identity provider (OpenID Connect,
/// authorization code with PKCE). Off unless an authority or a client id is set.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Authentication:Oidc";

    /// <summary>The provider's issuer URL; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Set it in the environment (<c>Authentication__Oidc__ClientSecret</c>); public clients may leave it empty.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The button reads "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The ID token's claim that carries the person's roles (several values, or one per claim).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// The provider's role values to our roles (<c>RoleMap:callcenter-supervisors=Supervisor</c>). Without a
    /// map, values that name one of our roles (any case) are taken as they are.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Optional: a claim holding the agent id an Agent account is linked to (otherwise an admin sets it).</summary>
    public string? AgentIdClaim { get; set; }

    /// <summary>Only for a provider on this machine in development and tests: allow an <c>http://</c> authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Our roles for the provider's role values: mapped, or taken as they are when they name one of ours.</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<string> providerRoles)
    {
        var ours = providerRoles.Select(value => RoleMap.Count > 0
                ? RoleMap.GetValueOrDefault(value)
                : Roles.All.FirstOrDefault(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>()
            .Where(Roles.All.Contains)
            .ToHashSet();
        return [.. Roles.All.Where(ours.Contains)];
    }

    public IEnumerable<string> Problems()
    {
        if (!Enabled)
            yield break;
        if (string.IsNullOrWhiteSpace(Authority))
            yield return $"{Section}:Authority is required when {Section}:ClientId is set (the identity provider's issuer URL).";
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            yield return $"{Section}:Authority '{Authority}' is not an absolute http(s) URL.";
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
            yield return $"{Section}:Authority must use https (set {Section}:RequireHttpsMetadata=false only for a provider on this machine).";
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return $"{Section}:ClientId is required when {Section}:Authority is set (the client id registered with the identity provider).";
        if (string.IsNullOrWhiteSpace(RoleClaim))
            yield return $"{Section}:RoleClaim must name the claim that carries roles (default 'roles').";
        if (string.IsNullOrWhiteSpace(DisplayName))
            yield return $"{Section}:DisplayName must not be empty (the button reads 'Sign in with …').";
        foreach (var (from, to) in RoleMap.Where(m => !Roles.All.Contains(m.Value)))
            yield return $"{Section}:RoleMap:{from}: '{to}' is not one of {string.Join(", ", Roles.All)}.";
    }

    internal sealed class Validator : IValidateOptions<OidcOptions>
    {
        public ValidateOptionsResult Validate(string? name, OidcOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
