namespace Dashboard.Grains.Alerts;

/// <summary>
/// A queue's own levels for the queue rules; a rule left null follows the center-wide one. The agent rules
/// (wrap-up, not ready, call duration) and the timing (raise after, clear after) are center-wide only: an agent
/// serves several queues, and one debounce keeps the wall-board's behaviour predictable.
/// </summary>
[GenerateSerializer, Immutable, Alias("QueueAlertRules")]
public sealed record QueueAlertRules(
    [property: Id(0)] RateRule? ServiceLevel,
    [property: Id(1)] LevelRule? LongestWait,
    [property: Id(2)] LevelRule? WaitingWithNoAgent,
    [property: Id(3)] LevelRule? AbandonRate)
{
    public static readonly QueueAlertRules None = new(null, null, null, null);

    public bool IsEmpty => ServiceLevel is null && LongestWait is null && WaitingWithNoAgent is null && AbandonRate is null;
}

/// <summary>The alert levels in force: center-wide, and per queue where a manager set a queue's own.</summary>
[GenerateSerializer, Immutable, Alias("AlertThresholds")]
public sealed record AlertThresholds(
    [property: Id(0)] AlertLevels Center,
    [property: Id(1)] ImmutableDictionary<string, QueueAlertRules> Queues)
{
    public static AlertThresholds CenterOnly(AlertLevels center) =>
        new(center, ImmutableDictionary<string, QueueAlertRules>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The levels that judge one queue: the center's, with the queue's own rules in place of the center's.</summary>
    public AlertLevels For(string queueId) =>
        Queues.TryGetValue(queueId, out var own) && !own.IsEmpty ? Merge(Center, own) : Center;

    public static AlertLevels Merge(AlertLevels center, QueueAlertRules own) => new()
    {
        RaiseAfter = center.RaiseAfter,
        ClearAfter = center.ClearAfter,
        MinimumContactsForRates = center.MinimumContactsForRates,
        ServiceLevel = own.ServiceLevel ?? center.ServiceLevel,
        LongestWait = own.LongestWait ?? center.LongestWait,
        WaitingWithNoAgent = own.WaitingWithNoAgent ?? center.WaitingWithNoAgent,
        AbandonRate = own.AbandonRate ?? center.AbandonRate,
        WrapUp = center.WrapUp,
        NotReady = center.NotReady,
        CallDuration = center.CallDuration,
    };
}
