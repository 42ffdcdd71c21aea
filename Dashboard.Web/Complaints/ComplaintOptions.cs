namespace Dashboard.Web.Complaints;

/// <summary>
/// The complaint desk's rules (configuration section <see cref="Section"/>): how soon a complaint must first be
/// answered and resolved, by severity. Counted on the clock from the opening.
/// </summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";

    public DueTimes Normal { get; set; } = new() { FirstResponse = TimeSpan.FromHours(24), Resolution = TimeSpan.FromHours(72) };

    public DueTimes Serious { get; set; } = new() { FirstResponse = TimeSpan.FromMinutes(30), Resolution = TimeSpan.FromHours(4) };

    public DueTimes For(ComplaintSeverity severity) => severity == ComplaintSeverity.Serious ? Serious : Normal;

    public IEnumerable<string> Problems()
    {
        foreach (var (name, due) in new[] { ("Normal", Normal), ("Serious", Serious) })
        {
            if (due.FirstResponse <= TimeSpan.Zero) yield return $"Complaints:{name}:FirstResponse must be positive.";
            if (due.Resolution < due.FirstResponse) yield return $"Complaints:{name}:Resolution must be at least its FirstResponse.";
        }
    }
}

/// <summary>How long from the opening a complaint may wait for its first response, and for its resolution.</summary>
public sealed class DueTimes
{
    public TimeSpan FirstResponse { get; set; }

    public TimeSpan Resolution { get; set; }
}
