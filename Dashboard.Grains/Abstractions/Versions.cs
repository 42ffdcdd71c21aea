namespace Dashboard.Grains.Abstractions;

/// <summary>
/// Versions for replace-by-key facts and snapshots: strictly increasing within an activation and, because they
/// start from the wall clock's ticks, also across a grain's reactivations.
/// </summary>
public static class Versions
{
    public static long Next(ref long last)
    {
        last = Math.Max(last + 1, DateTime.UtcNow.Ticks);
        return last;
    }
}
