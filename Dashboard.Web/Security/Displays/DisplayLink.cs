namespace Dashboard.Web.Security.Displays;

/// <summary>A read-only link to the wall-board for a TV with no account; revocable.</summary>
public sealed class DisplayLink
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string Name { get; set; } = "";

    /// <summary>Comma-separated queue ids the TV shows, in order; null: every queue.</summary>
    public string? Queues { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
