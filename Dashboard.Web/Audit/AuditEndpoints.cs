using Dashboard.Web.Security;

namespace Dashboard.Web.Audit;

/// <summary><c>GET /api/audit</c>: the audit log, newest first; managers and admins (docs/permissions.md).</summary>
public static class AuditEndpoints
{
    public static void MapAudit(this WebApplication app)
    {
        app.MapGet("/api/audit", (AuditLog audit, int? take, long? before, string? subject) =>
                audit.ReadAsync(take ?? 100, before, subject))
            .WithSummary("Changes to the center, newest first: who, what, before, after, when. Page back with before={id}.")
            .RequireAuthorization(Policies.AuditLog);
    }
}
