namespace Dashboard.Grains.Center;

/// <summary>The center: its clock and its configured queues, agents and reason codes (section "Center").</summary>
public sealed class CenterOptions
{
    public const string Section = "Center";

    /// <summary>IANA time-zone id; the day and the history intervals follow this zone.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Local time of day at which "today" starts and the counters reset.</summary>
    public TimeOnly DayStartsAt { get; set; } = new(0, 0);

    public List<QueueDefinition> Queues { get; set; } = [];

    public List<AgentDefinition> Agents { get; set; } = [];

    /// <summary>Not-ready reason codes offered in the UI (agents may send others).</summary>
    public List<ReasonCode> ReasonCodes { get; set; } = [];
}

public sealed class QueueDefinition
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public Channel Channel { get; set; } = Channel.Voice;
    public double ServiceLevelTarget { get; set; } = QueueSettings.Default.ServiceLevelTarget;
    public int ServiceLevelThresholdSeconds { get; set; } = QueueSettings.Default.ServiceLevelThresholdSeconds;
    public int ShortAbandonSeconds { get; set; } = QueueSettings.Default.ShortAbandonSeconds;
    /// <summary>abandons-against (default), answered-only or abandons-within-threshold-met.</summary>
    public string ServiceLevelFormula { get; set; } = "abandons-against";
    public bool IncludeFlowOuts { get; set; }
    public bool WrapUp { get; set; } = true;

    public QueueSettings ToSettings() => new(
        ServiceLevelTarget, ServiceLevelThresholdSeconds, ShortAbandonSeconds,
        ServiceLevelFormulas.Parse(ServiceLevelFormula), IncludeFlowOuts, WrapUp);
}

public sealed class AgentDefinition
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Team { get; set; }
    public List<string> Queues { get; set; } = [];
}

public sealed class ReasonCode
{
    public string Code { get; set; } = "";
    public string? Label { get; set; }
}

public static class ServiceLevelFormulas
{
    private static readonly ImmutableDictionary<string, ServiceLevelFormula> ByName =
        new Dictionary<string, ServiceLevelFormula>(StringComparer.OrdinalIgnoreCase)
        {
            ["abandons-against"] = ServiceLevelFormula.AbandonsAgainst,
            ["answered-only"] = ServiceLevelFormula.AnsweredOnly,
            ["abandons-within-threshold-met"] = ServiceLevelFormula.AbandonsWithinThresholdMet,
        }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    public static ServiceLevelFormula Parse(string name) =>
        ByName.TryGetValue(name, out var formula)
            ? formula
            : throw new ArgumentException(
                $"ServiceLevelFormula must be one of {string.Join(", ", ByName.Keys)}; got '{name}'.", nameof(name));

    public static string Name(this ServiceLevelFormula formula) => ByName.First(kv => kv.Value == formula).Key;
}
