namespace Dashboard.Web.Security;

/// <summary>Where the sign-in and the language switch go back to: a path on this site, or else the start page.</summary>
public static class ReturnUrl
{
    /// <summary>
    /// <paramref name="url"/> if it is a path on this site ("/…", not "//…" or "/\…", which browsers take for another
    /// host) made of visible ASCII only; otherwise "/". A tab, a line break or any other control character would make
    /// the redirect throw (a 500 after a good password), and Kestrel refuses to send a non-ASCII Location header; the
    /// return URLs the dashboard makes itself are percent-encoded, so nothing it sends is lost.
    /// </summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\'))
            && url.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0
            ? url
            : "/";
}
