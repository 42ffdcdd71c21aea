using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.ApiKeys;

/// <summary>
/// Machine clients: the <c>X-Api-Key</c> header, or on the hub the <c>access_token</c> query parameter (browsers
/// cannot set headers on WebSockets; SignalR's JavaScript client sends its access token there), on the API and
/// operational paths only. A missing key is no result (so the cookie may answer), a wrong one a failure (401).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { Length: > 0 } presented)
            return AuthenticateResult.NoResult();
        if (await keys.FindAsync(presented) is not { } key)
            return AuthenticateResult.Fail($"The {Header} header holds no valid key.");
        var claims = new List<Claim> { new(ClaimTypes.Name, "api-key:" + key.Name) };
        claims.AddRange(key.Scopes.Select(scope => new Claim(Scopes.ClaimType, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>
    /// The key the request carries, if any — counted only on the paths that serve machines
    /// (<see cref="SecurityExtensions.ServesMachines"/>). Pages and their circuits want a person or a display link:
    /// a key sent to one is no credential at all, so the page answers as it does anyone signed out (to sign-in).
    /// </summary>
    public static string? PresentedKey(HttpRequest request) =>
        !SecurityExtensions.ServesMachines(request.Path) ? null
        : request.Headers.TryGetValue(Header, out var header) && header.Count > 0 ? header[0]
        : request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token) ? token[0]
        : null;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }
}
