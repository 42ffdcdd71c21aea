namespace Dashboard.Web.Management;

/// <summary>One queue an agent serves, at a skill level (1–5).</summary>
public sealed record QueueSkill(string QueueId, int SkillLevel);

/// <summary>An agent's queues as a manager last set them: replayed at start, so a move survives a restart.</summary>
public sealed class AgentAssignment
{
    public string AgentId { get; set; } = "";

    /// <summary>The queues with their levels, as JSON (<see cref="QueueSkill"/>[]).</summary>
    public string Queues { get; set; } = "[]";

    public string ChangedBy { get; set; } = "";

    public DateTimeOffset ChangedAt { get; set; }
}
