using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Hosting;

/// <summary>The one reading of "RFC 3339 timestamp with an offset" for events and report queries alike.</summary>
public static partial class Rfc3339
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Pattern();

    /// <summary>True for a full date, time and offset (Z or ±hh:mm); DateTimeOffset alone would accept a time with no offset.</summary>
    public static bool TryParse(string? text, out DateTimeOffset at)
    {
        at = default;
        return text is not null && Pattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
    }

    /// <summary>Second precision with the instant's own offset: 2025-03-14T10:00:00+08:00.</summary>
    public static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
