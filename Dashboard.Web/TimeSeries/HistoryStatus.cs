using Dashboard.Grains.Telemetry;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// The writer's state for /health/history, kept next to the metrics it also feeds: what waits in the queue and the
/// spool, what was written, spooled, failed or dropped, the last error (while writes fail) and the last write's lag.
/// </summary>
public sealed class HistoryStatus
{
    private readonly Lock _lock = new();
    private long _written;
    private long _spooled;
    private long _failed;
    private long _dropped;
    private long _queued;
    private long _spoolBacklog;
    private int _spoolFiles;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastWriteAt;
    private double? _lastLagMs;

    public string Store { get; set; } = "";

    public int QueueCapacity { get; set; }

    public Func<int> QueueLength { get; set; } = () => 0;

    public void OnQueued() => Interlocked.Increment(ref _queued);

    public void OnDropped()
    {
        Interlocked.Increment(ref _dropped);
        HistoryMetrics.Dropped.Add(1);
    }

    /// <summary>Points acknowledged by the store; the lag runs from the oldest record's hand-over. The store
    /// answers again, so the last error is no longer news: it is cleared (the counters keep the trouble).</summary>
    public void OnWritten(int points, DateTime oldestPostedUtc)
    {
        var lag = Math.Max(0, (DateTime.UtcNow - oldestPostedUtc).TotalMilliseconds);
        HistoryMetrics.Written.Add(points);
        HistoryMetrics.Lag.Record(lag);
        lock (_lock)
        {
            _written += points;
            _lastWriteAt = DateTimeOffset.UtcNow;
            _lastLagMs = lag;
            (_lastError, _lastErrorAt) = (null, null);
        }
    }

    public void OnSpooled(int points, string reason)
    {
        HistoryMetrics.Spooled.Add(points);
        OnTrouble(ref _spooled, points, reason);
    }

    public void OnFailed(int points, string reason)
    {
        HistoryMetrics.Failed.Add(points);
        OnTrouble(ref _failed, points, reason);
    }

    private void OnTrouble(ref long counter, int points, string reason)
    {
        lock (_lock)
        {
            counter += points;
            _lastError = reason;
            _lastErrorAt = DateTimeOffset.UtcNow;
        }
    }

    public void OnSpoolChanged(int files, long lines)
    {
        HistoryMetrics.SetSpoolBacklog(lines);
        lock (_lock)
        {
            _spoolFiles = files;
            _spoolBacklog = lines;
        }
    }

    private long _taken;
    private long _handled;

    /// <summary>The writer took records off the queue (they are on their way to the store).</summary>
    public void OnTaken(int records) => Interlocked.Add(ref _taken, records);

    /// <summary>The store answered for records taken: written, spooled or failed.</summary>
    public void OnHandled(int records) => Interlocked.Add(ref _handled, records);

    /// <summary>
    /// Waits until every record handed over before the call has been answered for by the store: the queue is empty
    /// and nothing taken off it is still on its way. False if that takes longer than <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitUntilDrainedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        // The queue first, then what was taken: a record taken between the two reads shows as still on its way.
        while (QueueLength() > 0 || Interlocked.Read(ref _taken) != Interlocked.Read(ref _handled))
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(50, cancellationToken);
        }
        return true;
    }

    /// <summary>Records handed over so far (in this process).</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>
    /// Waits until the store has answered for the first <paramref name="queued"/> records handed over (it takes them
    /// in order): a snapshot taken when <see cref="Queued"/> was that count may then stand in for the events behind
    /// them. False if that takes longer than <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitUntilHandledAsync(long queued, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _handled) < queued)
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(20, cancellationToken);
        }
        return true;
    }

    public HistoryHealth Snapshot()
    {
        var queueLength = QueueLength();
        lock (_lock)
        {
            var state = _spoolFiles > 0 ? "spooling" : "ok";
            return new HistoryHealth(
                Store, state, queueLength, QueueCapacity, Interlocked.Read(ref _queued), _written, _spooled, _spoolFiles,
                _spoolBacklog, _failed, Interlocked.Read(ref _dropped), _lastWriteAt, _lastLagMs, _lastError, _lastErrorAt);
        }
    }
}

/// <summary>GET /health/history.</summary>
public sealed record HistoryHealth(
    string Store,
    /// <summary>"ok", or "spooling" while points wait on disk for InfluxDB.</summary>
    string State,
    int Queued,
    int QueueCapacity,
    long Received,
    long Written,
    long Spooled,
    int SpoolFiles,
    long SpoolBacklog,
    long Failed,
    long Dropped,
    DateTimeOffset? LastWriteAt,
    double? LastLagMs,
    /// <summary>Why the latest write failed or was spooled; null once a write has succeeded since.</summary>
    string? LastError,
    DateTimeOffset? LastErrorAt);
