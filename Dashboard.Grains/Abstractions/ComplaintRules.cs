namespace Dashboard.Grains.Abstractions;

/// <summary>How long from its opening a complaint may wait for its first response, and for its resolution.</summary>
[GenerateSerializer, Immutable, Alias("DueTimes")]
public sealed record DueTimes(
    [property: Id(0)] TimeSpan FirstResponse,
    [property: Id(1)] TimeSpan Resolution);

/// <summary>A queue's own due times; a severity left null follows the center's.</summary>
[GenerateSerializer, Immutable, Alias("QueueDueTimes")]
public sealed record QueueDueTimes(
    [property: Id(0)] DueTimes? Normal,
    [property: Id(1)] DueTimes? Serious)
{
    public bool IsEmpty => Normal is null && Serious is null;
}

/// <summary>How due times are counted: round the clock, or only in the center's working hours.</summary>
public enum DueCounting { Clock, WorkingHours }

/// <summary>
/// The complaint desk's due times (issue 18 §1): the center's by severity, each queue's overrides, and how they
/// are counted. A manager's version is kept by the settings grain; until there is one, configuration's.
/// </summary>
[GenerateSerializer, Immutable, Alias("ComplaintDueRules")]
public sealed record ComplaintDueRules(
    [property: Id(0)] DueTimes Normal,
    [property: Id(1)] DueTimes Serious,
    [property: Id(2)] ImmutableDictionary<string, QueueDueTimes> Queues,
    [property: Id(3)] DueCounting Counting)
{
    /// <summary>The due times of a complaint of this severity in this queue: the queue's own, else the center's.</summary>
    public DueTimes For(string? queueId, ComplaintSeverity severity)
    {
        var own = queueId is not null && Queues is not null ? Queues.GetValueOrDefault(queueId) : null;
        return severity == ComplaintSeverity.Serious
            ? own?.Serious ?? Serious
            : own?.Normal ?? Normal;
    }
}

/// <summary>One weekday's working hours, local to the center. <see cref="Close"/> of 00:00 means midnight at the
/// day's end; otherwise <see cref="Open"/> is before <see cref="Close"/> (no day runs past midnight).</summary>
[GenerateSerializer, Immutable, Alias("WorkingDay")]
public sealed record WorkingDay(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] TimeOnly Open,
    [property: Id(2)] TimeOnly Close)
{
    /// <summary>The open span on <paramref name="date"/> as local date-times: [start, end).</summary>
    public (DateTime Start, DateTime End) On(DateOnly date) =>
        (date.ToDateTime(Open), Close == TimeOnly.MinValue ? date.AddDays(1).ToDateTime(TimeOnly.MinValue) : date.ToDateTime(Close));
}

/// <summary>
/// The center's working calendar: the hours it works on each weekday (a day not listed is closed) and dates it is
/// closed (holidays). One calendar for the center, in <c>Center:TimeZone</c>; complaint due times may count in it.
/// </summary>
[GenerateSerializer, Immutable, Alias("WorkingCalendar")]
public sealed record WorkingCalendar(
    [property: Id(0)] ImmutableArray<WorkingDay> Week,
    [property: Id(1)] ImmutableArray<DateOnly> Closed)
{
    /// <summary>Monday to Friday, 09:00–18:00: an office week, until a manager sets the center's own.</summary>
    public static readonly WorkingCalendar OfficeWeek = new(
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WorkingDay(d, new TimeOnly(9, 0), new TimeOnly(18, 0)))],
        []);

    /// <summary>More than ten years of closed calendar days in a row means the calendar has no working time.</summary>
    private const int MaxDaysSearched = 3_700;

    public bool HasWorkingTime => !Week.IsDefaultOrEmpty;

    /// <summary>
    /// The instant at which <paramref name="work"/> of working time has passed since <paramref name="start"/>:
    /// time outside the week's hours and on closed dates does not count. A start outside working hours starts
    /// counting at the next opening. With no working time at all, counts on the clock.
    /// </summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan work, CenterClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (!HasWorkingTime || work < TimeSpan.Zero)
            return Clamp(start, work);
        var cursor = clock.ToLocal(start).DateTime;
        var left = work;
        var date = DateOnly.FromDateTime(cursor);
        for (var searched = 0; searched < MaxDaysSearched && date < DateOnly.MaxValue; searched++, date = date.AddDays(1))
        {
            if (OpenOn(date) is not { } day)
                continue;
            var (open, close) = day.On(date);
            var from = cursor > open ? cursor : open;
            if (from >= close)
                continue;
            if (close - from >= left)
                return clock.InstantOf(from + left);
            left -= close - from;
        }
        return DateTimeOffset.MaxValue;
    }

    private WorkingDay? OpenOn(DateOnly date) =>
        (Closed.IsDefault || !Closed.Contains(date)) ? Week.FirstOrDefault(d => d.Day == date.DayOfWeek) : null;

    private static DateTimeOffset Clamp(DateTimeOffset start, TimeSpan span) =>
        span > TimeSpan.Zero && DateTimeOffset.MaxValue - start < span ? DateTimeOffset.MaxValue : start + span;
}

/// <summary>What managers set for complaints and the calendar; null where they have set nothing (configuration's is used).</summary>
[GenerateSerializer, Immutable, Alias("ComplaintSettings")]
public sealed record ComplaintSettings(
    [property: Id(0)] ComplaintDueRules? Due,
    [property: Id(1)] WorkingCalendar? Calendar);
