namespace Dashboard.Grains.Alerts;

/// <summary>SLA alert levels: warning and critical per rule, with the debounce and the minimum contacts for rates;
/// the wall-board colours its tiles by the same levels so a red tile and a red alert always mean the same thing.
/// One type for the center's levels and a queue's (<see cref="AlertThresholds.For"/>: the center's with the queue's
/// own rules merged in). The center's are bound from configuration section <see cref="Section"/> at start
/// (<c>IOptions&lt;AlertLevels&gt;</c>, named <c>configuredLevels</c> where injected) and replaced whole by a
/// manager's edit (<see cref="AlertThresholds"/>), so once built an instance is only read.</summary>
/// <remarks>Called <c>AlertOptions</c> until December 2026, which read like the configuration section alone; the
/// Orleans alias keeps that name so copies serialized by a silo of the previous build still read.</remarks>
[GenerateSerializer, Alias("AlertOptions")]
public sealed class AlertLevels
{
    /// <summary>The configuration section the center's levels are bound from.</summary>
    public const string Section = "Alerts";

    /// <summary>A condition must hold this long before its alert is raised (debounce).</summary>
    [Id(0)]
    public TimeSpan RaiseAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A raised alert clears only after its value has been back past the clear level this long.</summary>
    [Id(1)]
    public TimeSpan ClearAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rates (service level, abandon rate) are judged only over at least this many contacts.</summary>
    [Id(2)]
    public int MinimumContactsForRates { get; set; } = 5;

    /// <summary>Last-30-minute service level below the queue's target → warning; this far below → critical.
    /// Clears when back at target + Hysteresis.</summary>
    [Id(3)]
    public RateRule ServiceLevel { get; set; } = new() { CriticalMargin = 0.10, Hysteresis = 0.02 };

    /// <summary>Longest wait in seconds.</summary>
    [Id(4)]
    public LevelRule LongestWait { get; set; } = new() { Warning = 60, Critical = 120, Hysteresis = 10 };

    /// <summary>Contacts waiting while no agent of the queue is available: warning from 1 waiting, critical from this many.</summary>
    [Id(5)]
    public LevelRule WaitingWithNoAgent { get; set; } = new() { Warning = 1, Critical = 5, Hysteresis = 0 };

    /// <summary>Last-30-minute abandon rate (0–1).</summary>
    [Id(6)]
    public LevelRule AbandonRate { get; set; } = new() { Warning = 0.08, Critical = 0.15, Hysteresis = 0.02 };

    /// <summary>Seconds in wrap-up.</summary>
    [Id(7)]
    public LevelRule WrapUp { get; set; } = new() { Warning = 120, Critical = 300, Hysteresis = 0 };

    /// <summary>Seconds not ready (any reason).</summary>
    [Id(8)]
    public LevelRule NotReady { get; set; } = new() { Warning = 900, Critical = 1800, Hysteresis = 0 };

    /// <summary>Seconds on one call.</summary>
    [Id(9)]
    public LevelRule CallDuration { get; set; } = new() { Warning = 600, Critical = 1200, Hysteresis = 0 };
}

/// <summary>A rule on a value that is bad when high: at or over Warning → warning, at or over Critical → critical;
/// clears below Warning − Hysteresis.</summary>
[GenerateSerializer, Alias("LevelRule")]
public sealed class LevelRule
{
    [Id(0)]
    public bool Enabled { get; set; } = true;
    [Id(1)]
    public double Warning { get; set; }
    [Id(2)]
    public double Critical { get; set; }
    [Id(3)]
    public double Hysteresis { get; set; }
}

/// <summary>A rule on a ratio that is bad when low against a per-queue target.</summary>
[GenerateSerializer, Alias("RateRule")]
public sealed class RateRule
{
    [Id(0)]
    public bool Enabled { get; set; } = true;
    [Id(1)]
    public double CriticalMargin { get; set; }
    [Id(2)]
    public double Hysteresis { get; set; }
}
