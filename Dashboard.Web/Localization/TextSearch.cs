using System.Globalization;

namespace Dashboard.Web.Localization;

/// <summary>The one rule of the pages' search boxes: every word typed is found in one of the fields, in any case
/// (the reader's culture decides what "any case" means).</summary>
public static class TextSearch
{
    public static bool EveryWord(string? search, IEnumerable<string?> fields)
    {
        if (string.IsNullOrWhiteSpace(search))
            return true;
        var present = fields.OfType<string>().ToList();
        return search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(word => present.Exists(f => f.Contains(word, StringComparison.CurrentCultureIgnoreCase)));
    }
}
