namespace Dashboard.Web.TimeSeries;

/// <summary>Section "History": the time-series store and its writer (docs/timeseries.md).</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>How long the embedded store keeps points (InfluxDB keeps them by its own retention policy).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most points the embedded store keeps of each kind; the oldest go first.</summary>
    public int EmbeddedMaxPoints { get; set; } = 2_000_000;

    /// <summary>How often every queue's live figures are sampled into history.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Records the writer's queue holds; beyond this new records are dropped (and counted), never waited for.
    /// About 190 B each when full (measured): 1,000,000 is ~180 MiB, enough to ride out a burst of 50,000 events/s.
    /// </summary>
    public int QueueCapacity { get; set; } = 1_000_000;

    /// <summary>Most lines in one write.</summary>
    public int MaxBatchLines { get; set; } = 5_000;

    /// <summary>Longest a record waits for its batch to fill.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far around a report's range contacts are read: a contact is stored where it left its queue but counts as
    /// offered where it entered and as handled where its wrap-up ended, up to this long before or after.
    /// </summary>
    public TimeSpan QueryMargin { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Where batches wait while InfluxDB is unreachable; default: "history-spool" in the data directory.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Largest the spool may grow; further batches are counted as failed.</summary>
    public long SpoolMaxBytes { get; set; } = 1L << 30;

    public InfluxDbOptions InfluxDb { get; set; } = new();

    /// <summary>Set at start from <see cref="Hosting.DataDirectory"/> when not configured.</summary>
    public string ResolvedSpoolDirectory => SpoolDirectory ?? throw new InvalidOperationException("History:SpoolDirectory was not resolved at start.");

    public IEnumerable<string> Problems()
    {
        if (Retention <= TimeSpan.Zero) yield return "History:Retention must be positive.";
        if (EmbeddedMaxPoints < 1) yield return "History:EmbeddedMaxPoints must be at least 1.";
        if (SnapshotInterval < TimeSpan.FromMilliseconds(100)) yield return "History:SnapshotInterval must be at least 00:00:00.1.";
        if (QueueCapacity < 1) yield return "History:QueueCapacity must be at least 1.";
        if (MaxBatchLines is < 1 or > 5_000) yield return "History:MaxBatchLines must be 1–5000.";
        if (FlushInterval <= TimeSpan.Zero) yield return "History:FlushInterval must be positive.";
        if (QueryMargin < TimeSpan.Zero) yield return "History:QueryMargin must not be negative.";
        if (InfluxDb.IsConfigured)
        {
            if (!Uri.TryCreate(InfluxDb.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                yield return $"History:InfluxDb:Url must be an absolute http(s) URL; got '{InfluxDb.Url}'.";
            if (string.IsNullOrWhiteSpace(InfluxDb.Database)) yield return "History:InfluxDb:Database is required.";
            if (InfluxDb.Token is { Length: > 0 } && InfluxDb.Username is { Length: > 0 })
                yield return "History:InfluxDb: give Token or Username/Password, not both.";
            if (InfluxDb.Timeout <= TimeSpan.Zero) yield return "History:InfluxDb:Timeout must be positive.";
            if (InfluxDb.MaxRetries < 0) yield return "History:InfluxDb:MaxRetries must not be negative.";
        }
    }
}

/// <summary>
/// InfluxDB over its v1-compatible HTTP API: 1.x natively, 2.x through the v1 compatibility endpoints (token, and
/// a DBRP mapping from the database name to a bucket), 3.x Core natively.
/// </summary>
public sealed class InfluxDbOptions
{
    /// <summary>Base URL, e.g. http://localhost:8086 (1.x, 2.x) or http://localhost:8181 (3.x Core). Empty: the embedded store.</summary>
    public string? Url { get; set; }

    /// <summary>Database (1.x, 3.x) or the database name mapped to a bucket (2.x).</summary>
    public string Database { get; set; } = "dashboard";

    /// <summary>Retention policy (1.x, 2.x mapping); empty for the default.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>API token (2.x, 3.x), sent as "Authorization: Token …". Keep it out of the repository: environment or secrets.</summary>
    public string? Token { get; set; }

    /// <summary>User name and password (1.x with auth-enabled), sent as basic authentication.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Per request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a failed write (exponential backoff from <see cref="RetryDelay"/>, with jitter) before it is spooled.</summary>
    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest pause between attempts to replay the spool while InfluxDB stays unreachable.</summary>
    public TimeSpan MaxReplayDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);
}
