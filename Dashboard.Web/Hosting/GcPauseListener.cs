using System.Diagnostics.Tracing;
using Dashboard.Grains.Telemetry;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Records every GC pause (runtime suspended → resumed) into <see cref="LiveMetrics.GcPause"/>, so operators and
/// the benchmark see the pause distribution, not only the total the runtime's own meter gives.
/// </summary>
internal sealed class GcPauseListener : EventListener
{
    private const int GcSuspendEeBegin = 9;
    private const int GcRestartEeEnd = 3;
    private DateTime? _suspendedAt;

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
