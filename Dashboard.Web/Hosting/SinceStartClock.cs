namespace Dashboard.Web.Hosting;

/// <summary>
/// The host's clock with timestamps counted from this process's start rather than the machine's boot; elapsed times,
/// the time of day and timers are the clock's own. Given to Orleans' membership (and with it its watchdog): in
/// Orleans 10.4 the watchdog's platform thread can check the component thread's timestamp before it was ever set, and
/// then reports a start-up stall as long as the machine has been up ("Participant check thread has not completed for
/// 14:55:32"). From zero at the process's start, that unset timestamp means "since start", a stall the process can
/// really have had; a real stall of the running silo is measured exactly as before.
/// </summary>
public sealed class SinceStartClock(TimeProvider inner) : TimeProvider
{
    private readonly long _start = inner.GetTimestamp() - 1;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp() - _start;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
