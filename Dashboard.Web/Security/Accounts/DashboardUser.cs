using Microsoft.AspNetCore.Identity;

namespace Dashboard.Web.Security.Accounts;

/// <summary>A person who signs in. Agent accounts are linked to the agent id the telephony events use.</summary>
public sealed class DashboardUser : IdentityUser
{
    public string? DisplayName { get; set; }

    public string? AgentId { get; set; }

    /// <summary>A supervisor's team: the floor opens filtered to it.</summary>
    public string? Team { get; set; }

    /// <summary>Demo accounts exist only while the simulator demo is on, and are removed when it is off.</summary>
    public bool IsDemo { get; set; }
}
