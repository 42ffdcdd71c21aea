namespace Dashboard.Grains.History;

/// <summary>
/// Where grains hand finished records for history. <see cref="Post"/> must return at once and never throw:
/// grains call it inside their turns, so a slow or absent store must never hold the live model up.
/// </summary>
public interface IHistorySink
{
    void Post(HistoryRecord record);
}

/// <summary>No history (the grain tests, and hosts that do not add the time-series feature).</summary>
public sealed class NoHistory : IHistorySink
{
    public void Post(HistoryRecord record)
    {
    }
}
