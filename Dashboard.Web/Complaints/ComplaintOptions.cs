namespace Dashboard.Web.Complaints;

/// <summary>
/// The complaint desk's defaults (configuration section <see cref="Section"/>): how soon a complaint must first be
/// answered and resolved, by severity, and how that time is counted. A manager's due times and calendar, set on the
/// settings page or <c>PUT /api/complaint-due-times</c> and <c>/api/working-hours</c>, replace these.
/// </summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";

    public DueTimesSection Normal { get; set; } = new() { FirstResponse = TimeSpan.FromHours(24), Resolution = TimeSpan.FromHours(72) };

    public DueTimesSection Serious { get; set; } = new() { FirstResponse = TimeSpan.FromMinutes(30), Resolution = TimeSpan.FromHours(4) };

    /// <summary>On the clock (the default: a complaint waits through the night too) or in working hours.</summary>
    public DueCounting Counting { get; set; } = DueCounting.Clock;

    /// <summary>Whether the desk raises its alerts (a serious complaint opened, first response or resolution overdue).</summary>
    public bool Alerts { get; set; } = true;

    /// <summary>How often the desk's alerts are judged again.</summary>
    public TimeSpan AlertEvery { get; set; } = TimeSpan.FromSeconds(5);

    public ComplaintDueRules ToRules() =>
        new(Normal.ToDueTimes(), Serious.ToDueTimes(), ImmutableDictionary<string, QueueDueTimes>.Empty, Counting);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, due) in new[] { ("Normal", Normal), ("Serious", Serious) })
        {
            if (due.FirstResponse <= TimeSpan.Zero) yield return $"Complaints:{name}:FirstResponse must be positive.";
            if (due.Resolution < due.FirstResponse) yield return $"Complaints:{name}:Resolution must be at least its FirstResponse.";
        }
        if (AlertEvery < TimeSpan.FromMilliseconds(100)) yield return "Complaints:AlertEvery must be at least 00:00:00.1.";
    }
}

/// <summary>One severity's due times in configuration.</summary>
public sealed class DueTimesSection
{
    public TimeSpan FirstResponse { get; set; }

    public TimeSpan Resolution { get; set; }

    public DueTimes ToDueTimes() => new(FirstResponse, Resolution);
}
