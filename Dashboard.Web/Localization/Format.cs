using System.Globalization;

namespace Dashboard.Web.Localization;

/// <summary>How figures are written on every screen: durations as m:ss or h:mm:ss, ratios as whole percents,
/// and "—" for a figure that does not exist (never 0 % or 100 % for "no calls"). Numerals read the same in English and
/// Chinese (digits, "." decimals, "%"), so they are written invariantly; days are written in the UI's language;
/// clock times in the center's time zone.
/// Lives with the localization it depends on (<see cref="Languages"/>), which writes its alert lines with it; the
/// components use it from here.</summary>
public static partial class Format
{
    public const string None = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Whole seconds, truncated: 59.9 s is 0:59. Negative (clock skew) shows as 0:00.</summary>
    public static string Duration(double seconds)
    {
        var total = seconds <= 0 || double.IsNaN(seconds) ? 0L : (long)Math.Floor(seconds);
        var hours = total / 3600;
        var minutes = total / 60 % 60;
        var secs = total % 60;
        return hours > 0
            ? string.Create(Invariant, $"{hours}:{minutes:00}:{secs:00}")
            : string.Create(Invariant, $"{minutes}:{secs:00}");
    }

    public static string Duration(double? seconds) => seconds is { } value ? Duration(value) : None;

    public static string Since(DateTimeOffset since, DateTimeOffset now) => Duration((now - since).TotalSeconds);

    /// <summary>A span of minutes to days, as people say it: "45 min", "2 h 10 min", "4 h", "3 d 4 h" ("45分钟",
    /// "2小时10分", "4小时", "3天4小时"); under a minute "0 min". For ages and lateness, where seconds would be noise.</summary>
    public static string Span(TimeSpan span)
    {
        var minutes = span <= TimeSpan.Zero ? 0L : (long)span.TotalMinutes;
        long days = minutes / 1440, hours = minutes / 60 % 24, mins = minutes % 60;
        var zh = Languages.IsChinese;
        return days > 0 ? (hours > 0 ? (zh ? $"{days}天{hours}小时" : $"{days} d {hours} h") : zh ? $"{days}天" : $"{days} d")
            : minutes >= 60 ? (mins > 0 ? (zh ? $"{hours}小时{mins}分" : $"{hours} h {mins} min") : zh ? $"{hours}小时" : $"{hours} h")
            : zh ? $"{mins}分钟" : $"{mins} min";
    }

    /// <summary>A span of whole minutes written exactly, for a value someone edits (a due time): "1 d 2 h 30 min",
    /// "4 h" ("1天2小时30分", "4小时"); <see cref="ParseSpan"/> reads it back.</summary>
    public static string SpanExact(TimeSpan span)
    {
        var minutes = span <= TimeSpan.Zero ? 0L : (long)span.TotalMinutes;
        var zh = Languages.IsChinese;
        var parts = new List<string>();
        if (minutes / 1440 is var days and > 0) parts.Add(zh ? $"{days}天" : $"{days} d");
        if (minutes / 60 % 24 is var hours and > 0) parts.Add(zh ? $"{hours}小时" : $"{hours} h");
        var mins = minutes % 60;
        if (mins > 0 || parts.Count == 0) parts.Add(zh ? $"{mins}分" : $"{mins} min");
        return string.Join(zh ? "" : " ", parts);
    }

