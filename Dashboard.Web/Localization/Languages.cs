using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Dashboard.Web.Localization;

/// <summary>The languages of the UI, and how a request picks one: the person's choice (the standard culture cookie),
/// else the browser's Accept-Language, else English.</summary>
public static class Languages
{
    public const string English = "en";

    public const string Chinese = "zh-CN";

    /// <summary>Supported cultures, the default first; each with the name it is offered under in the switch
    /// (in its own language, as language menus do).</summary>
    public static readonly IReadOnlyList<(string Culture, string Name)> All = [(English, "English"), (Chinese, "中文")];

    public static readonly string[] Cultures = [.. All.Select(l => l.Culture)];

    /// <summary>The cookie that keeps the choice (ASP.NET Core's standard culture cookie).</summary>
    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>The supported culture for a language tag: any Chinese (zh, zh-Hans, zh-TW…) reads the Simplified
    /// Chinese UI, any English the English one; null for the rest.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }
        var language = tag.Trim().Split('-', '_')[0];
        return language.ToLowerInvariant() switch
        {
            "zh" => Chinese,
            "en" => English,
            _ => null,
        };
    }

    /// <summary>True when the current UI culture is Chinese (dates are then written the Chinese way).</summary>
    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
}
