using System.Diagnostics;

namespace Dashboard.Web.Durability;

/// <summary>
/// Where the host is in replaying its journal at start. Until it is complete, sources wait (nothing new is applied
/// before what was acknowledged earlier), the host is not ready (<c>/readyz</c>) and screens say "catching up"
/// with the time left, instead of showing a floor that is still filling as if it were the whole day. In a cluster
/// it begins again while the live model is rebuilt after a host was lost (<see cref="ClusterRecovery"/>).
/// </summary>
public sealed class CatchUp
{
    private TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock = new();
    private long _totalBytes;
    private long _replayedBytes;
    private long _events;

    /// <summary>Completes once every journal to replay has been applied.</summary>
    public Task Completed => Volatile.Read(ref _completed).Task;

    public bool IsComplete => Completed.IsCompleted;

    /// <summary>Raised when catching up begins or ends, for screens that show it.</summary>
    public event Action? Changed;

    /// <summary>Events applied again from the journal so far.</summary>
    public long EventsReplayed => Interlocked.Read(ref _events);

    /// <summary>How long the replay took (or has taken so far).</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Share of the journal replayed, 0–1.</summary>
    public double Progress =>
        IsComplete ? 1 : Interlocked.Read(ref _totalBytes) is > 0 and var total ? Math.Min(1, (double)Interlocked.Read(ref _replayedBytes) / total) : 0;

    /// <summary>Time left at the pace so far; null until there is a pace to go by.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (IsComplete)
                return TimeSpan.Zero;
            var done = Progress;
            return done < 0.01 ? null : _clock.Elapsed * ((1 - done) / done);
        }
    }

    /// <summary>A host that keeps no journal has nothing to catch up on.</summary>
    public static CatchUp NothingToReplay()
    {
        var catchUp = new CatchUp();
        catchUp.Finish();
        return catchUp;
    }

    /// <summary>Starts (or, once complete, starts again) a catch-up over <paramref name="total"/> units of journal.</summary>
    internal void Begin(long total)
    {
        if (IsComplete)
            Volatile.Write(ref _completed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Exchange(ref _totalBytes, total);
        Interlocked.Exchange(ref _replayedBytes, 0);
        Interlocked.Exchange(ref _events, 0);
        _clock.Restart();
        Changed?.Invoke();
    }

    internal void Advance(long bytes, int events)
    {
        Interlocked.Add(ref _replayedBytes, bytes);
        Interlocked.Add(ref _events, events);
    }

    internal void Finish()
    {
        _clock.Stop();
        Volatile.Read(ref _completed).TrySetResult();
        Changed?.Invoke();
    }
}
