using Dashboard.Web.Audit;
using Dashboard.Web.Webhooks;

namespace Dashboard.Web.Management;

public static class ManagementExtensions
{
    /// <summary>Managers' and supervisors' changes to the center, the audit log, and the webhooks that announce them.</summary>
    public static void AddManagement(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(WebhookSender));
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AgentAssignments>();
        services.AddSingleton<AgentDesks>();
        services.AddSingleton<IAgentDeskReader, AgentDeskReader>();
        services.AddSingleton<AlertAcknowledgements>();
        services.AddSingleton<IAlertAcknowledgements>(sp => sp.GetRequiredService<AlertAcknowledgements>());
        services.AddSingleton<IAgentDesks>(sp => sp.GetRequiredService<AgentDesks>());
        services.AddSingleton<ICallbackDesk, CallbackDesk>();
        services.AddHostedService<AssignmentRestorer>();
    }
}
