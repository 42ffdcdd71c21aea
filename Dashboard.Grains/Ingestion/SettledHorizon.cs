namespace Dashboard.Grains.Ingestion;

/// <summary>
/// A forgetting horizon held back by wall-clock time. A grain that lets go of detail behind its <see cref="Watermark"/>
/// measures in event time, which can run far ahead of the clock (a replay at full speed, a backlog caught up): a
/// fact still in flight from another grain for a few milliseconds may by then lie behind the horizon, and would be
/// counted again as new. This hands out a horizon only once it is <c>settle</c> old on the clock, so every fact
/// sent before it was seen has had that long to arrive.
/// </summary>
public sealed class SettledHorizon(TimeSpan settle, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Queue<(long Timestamp, DateTimeOffset Horizon)> _seen = new();

    /// <summary>Records <paramref name="horizon"/> as seen now; returns the newest one seen at least <c>settle</c> ago, if any.</summary>
    public DateTimeOffset? Next(DateTimeOffset horizon)
    {
        var now = _time.GetTimestamp();
        _seen.Enqueue((now, horizon));
        DateTimeOffset? settled = null;
        while (_seen.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Timestamp, now) >= settle)
        {
            settled = oldest.Horizon;
            _seen.Dequeue();
        }
        return settled;
    }
}
