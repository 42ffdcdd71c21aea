namespace Dashboard.Web.Settings;

/// <summary>One setting a manager changed (a queue's service level, alert levels, the staffing plan), as the
/// settings grain wrote it: a key and a JSON document. Read back when the settings grain activates.</summary>
public sealed class KeptSetting
{
    /// <summary><c>queue/{id}</c>, <c>queue-alerts/{id}</c>, <c>alerts</c> or <c>staffing-plan</c>.</summary>
    public string Key { get; set; } = "";

    public string Json { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}
