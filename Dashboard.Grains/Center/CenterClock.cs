using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Center;

/// <summary>
/// The center's notion of time: now (from the injected <see cref="TimeProvider"/>) and where "today" starts in
/// the center's zone. Daylight-saving days are 23 or 25 hours long because the day start is a local time.
/// </summary>
public sealed class CenterClock
{
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly _dayStartsAt;

    public CenterClock(TimeProvider time, IOptions<CenterOptions> options)
        : this(time, TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone), options.Value.DayStartsAt)
    {
    }

    public CenterClock(TimeProvider time, TimeZoneInfo zone, TimeOnly dayStartsAt)
    {
        _time = time;
        _zone = zone;
        _dayStartsAt = dayStartsAt;
    }

    public TimeZoneInfo Zone => _zone;

    /// <summary>The clock itself, for what is measured in elapsed time (<see cref="Ingestion.Watermark"/>).</summary>
    public TimeProvider Time => _time;

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The start of the center day that contains <paramref name="at"/>.</summary>
    public DateTimeOffset DayStart(DateTimeOffset at) => StartOf(DayOf(at));

    /// <summary>The start of the center day after the one that contains <paramref name="at"/>; the end of the calendar
    /// for its last day (no day follows 9999-12-31, and asking must not throw: a counter for such a day still has an end).</summary>
    public DateTimeOffset NextDayStart(DateTimeOffset at) =>
        DayOf(at) is var day && day < DateOnly.MaxValue ? StartOf(day.AddDays(1)) : DateTimeOffset.MaxValue;

    /// <summary>The start of the center day the center calls <paramref name="day"/>.</summary>
    public DateTimeOffset StartOf(DateOnly day) => InstantOf(day.ToDateTime(_dayStartsAt));

    /// <summary>The center's date for the day that contains <paramref name="at"/> (before the day start: the day before).</summary>
    public DateOnly DayOf(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, _zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        return TimeOnly.FromDateTime(local.DateTime) < _dayStartsAt ? date.AddDays(-1) : date;
    }

    /// <summary>Today's start, now.</summary>
    public DateTimeOffset TodayStart => DayStart(Now);

    public DateTimeOffset ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone);

    /// <summary>The instant of a local time of the center. A local time skipped by a spring-forward gap maps to the
    /// first instant after the gap; an ambiguous one (autumn) to its first occurrence.</summary>
    public DateTimeOffset InstantOf(DateTime local)
    {
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        var offset = _zone.IsAmbiguousTime(local)
            ? _zone.GetAmbiguousTimeOffsets(local).Max()
            : _zone.GetUtcOffset(local);
        // At the calendar's two ends local time minus the offset may leave it (0001-01-01 00:00 at +08:00 is before 0001-01-01Z).
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks < DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue
            : utcTicks > DateTimeOffset.MaxValue.UtcTicks ? DateTimeOffset.MaxValue
            : new DateTimeOffset(local, offset);
    }
}
