using Microsoft.AspNetCore.Authentication;

namespace Dashboard.Web.Security.Displays;

/// <summary><c>GET /display/{token}</c>: a TV opens its link and is signed in as that display, then sent to the wall-board. Anonymous.</summary>
public static class DisplayEndpoints
{
    public static WebApplication MapDisplayLinks(this WebApplication app)
    {
        app.MapGet("/display/{token}", OpenAsync).AllowAnonymous().ExcludeFromDescription()
            .RequireRateLimiting(SecurityExtensions.SignInLimit);
        return app;
    }

    private static async Task<IResult> OpenAsync(string token, DisplayLinks links, HttpContext http)
    {
        if (await links.ActiveFromTokenAsync(token) is not { } link)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown display link",
                detail: "This display link does not exist or has been revoked. Ask a manager for a new one.");
        }
        await http.SignInAsync(DisplayScheme.Name, DisplayLinks.PrincipalOf(link),
            new AuthenticationProperties { IsPersistent = true });
        return TypedResults.LocalRedirect("/wallboard");
    }
}
