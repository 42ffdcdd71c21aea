namespace Dashboard.Web.Audit;

/// <summary>One change to the center: who made it, what it was, the state before and after (JSON), when.</summary>
public sealed class AuditEntry
{
    /// <summary>Increases with every entry: the log's order.</summary>
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user name, or <c>api-key:{name}</c> for a machine.</summary>
    public string Actor { get; set; } = "";

    /// <summary>What was done, e.g. <c>agent.queues</c>, <c>display-link.create</c> (docs/permissions.md).</summary>
    public string Action { get; set; } = "";

    /// <summary>What it was done to: an agent id, a queue id, a display link's name.</summary>
    public string Subject { get; set; } = "";

    public string? Before { get; set; }

    public string? After { get; set; }
}
