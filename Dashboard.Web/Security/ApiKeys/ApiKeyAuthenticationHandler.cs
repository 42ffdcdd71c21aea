using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security.ApiKeys;

/// <summary>
/// Machine clients: the <c>X-Api-Key</c> header, on the API and operational paths only; on the hub also
/// <c>Authorization: Bearer</c>, where SignalR's clients put their access token whenever they can set a header, and
/// only where they cannot — a browser's WebSocket or event stream — the <c>access_token</c> query parameter (kept out
/// of the logs: <see cref="TokenRedactingLoggerFactory"/>). A missing key is no result (so the cookie may answer), a
/// wrong one a failure (401).
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
        : !request.Path.StartsWithSegments("/hubs") ? null
        : BearerToken(request) ?? (CannotSetHeaders(request) && request.Query.TryGetValue(QueryToken, out var token) ? token[0] : null);

    /// <summary>The query parameter SignalR's browser client puts its access token in.</summary>
    public const string QueryToken = "access_token";

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;

    /// <summary>
    /// A WebSocket handshake (HTTP/1.1 upgrade or HTTP/2 extended CONNECT) or an event stream: requests whose headers a
    /// browser's script cannot set. Read from the request itself: WebSocket support is added inside the hub's endpoint,
    /// after authentication.
    /// </summary>
    private static bool CannotSetHeaders(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) && request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase))
        || request.HttpContext.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: var protocol }
            && string.Equals(protocol, "websocket", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }
}
