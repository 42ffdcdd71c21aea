using System.Security.Claims;
using Dashboard.Web.Audit;

namespace Dashboard.Web.Management;

/// <summary>A supervisor or manager acknowledges an active alert: who and when show on the wall-board until it
/// clears, it stops flashing, and the audit log keeps it.</summary>
public sealed class AlertAcknowledgements(IGrainFactory grains, AuditLog audit) : IAlertAcknowledgements
{
    public const string AuditAction = "alert.acknowledge";

    /// <returns>The alert as acknowledged, or null when no alert with this id is active.</returns>
    public async Task<Alert?> AcknowledgeAsync(string alertId, ClaimsPrincipal by)
    {
        var name = by.FindFirst("display_name")?.Value ?? AuditLog.ActorOf(by);
        var alert = await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).AcknowledgeAsync(alertId, name);
        if (alert is not null)
            await audit.WriteAsync(by, AuditAction, alertId, (object?)null, new { alert.Rule, alert.Value, alert.Threshold, alert.Severity, alert.AcknowledgedAt });
        return alert;
    }
}

/// <summary>What the wall-board asks of <see cref="AlertAcknowledgements"/> (an interface so component tests can stand in).</summary>
public interface IAlertAcknowledgements
{
    Task<Alert?> AcknowledgeAsync(string alertId, ClaimsPrincipal by);
}
