using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace Dashboard.Web.Localization;

public static class LocalizationExtensions
{
    /// <summary>The path of the language switch: <c>GET /culture/set?culture=zh-CN&amp;returnUrl=/floor</c>.</summary>
    public const string SwitchPath = "/culture/set";

    /// <summary>The .resx localizer for <see cref="UiText"/>, the request cultures and MudBlazor's texts.</summary>
    public static WebApplicationBuilder AddDashboardLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddAlertJson();
        // Chinese text goes out as it is, not as &#x…; entities (three times the bytes on every prerendered page).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddTransient<MudLocalizer, DashboardMudLocalizer>();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Languages.English)
                .AddSupportedCultures(Languages.Cultures)
                .AddSupportedUICultures(Languages.Cultures);
            // The person's choice first, then the browser's languages; no query-string culture.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>Sets each request's culture; a Blazor circuit keeps the culture of the request that opened it,
    /// so a change of language reloads the page.</summary>
    /// <remarks>A page whose language came from the browser's Accept-Language also gets it as a session cookie, so
    /// the circuit's WebSocket — whose handshake does not always carry the browser's languages (emulated locales,
    /// some proxies) — opens in the language the page was prerendered in. The person's own choice replaces it.</remarks>
    public static WebApplication UseDashboardLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method)
                && !context.Request.Cookies.ContainsKey(Languages.CookieName)
                && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
                && context.Features.Get<IRequestCultureFeature>() is { Provider: AcceptLanguageCultureProvider } feature)
            {
                context.Response.Cookies.Append(
                    Languages.CookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(feature.RequestCulture.UICulture.Name)),
                    new CookieOptions { IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/" });
            }
            return next(context);
        });
        return app;
    }

    /// <summary>The language switch: keeps the choice in the culture cookie for a year and goes back to the page
    /// (a local path only; anything else goes to the start page). Anonymous, as the sign-in page offers it.</summary>
    public static WebApplication MapLanguageSwitch(this WebApplication app)
    {
        app.MapGet(SwitchPath, (HttpContext context, string? culture, string? returnUrl) =>
        {
            if (Languages.Match(culture) is { } chosen)
            {
                context.Response.Cookies.Append(
                    Languages.CookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions
                    {
                        Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true,
                        SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/",
                    });
            }
            return TypedResults.LocalRedirect(Security.ReturnUrl.Safe(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The switch's URL for a culture, back to <paramref name="returnPath"/> (base-relative or absolute path).</summary>
    public static string SwitchUrl(string culture, string returnPath) =>
        $"{SwitchPath.TrimStart('/')}?culture={Uri.EscapeDataString(culture)}&returnUrl={Uri.EscapeDataString(returnPath)}";

    /// <summary>The culture the page is shown in, as an HTML lang attribute.</summary>
    public static string HtmlLang => CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : Languages.English;
}
