namespace Dashboard.Grains.Alerts;

/// <summary>SLA alert thresholds (section "Alerts"). Warning and critical levels per rule; the wall-board
/// colours its tiles by the same levels so a red tile and a red alert always mean the same thing. Bound from
/// configuration at start; a manager's edit replaces the whole object (<see cref="AlertThresholds"/>), so once built
/// an instance is only read.</summary>
[GenerateSerializer, Alias("AlertOptions")]
public sealed class AlertOptions
{
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
