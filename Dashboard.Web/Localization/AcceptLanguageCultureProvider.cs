using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace Dashboard.Web.Localization;

/// <summary>
/// The browser's languages (Accept-Language, by quality): the first one we have wins. Unlike the built-in provider,
/// "zh", "zh-Hans" or "zh-TW" find the Simplified Chinese UI and "en-GB" the English one, so a browser that sends
/// only a regional or script variant still gets its language rather than the fallback.
/// </summary>
public sealed class AcceptLanguageCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.Headers.AcceptLanguage;
        if (StringWithQualityHeaderValue.TryParseList(header, out var languages))
        {
            foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
            {
                if (language.Quality is not 0 && Languages.Match(language.Value.Value) is { } culture)
                {
                    return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture));
                }
            }
        }
        return NullProviderCultureResult;
    }
}
