using Nito.AsyncEx;

namespace Dashboard.Web.Durability;

/// <summary>
/// Every ingest request holds the gate, shared, from its journal append until the live model has applied it; a
/// snapshot takes it alone. So when a snapshot holds it, everything journaled so far is applied and nothing else
/// is: the grains' states and the journal's end are one consistent cut.
/// </summary>
public sealed class IngestGate
{
    private readonly AsyncReaderWriterLock _lock = new();
    private long _events;

    public AwaitableDisposable<IDisposable> EnterAsync(CancellationToken cancellationToken) => _lock.ReaderLockAsync(cancellationToken);

    /// <summary>Waits for requests under way to finish and holds new ones until disposed.</summary>
    public AwaitableDisposable<IDisposable> PauseAsync(CancellationToken cancellationToken) => _lock.WriterLockAsync(cancellationToken);

    /// <summary>Events journaled since the last snapshot (or the start).</summary>
    public long EventsSinceSnapshot => Interlocked.Read(ref _events);

    public void Journaled(int events) => Interlocked.Add(ref _events, events);

    /// <summary>A snapshot covers the <paramref name="events"/> counted when it was taken.</summary>
    public void Covered(long events) => Interlocked.Add(ref _events, -events);
}
