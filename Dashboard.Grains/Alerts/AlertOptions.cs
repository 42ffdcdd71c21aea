namespace Dashboard.Grains.Alerts;

/// <summary>SLA alert thresholds (section "Alerts").</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";
}
