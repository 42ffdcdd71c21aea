namespace Dashboard.Web.Security;

/// <summary>The roles of the customer-service department charters (docs/permissions.md). A user may hold several.</summary>
public static class Roles
{
    /// <summary>客服专员: own state and figures against the team average; linked to one agent id.</summary>
    public const string Agent = "Agent";

    /// <summary>客服主管: runs a team on the floor.</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>客服经理: runs the center.</summary>
    public const string Manager = "Manager";

    /// <summary>质量控制专员 / 数据分析师: history and reports, a read-only floor.</summary>
    public const string Analyst = "Analyst";

    /// <summary>系统管理员: users, roles, API keys, display links.</summary>
    public const string Admin = "Admin";

    /// <summary>大屏: a wall display opened through a display link; no account, read-only, the wall-board only.</summary>
    public const string Display = "Display";

    /// <summary>The roles people hold (Display is a link's, never a user's).</summary>
    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Manager, Analyst, Admin];
}

/// <summary>What an API key (<c>X-Api-Key</c>) may do; a key holds one or more.</summary>
public static class Scopes
{
    public const string ClaimType = "scope";

    /// <summary>Send events: <c>POST /api/events</c>.</summary>
    public const string Ingest = "ingest";

    /// <summary>Read the live API, the hub, reports and operational endpoints.</summary>
    public const string Read = "read";

    /// <summary>Change the center: agents' queues and states, settings.</summary>
    public const string Manage = "manage";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Manage];
}

/// <summary>Claims the dashboard adds to a signed-in user.</summary>
public static class DashboardClaims
{
    /// <summary>The agent id an Agent account is linked to.</summary>
    public const string AgentId = "agent_id";

    /// <summary>The user's team (a supervisor's: the floor opens filtered to it).</summary>
    public const string Team = "team";
}
