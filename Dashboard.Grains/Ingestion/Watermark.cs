namespace Dashboard.Grains.Ingestion;

/// <summary>
/// How far event time has got for one grain: the latest event time it has received, never ahead of the clock,
/// so one source whose clock runs fast cannot make every other source's events look late.
/// </summary>
/// <remarks>
/// Held detail is measured against this rather than the wall clock, so a replay or backfill that sends a day in
/// order at any speed keeps the same bounded detail as a live feed.
/// </remarks>
public struct Watermark
{
    private long _ticks;

    /// <summary>DateTimeOffset.MinValue until something arrived.</summary>
    public readonly DateTimeOffset Value => new(_ticks, TimeSpan.Zero);

    public void Advance(DateTimeOffset at, DateTimeOffset now)
    {
        var ticks = Math.Min(at.UtcTicks, now.UtcTicks);
        if (ticks > _ticks)
        {
            _ticks = ticks;
        }
    }

    /// <summary>The watermark minus <paramref name="window"/>, or MinValue while that would underflow.</summary>
    public readonly DateTimeOffset Behind(TimeSpan window) =>
        _ticks - window.Ticks > 0 ? new DateTimeOffset(_ticks - window.Ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;
}
