using Dashboard.Grains.Telemetry;
using Dashboard.Web.Security.ApiKeys;
using Dashboard.Web.Security.Displays;
using Microsoft.AspNetCore.Http.Metadata;

namespace Dashboard.Web.Security;

/// <summary>
/// What a page on another site can make a signed-in person's browser send (docs/permissions.md, "Transport and
/// proxies"). On the API and account paths, a POST, PUT, PATCH or DELETE that carries the dashboard's sign-in cookie
/// must come from the dashboard's own pages: a same-origin <c>Origin</c>, or without one a same-origin <c>Referer</c>
/// (403 otherwise). The cookie's <c>SameSite=Lax</c> keeps other sites out, but not sibling hosts of the same site.
/// An Origin check rather than antiforgery tokens: no page of ours calls the API over HTTP (Blazor components call
/// the services in the circuit), so there is no page to carry a token, and every browser sends Origin on these
/// methods. Machines send <c>X-Api-Key</c> and no cookie: nothing to forge, not checked. And the JSON API takes JSON
/// (or no body): a form or plain-text body, which any page may post without asking, is a 415. A connection to the live
/// hub or Blazor's circuit (<c>/hubs</c>, <c>/_blazor</c>: a WebSocket handshake, a negotiation, an event stream, a
/// poll) with the cookie and another site's <c>Origin</c> is refused the same way (cross-site WebSocket hijacking);
/// one without an Origin is a program's, not a browser's, and is let through.
/// </summary>
internal static partial class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteChecks(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequests));
        return app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (IsRealtime(request.Path))
            {
                // Browsers apply neither CORS nor (between hosts of one site) SameSite to a WebSocket: a page elsewhere
                // could open the hub or a circuit with the person's cookie. Browsers send Origin on every handshake,
                // negotiation and cross-origin stream; without one it is a program, which the cookie does not concern.
                if (SignedInByCookie(request) && request.Headers.Origin.Count > 0 && ForeignBecause(request) is { } foreign)
                {
                    LogRefused(logger, request.Method, LogText.Safe(request.Path.Value), foreign);
                    await RefuseAsync(http, foreign);
                    return;
                }
                await next(http);
                return;
            }
            var api = request.Path.StartsWithSegments("/api");
            if (!IsStateChanging(request.Method) || !(api || request.Path.StartsWithSegments("/account")))
            {
                await next(http);
                return;
            }
            if (SignedInByCookie(request) && ForeignBecause(request) is { } reason)
            {
                LogRefused(logger, request.Method, LogText.Safe(request.Path.Value), reason);
                await RefuseAsync(http, reason);
                return;
            }
            if (api && !TakesContentType(http))
            {
                // Written by the status code pages, in the same words as the 415 routing answers for JSON bodies.
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
            await next(http);
        });
    }

    /// <summary>The live hub and Blazor's circuit: SignalR connections, whatever their transport (WebSocket, event
    /// stream, long polling) and their negotiation.</summary>
    private static bool IsRealtime(PathString path) => path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor");

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>Carries a person's or a display's cookie, and no API key (which, when present, is what authenticates).</summary>
    private static bool SignedInByCookie(HttpRequest request) =>
        ApiKeyAuthenticationHandler.PresentedKey(request) is null
        && (request.Cookies.ContainsKey(SecurityExtensions.PersonCookie) || request.Cookies.ContainsKey(DisplayScheme.CookieName));

    /// <summary>Why the request is not from this site's pages, or null when it is.</summary>
    private static string? ForeignBecause(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host}";
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin)
            return SameOrigin(origin, request) ? null : $"its Origin header, '{LogText.Safe(origin)}', is not this site ({own})";
        if (request.Headers.Referer.ToString() is { Length: > 0 } referer)
            return SameOrigin(referer, request) ? null : $"its Referer header, '{LogText.Safe(referer)}', is not a page of this site ({own})";
        return $"it has neither an Origin nor a Referer header to show that it comes from this site ({own})";
    }

    /// <summary>Scheme, host and port as the request was made to this site (through a known proxy: as the proxy was asked).</summary>
    private static bool SameOrigin(string url, HttpRequest request) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));

    /// <summary>No body type, the endpoint's declared types (routing has matched them), or else JSON.</summary>
    private static bool TakesContentType(HttpContext http) =>
        string.IsNullOrEmpty(http.Request.ContentType)
        || http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 }
        || http.Request.HasJsonContentType();

    private static async Task RefuseAsync(HttpContext http, string reason)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Cross-site request refused",
                Detail = (IsRealtime(http.Request.Path) ? "A connection" : $"A {http.Request.Method}")
                    + $" signed in with the dashboard's cookie must come from the dashboard's own pages, "
                    + $"and {reason}. Programs send X-Api-Key instead of the cookie.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cross-site {Method} {Path} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason);
}
