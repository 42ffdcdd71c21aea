namespace Dashboard.Grains.Center;

/// <summary>Cadences of the live model (section "Live").</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>How often the floor publishes what changed to the web hosts (the promise is ≤ 100 ms).</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The floor publishes at least this often, so a stalled feed is visible on the wall-board.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often alert rules are evaluated.</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a queue refreshes its rolling figures with no event.</summary>
    public TimeSpan QueueRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo refreshes its copy of the queue settings managers changed (agents' wrap-up,
    /// history's "within threshold"); the queue's own figures follow a change at once.</summary>
    public TimeSpan SettingsRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
