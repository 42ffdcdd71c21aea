namespace Dashboard.Web.Management;

/// <summary>What a supervisor (or the agent, for their own desk) asks of an agent's desk.</summary>
public enum DeskCommandKind { Available, NotReady, LogOut }

public sealed record DeskCommand(string AgentId, DeskCommandKind Kind, string? Reason = null);

/// <summary>How the ACD took a command: done now, done once the current contact is finished, or refused with a reason.</summary>
public sealed record DeskResult(DeskResult.Kinds Kind, string? Problem = null)
{
    public enum Kinds { Done, AfterCurrentContact, Refused }

    public static readonly DeskResult Done = new(Kinds.Done);
    public static readonly DeskResult AfterCurrentContact = new(Kinds.AfterCurrentContact);

    public static DeskResult Refused(string problem) => new(Kinds.Refused, problem);
}

/// <summary>
/// Carries out desk commands where agents' states are decided: the built-in simulator when it runs (it is the ACD,
/// so its routing must know), otherwise the event pipeline directly (an external ACD learns it from the webhook).
/// </summary>
public interface IAcdControl
{
    Task<DeskResult> ExecuteAsync(DeskCommand command, AgentSnapshot agent, CancellationToken cancellationToken);
}
