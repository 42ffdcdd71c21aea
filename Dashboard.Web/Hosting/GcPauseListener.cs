using System.Diagnostics.Tracing;
using Dashboard.Grains.Telemetry;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Records every GC pause (runtime suspended → resumed) into <see cref="LiveMetrics.GcPause"/>, so operators and
/// the benchmark see the pause distribution, not only the total the runtime's own meter gives.
/// </summary>
/// <remarks>
/// One per process, never disposed: pauses are the process's whatever the number of hosts in it, and creating and
/// disposing event listeners while the runtime enables its event sources can deadlock inside the runtime (a test
/// host hung at start, one thread creating a listener, another in an EventPipe enable callback, each holding the
/// lock the other waited for).
/// </remarks>
internal sealed class GcPauseListener : EventListener
{
    private static readonly Lazy<GcPauseListener> OfThisProcess = new(() => new GcPauseListener());
    private const int GcSuspendEeBegin = 9;
    private const int GcRestartEeEnd = 3;
    private DateTime? _suspendedAt;

    private GcPauseListener()
    {
    }

    /// <summary>Starts this process's listener, once.</summary>
    public static void EnsureStarted() => _ = OfThisProcess.Value;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1); // GC keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventId)
        {
            case GcSuspendEeBegin:
                _suspendedAt = e.TimeStamp;
                break;
            case GcRestartEeEnd when _suspendedAt is { } suspended:
                LiveMetrics.GcPause.Record((e.TimeStamp - suspended).TotalMilliseconds);
                _suspendedAt = null;
                break;
        }
    }
}
