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

    public string ResolvedStateFile => string.IsNullOrWhiteSpace(StateFile)
        ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "dashboard", "queue_log.state.json")
        : StateFile;
}
