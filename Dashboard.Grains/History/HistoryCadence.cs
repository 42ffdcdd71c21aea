namespace Dashboard.Grains.History;

public static class HistoryCadence
{
    /// <summary>
    /// How often a grain checks whether its feed has gone quiet so it can write what it holds: a quarter of the
    /// reorder window (its detail settles over one window), at least 100 ms.
    /// </summary>
    public static TimeSpan QuietCheckPeriod(TimeSpan reorderWindow) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 100, reorderWindow.Ticks / 4));
}
