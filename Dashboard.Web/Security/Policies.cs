using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Web.Security;

/// <summary>
/// One authorization policy per row of docs/permissions.md. Users qualify by role, machines by API key scope;
/// the rows about one agent or one queue add a check on the agent id or queue id being asked for.
/// </summary>
public static class Policies
{
    /// <summary>A person signed in, whatever their roles: not a display link (which reaches the wall-board alone), not
    /// a machine (keys open no page anyway).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Connecting to the live hub: a person signed in, or an API key with the read scope (its methods' own
    /// policies then decide); not a display link.</summary>
    public const string LiveHub = nameof(LiveHub);

    /// <summary>The whole live floor: wall-board, agent grid, every queue and agent, alerts, the hub's floor.</summary>
    public const string LiveFloor = nameof(LiveFloor);

    /// <summary>The wall-board: the floor's readers and display links.</summary>
    public const string Wallboard = nameof(Wallboard);

    /// <summary>Creating and revoking display links: managers and admins.</summary>
    public const string DisplayLinks = nameof(DisplayLinks);

    /// <summary>One agent's figures: the floor's readers, and an Agent for their own id.</summary>
    public const string AgentFigures = nameof(AgentFigures);

    /// <summary>One queue on the hub: the floor's readers, and an Agent for the queues they serve.</summary>
    public const string QueueFigures = nameof(QueueFigures);

    /// <summary>History and reports.</summary>
    public const string Reports = nameof(Reports);

    /// <summary>Operational endpoints: writer health, metrics, the OpenAPI document.</summary>
    public const string Operations = nameof(Operations);

    /// <summary>Sending events.</summary>
    public const string Ingest = nameof(Ingest);

    /// <summary>An Agent's own page.</summary>
    public const string OwnDesk = nameof(OwnDesk);

    /// <summary>Moving agents between queues, setting skill levels: managers, and API keys with the manage scope.</summary>
    public const string ManageQueues = nameof(ManageQueues);

    /// <summary>Agents' desks (state, log-out): supervisors, managers, keys with the manage scope; an Agent their
    /// own state (the finer check is <c>AgentDesks.May</c>).</summary>
    public const string AgentDesk = nameof(AgentDesk);

    /// <summary>Acknowledging alerts: supervisors and managers (people, so the log names one).</summary>
    public const string AcknowledgeAlerts = nameof(AcknowledgeAlerts);

    /// <summary>Reading queue settings, alert levels and the staffing plan: supervisors, managers, analysts, read keys.</summary>
    public const string ReadSettings = nameof(ReadSettings);

    /// <summary>Editing queue settings, alert levels and the staffing plan: managers, and API keys with the manage scope.</summary>
    public const string EditSettings = nameof(EditSettings);

    /// <summary>Reading the audit log: managers and admins.</summary>
    public const string AuditLog = nameof(AuditLog);

    /// <summary>Users, roles and API keys.</summary>
    public const string Administration = nameof(Administration);

    /// <summary>The complaint desk, read: supervisors, managers, QC (analysts), read and manage keys.</summary>
    public const string Complaints = nameof(Complaints);

    /// <summary>Acting on complaints (assign, escalate, resolve, return call, close, reopen): supervisors, managers,
    /// manage keys.</summary>
    public const string HandleComplaints = nameof(HandleComplaints);

    /// <summary>Adding a note to a complaint: those who handle them, and QC (analysts).</summary>
    public const string NoteComplaints = nameof(NoteComplaints);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAssertion(c => IsPerson(c.User)));
        options.AddPolicy(LiveHub, p => p.RequireAssertion(c => IsPerson(c.User) || c.User.HasClaim(Scopes.ClaimType, Scopes.Read)));
        options.AddPolicy(LiveFloor, p => p.RequireAssertion(c => ReadsFloor(c.User)));
        options.AddPolicy(Wallboard, p => p.RequireAssertion(c => ReadsFloor(c.User) || c.User.IsInRole(Roles.Display)));
        options.AddPolicy(DisplayLinks, p => p.RequireRole(Roles.Manager, Roles.Admin));
        options.AddPolicy(AgentFigures, p => p.AddRequirements(new OwnAgentRequirement()));
        options.AddPolicy(QueueFigures, p => p.AddRequirements(new ServedQueueRequirement()));
        options.AddPolicy(Reports, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Supervisor) || c.User.IsInRole(Roles.Manager) || c.User.IsInRole(Roles.Analyst)
            || c.User.HasClaim(Scopes.ClaimType, Scopes.Read)));
        options.AddPolicy(Operations, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Admin) || c.User.HasClaim(Scopes.ClaimType, Scopes.Read)));
        options.AddPolicy(Ingest, p => p.RequireClaim(Scopes.ClaimType, Scopes.Ingest));
        options.AddPolicy(OwnDesk, p => p.RequireRole(Roles.Agent));
        options.AddPolicy(Administration, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(ManageQueues, p => p.RequireAssertion(c => Management.AgentAssignments.May(c.User)));
        options.AddPolicy(AuditLog, p => p.RequireRole(Roles.Manager, Roles.Admin));
        options.AddPolicy(AcknowledgeAlerts, p => p.RequireRole(Roles.Supervisor, Roles.Manager));
        options.AddPolicy(AgentDesk, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Supervisor) || c.User.IsInRole(Roles.Manager) || c.User.IsInRole(Roles.Agent)
            || c.User.HasClaim(Scopes.ClaimType, Scopes.Manage)));
        options.AddPolicy(ReadSettings, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Supervisor) || c.User.IsInRole(Roles.Manager) || c.User.IsInRole(Roles.Analyst)
            || c.User.HasClaim(Scopes.ClaimType, Scopes.Read) || c.User.HasClaim(Scopes.ClaimType, Scopes.Manage)));
        options.AddPolicy(EditSettings, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Manager) || c.User.HasClaim(Scopes.ClaimType, Scopes.Manage)));
        options.AddPolicy(Complaints, p => p.RequireAssertion(c =>
            c.User.IsInRole(Roles.Supervisor) || c.User.IsInRole(Roles.Manager) || c.User.IsInRole(Roles.Analyst)
            || c.User.HasClaim(Scopes.ClaimType, Scopes.Read) || c.User.HasClaim(Scopes.ClaimType, Scopes.Manage)));
        options.AddPolicy(HandleComplaints, p => p.RequireAssertion(c =>
            Web.Complaints.ComplaintDesk.May(c.User, Web.Complaints.ComplaintAction.Resolve)));
        options.AddPolicy(NoteComplaints, p => p.RequireAssertion(c =>
            Web.Complaints.ComplaintDesk.May(c.User, Web.Complaints.ComplaintAction.Note)));
    }

    /// <summary>Signed in as a person: authenticated, neither a display link nor an API key (which carries scopes).</summary>
    public static bool IsPerson(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !user.IsInRole(Roles.Display) && !user.HasClaim(c => c.Type == Scopes.ClaimType);

    /// <summary>Sees the whole floor: every role but Agent, and API keys with the read scope.</summary>
    public static bool ReadsFloor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Analyst)
        || user.IsInRole(Roles.Admin) || user.HasClaim(Scopes.ClaimType, Scopes.Read);
}