    /// <summary>A span as people type it, in either language: "30 min", "4 h", "1 d 2 h", "1h30m", "3天", "2小时30分";
    /// a bare number is minutes. Null when it is not one.</summary>
    public static TimeSpan? ParseSpan(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (long.TryParse(trimmed, NumberStyles.None, Invariant, out var bare))
            return bare <= MaxSpanMinutes ? TimeSpan.FromMinutes(bare) : null;
        var matches = SpanParts().Matches(trimmed);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)).Length != trimmed.Length)
            return null;
        long total = 0;
        foreach (System.Text.RegularExpressions.Match match in matches)
        {
            if (!long.TryParse(match.Groups[1].Value, NumberStyles.None, Invariant, out var amount) || amount > MaxSpanMinutes)
                return null;
            total += amount * match.Groups[2].Value.ToLowerInvariant() switch
            {
                "d" or "day" or "days" or "天" => 1440,
                "h" or "hr" or "hrs" or "hour" or "hours" or "小时" or "时" => 60,
                _ => 1,
            };
            if (total > MaxSpanMinutes)
                return null;
        }
        return TimeSpan.FromMinutes(total);
    }

    /// <summary>Ten years: beyond any rule's due time, and far from overflowing.</summary>
    private const long MaxSpanMinutes = 5_256_000;

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*(\d+)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|天|小时|时|分钟|分)\s*", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex SpanParts();

    /// <summary>A 0–1 ratio as a whole percent, rounded: 0.805 → "81%".</summary>
    public static string Percent(double? ratio) =>
        ratio is { } value ? string.Create(Invariant, $"{Math.Round(value * 100, MidpointRounding.AwayFromZero):0}%") : None;

    /// <summary>
    /// A ratio judged against <paramref name="level"/> (a target, an alert level): a whole percent, unless rounding
    /// would put it on the level or past it, when one decimal, cut toward the true value: 0.796 against 0.80 reads
    /// "79.6%", never "80%" on a tile that is amber for missing 80 %.
    /// </summary>
    public static string Percent(double? ratio, double level) => Percent(ratio, [level]);

    /// <summary>As <see cref="Percent(double?, double)"/>, against every level the figure is judged by (a tile's
    /// warning and critical levels): never read on the other side of any of them.</summary>
    public static string Percent(double? ratio, ReadOnlySpan<double> levels)
    {
        if (ratio is not { } value)
            return None;
        foreach (var level in levels)
        {
            if (Against(value, level) is { } precise)
                return precise;
        }
        return Percent(value);
    }

    private static string? Against(double value, double level)
    {
        var whole = Math.Round(value * 100, MidpointRounding.AwayFromZero);
        var levelPercent = Math.Round(level * 100, 6); // 0.14 × 100 is 14.000000000000002 in binary
        var crosses = value < level ? whole >= levelPercent : value > level && whole <= levelPercent;
        if (!crosses)
            return null;
        var scaled = Math.Round(value * 1000, 6); // 0.804 × 1000 is 804.0000000000001 in binary
        var tenths = (value < level ? Math.Floor(scaled) : Math.Ceiling(scaled)) / 10;
        return string.Create(Invariant, $"{tenths:0.0}%");
    }

    public static string Number(double? value, int decimals = 1) =>
        value is { } v ? v.ToString("F" + decimals, Invariant) : None;

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>A day as people read it in the UI's language: "Thu 26 Nov 2026", "2026年11月26日 周四".</summary>
    public static string Day(DateOnly day) =>
        Languages.IsChinese ? day.ToString("yyyy年M月d日 ddd", Chinese) : day.ToString("ddd d MMM yyyy", Invariant);

    /// <summary>An interval by its own clock times ("10:00–10:15"), with its day in front when a report spans several
    /// ("Thu 26 Nov 10:00–10:15", "11月26日 周四 10:00–10:15").
    /// A center day (a row of a report by day) is its day alone.</summary>
    public static string Interval(DateTimeOffset start, DateTimeOffset end, bool withDay) =>
        end - start >= TimeSpan.FromHours(23) ? Day(DateOnly.FromDateTime(start.DateTime))
        : (withDay ? ShortDay(start) + " " : "") + start.ToString("HH:mm", Invariant) + "–" + end.ToString("HH:mm", Invariant);

    /// <summary>A weekday and a time, for chart axes over several days: "Thu 10:00", "周四 10:00".</summary>
    public static string DayAndTime(DateTimeOffset at) =>
        at.ToString("ddd HH:mm", Languages.IsChinese ? Chinese : Invariant);

    /// <summary>A day, short, for chart axes and beside times: "Thu 26 Nov", "11月26日 周四".</summary>
    public static string ShortDay(DateTimeOffset at) =>
        Languages.IsChinese ? at.ToString("M月d日 ddd", Chinese) : at.ToString("ddd d MMM", Invariant);

    /// <summary>Date and time in the center's zone, e.g. "2026-12-05 09:30".</summary>
    public static string Moment(DateTimeOffset at, CenterClock clock) =>
        clock.ToLocal(at).ToString("yyyy-MM-dd HH:mm", Invariant);

    /// <summary>When something is due, in the center's zone: the time alone when it falls today, else
    /// <see cref="Moment"/>.</summary>
    public static string Due(DateTimeOffset at, DateTimeOffset now, CenterClock clock) =>
        clock.ToLocal(at).Date == clock.ToLocal(now).Date ? clock.ToLocal(at).ToString("HH:mm", Invariant) : Moment(at, clock);

    /// <summary>Time of day in the center's zone.</summary>
    public static string ClockTime(DateTimeOffset at, CenterClock clock) =>
        clock.ToLocal(at).ToString("HH:mm:ss", Invariant);
}
