using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Settings;

/// <summary>The unit a manager reads and types an alert level in.</summary>
public enum LevelUnit
{
    Seconds,
    Minutes,
    Contacts,
    /// <summary>A rate, kept as a 0–1 fraction (0.08), shown as a percent (8).</summary>
    Percent,
    /// <summary>A distance between rates, kept as a fraction (0.10), shown in percentage points (10).</summary>
    Points,
}

/// <summary>
/// The one place alert levels are converted between how they are kept (fractions for rates, seconds for durations:
/// <see cref="Dashboard.Grains.Alerts.AlertLevels"/>, the API) and how a manager reads and types them (percent,
/// percentage points, seconds or minutes). The settings page and the queue's alert dialog both go through it.
/// </summary>
public static class LevelUnits
{
    /// <summary>The unit of a rule, by its name in the API ("abandonRate").</summary>
    public static LevelUnit Of(string rule) => rule switch
    {
        "longestWait" or "wrapUp" => LevelUnit.Seconds,
        "notReady" or "callDuration" => LevelUnit.Minutes,
        "waitingWithNoAgent" => LevelUnit.Contacts,
        "abandonRate" => LevelUnit.Percent,
        "serviceLevel" => LevelUnit.Points,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "no alert rule of that name"),
    };

    /// <summary>
    /// A stored figure of the settings by its path in their JSON (the audit log's "abandonRate.warning",
    /// "serviceLevel.criticalMargin", "serviceLevelTarget"), written in the unit the settings page shows it in;
    /// null for any other path.
    /// </summary>
    public static string? WriteStored(IStringLocalizer text, string path, double kept)
    {
        if (path == "serviceLevelTarget")
            return Write(text, kept, LevelUnit.Percent);
        var parts = path.Split('.');
        if (parts.Length != 2 || parts[1] is not ("warning" or "critical" or "hysteresis" or "criticalMargin"))
            return null;
        var unit = parts[0] switch
        {
            "longestWait" or "wrapUp" or "notReady" or "callDuration" or "waitingWithNoAgent" or "abandonRate" or "serviceLevel" => Of(parts[0]),
            _ => (LevelUnit?)null,
        };
        return unit is { } known ? Write(text, kept, known) : null;
    }

    /// <summary>A kept level as the manager reads it: 0.08 → 8 (%), 900 s → 15 (minutes).</summary>
    public static double Shown(double kept, LevelUnit unit) => unit switch
    {
        // Rounded: 0.07 × 100 is 7.000000000000001 in binary, which a form would show.
        LevelUnit.Percent or LevelUnit.Points => Math.Round(kept * 100, 4),
        LevelUnit.Minutes => Math.Round(kept / 60, 4),
        _ => kept,
    };

    /// <summary>A level as typed, as it is kept: 8 (%) → 0.08, 15 (minutes) → 900 s.</summary>
    public static double Kept(double shown, LevelUnit unit) => unit switch
    {
        LevelUnit.Percent or LevelUnit.Points => Math.Round(shown / 100, 6),
        LevelUnit.Minutes => Math.Round(shown * 60, 3),
        _ => shown,
    };

    /// <summary>The unit's name in the reader's language ("minutes", "个百分点").</summary>
    public static string Name(IStringLocalizer text, LevelUnit unit) => text["Settings.Unit." + unit];

    /// <summary>A kept level written for reading, with its unit: "8%", "15 minutes", "10 percentage points".</summary>
    public static string Write(IStringLocalizer text, double kept, LevelUnit unit)
    {
        var number = Shown(kept, unit).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        return unit == LevelUnit.Percent ? number + "%" : text["Settings.Level", number, Name(text, unit)];
    }
}
