namespace Dashboard.Web.Ingestion.Asterisk;

/// <summary>Following Asterisk's queue_log file (section "QueueLog"); no path, no follower.</summary>
public sealed class QueueLogOptions
{
    public const string Section = "QueueLog";

    /// <summary>The file Asterisk appends to, e.g. /var/log/asterisk/queue_log.</summary>
    public string? Path { get; set; }

    /// <summary>Where the follower remembers how far it has read (and the members' queues): a restart neither loses
    /// nor repeats lines. Default: beside the dashboard's other data.</summary>
    public string? StateFile { get; set; }

    /// <summary>How often the file is looked at for new lines.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);

    /// <summary>Set at start from <see cref="Hosting.DataDirectory"/> when not configured.</summary>
    public string ResolvedStateFile => StateFile ?? throw new InvalidOperationException("QueueLog:StateFile was not resolved at start.");
}
