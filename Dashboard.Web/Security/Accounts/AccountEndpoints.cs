using Dashboard.Web.Security.Oidc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Security.Accounts;

/// <summary>
/// Sign-in and sign-out: plain form posts (the page is static, so the cookie is set on an ordinary response),
/// with an antiforgery token, the sign-in rate-limited per client address. Anonymous.
/// </summary>
public static class AccountEndpoints
{
    public static WebApplication MapAccounts(this WebApplication app)
    {
        var account = app.MapGroup("/account").WithTags("Account").ExcludeFromDescription();
        account.MapPost("/login", SignInAsync).AllowAnonymous().RequireRateLimiting(SecurityExtensions.SignInLimit);
        account.MapPost("/logout", SignOutAsync).RequireAuthorization(Policies.SignedIn); // a person: a display link has no session to end
        account.MapPost("/login/external", ChallengeExternal).AllowAnonymous().RequireRateLimiting(SecurityExtensions.SignInLimit);
        account.MapGet("/login/external/done", CompleteExternalAsync).AllowAnonymous();
        return app;
    }

    public sealed record SignInForm(string? UserName, string? Password, string? ReturnUrl);

    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, HttpContext http, PasswordSignIn passwords)
    {
        var returnUrl = ReturnUrl.Safe(form.ReturnUrl);
        if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password))
            return Back("missing", returnUrl);
        var error = await passwords.SignInAsync(form.UserName.Trim(), form.Password, http.Connection.RemoteIpAddress);
        return error is null ? TypedResults.LocalRedirect(returnUrl) : Back(error, returnUrl);
    }

    public sealed record ExternalForm(string? ReturnUrl);

    /// <summary>"Sign in with …": off to the identity provider (a form post with an antiforgery token, like the password form).</summary>
    private static IResult ChallengeExternal([FromForm] ExternalForm form, IOptions<OidcOptions> oidc)
    {
        if (!oidc.Value.Enabled)
            return TypedResults.NotFound();
        var done = "/account/login/external/done?returnUrl=" + Uri.EscapeDataString(ReturnUrl.Safe(form.ReturnUrl));
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = done }, [OidcScheme.Name]);
    }

    /// <summary>Back from the provider: the person's local account (made on first sign-in, roles from the role claim), then the usual cookie.</summary>
    private static async Task<IResult> CompleteExternalAsync(
        string? returnUrl, HttpContext http, ExternalAccounts accounts, SignInManager<DashboardUser> signIn, ILoggerFactory logs)
    {
        var safe = ReturnUrl.Safe(returnUrl);
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        if (external is not { Succeeded: true, Principal: { } principal })
            return Back("external", safe);
        var outcome = await accounts.AccountForAsync(principal);
        if (outcome.User is not { } user)
        {
            logs.CreateLogger(typeof(AccountEndpoints)).LogInformation("Sign-in through the identity provider refused for '{Subject}' ({Reason}).",
                Grains.Telemetry.LogText.Safe(principal.FindFirst("sub")?.Value), outcome.Error);
            return Back(outcome.Error ?? "external", safe);
        }
        await signIn.SignInAsync(user, isPersistent: true, authenticationMethod: OidcScheme.Name);
        return TypedResults.LocalRedirect(safe);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SignInManager<DashboardUser> signIn)
    {
        // Deleting the cookie is not enough: a copy of it would still work. A new stamp refuses every copy at its
        // next request (SessionRules), and the person's other sessions with it: signing out signs out everywhere.
        if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    private static IResult Back(string error, string returnUrl) =>
        TypedResults.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}");
}
