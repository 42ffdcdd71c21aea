namespace Dashboard.Grains.Queues;

/// <summary>
/// A queue's contacts and counters: who waits now, and today's and the last 30 minutes' figures (KPI.md),
/// in minute buckets so cost does not grow with traffic. Facts replace earlier facts with the same key, so a
/// changed picture of a contact retracts its old counts and adds the new ones.
/// </summary>
public sealed class QueueLedger
{
    public QueueLedger(QueueSettings settings, CenterClock clock) => throw new NotImplementedException();

    public QueueSettings Settings { get; set; } = QueueSettings.Default;

    /// <summary>Ignored when its version is older than the one held for that call.</summary>
    public void Apply(QueueVisitUpdate update) => throw new NotImplementedException();

    public void Apply(HandledContact handled) => throw new NotImplementedException();

    public void Apply(ComplaintFact complaint) => throw new NotImplementedException();

    public int Waiting => throw new NotImplementedException();

    public DateTimeOffset? OldestWaitingSince => throw new NotImplementedException();

    public int ComplaintsOpen => throw new NotImplementedException();

    public WindowFigures Today(DateTimeOffset now) => throw new NotImplementedException();

    public WindowFigures Last30Minutes(DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Drops per-contact detail of contacts finished before <paramref name="before"/>; their counts stay.</summary>
    public void Forget(DateTimeOffset before) => throw new NotImplementedException();
}
