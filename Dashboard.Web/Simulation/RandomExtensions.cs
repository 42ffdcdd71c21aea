namespace Dashboard.Web.Simulation;

/// <summary>The distributions the ACD model draws from.</summary>
internal static class RandomExtensions
{
    /// <summary>Exponential with the given mean (inter-arrival times, patience).</summary>
    public static double Exponential(this Random random, double mean) => -Math.Log(1 - random.NextDouble()) * mean;

    /// <summary>Standard normal (Box–Muller).</summary>
    public static double Normal(this Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given median and sigma of the underlying normal (talk, wrap-up, hold times).</summary>
    public static double LogNormal(this Random random, double median, double sigma) =>
        sigma <= 0 ? median : median * Math.Exp(sigma * random.Normal());

    public static double Uniform(this Random random, double min, double max) => min + (max - min) * random.NextDouble();

    public static bool Chance(this Random random, double probability) => probability > 0 && random.NextDouble() < probability;

    /// <summary>One item, chosen with probability proportional to its weight (at least one must be positive).</summary>
    public static T Weighted<T>(this Random random, IReadOnlyList<(T Item, double Weight)> choices)
    {
        var total = choices.Sum(c => Math.Max(0, c.Weight));
        var x = random.NextDouble() * total;
        foreach (var (item, weight) in choices)
        {
            x -= Math.Max(0, weight);
            if (x < 0) return item;
        }
        return choices.Last(c => c.Weight > 0).Item;
    }
}
