using Dashboard.Grains.Durability;
using Dashboard.Grains.History;

namespace Dashboard.Grains.Complaints;

/// <summary>
/// One complaint (投诉): opened from a contact, then assigned, noted, escalated, resolved, called back, closed, reopened
/// (<see cref="ComplaintLifecycle"/>). Its events are folded in event time, so steps arriving out of order settle on
/// the in-order case.
/// </summary>
[CollectionAgeLimit(Days = 7)]
public sealed class ComplaintGrain(IHistorySink history) : LiveGrain, IComplaintGrain
{
    private readonly List<CenterEvent> _events = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private ComplaintFact? _published;
    private int _publishedSteps;
    /// <summary>Events before this index have gone to history (nothing goes before the complaint is opened).</summary>
    private int _historyWritten;
    private long _version;

    public override Task<Immutable<byte[]>> CaptureAsync() =>
        Task.FromResult(this.Write(new ComplaintState([.. _events], _published, _historyWritten, _version) { PublishedSteps = _publishedSteps }));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<ComplaintState>(state);
        _events.Clear();
        _events.AddRange(kept.Events);
        _ids.Clear();
        _ids.UnionWith(kept.Events.Select(e => e.Id));
        (_published, _historyWritten, _version, _publishedSteps) = (kept.Published, kept.HistoryWritten, kept.Version, kept.PublishedSteps);
        return Task.CompletedTask;
    }

    public Task<ComplaintResult> ApplyAsync(ImmutableArray<CenterEvent> events)
    {
        var duplicates = 0;
        foreach (var e in events)
        {
            if (_ids.Add(e.Id))
            {
                _events.Add(e);
            }
            else
            {
                duplicates++;
            }
        }

        var derived = ComplaintLifecycle.Fold(this.GetPrimaryKeyString(), _events);
        if (derived is not null)
        {
            WriteHistory(derived);
        }
        // A repeat re-sends the complaint's state (a retry after a later phase failed); unchanged, it changes nothing.
        if (derived is null || (derived.Fact == _published && duplicates == 0 && !ChangedSincePublished(derived)))
        {
            return Task.FromResult(new ComplaintResult(duplicates, null, null));
        }
        var version = Versions.Next(ref _version);
        var fact = derived.Fact with { Version = version };
        var formerAgent = _published?.AgentId is { } before && before != fact.AgentId ? before : null;
        _published = fact with { Version = 0 };
        _publishedSteps = derived.Steps.Length;
        return Task.FromResult(new ComplaintResult(duplicates, fact, formerAgent) { Case = derived.Summary with { Version = version } });
    }

    /// <summary>A step that changes nothing the queues count (a note) still changes the case the desk shows.</summary>
    private bool ChangedSincePublished(ComplaintCase derived) => derived.Steps.Length != _publishedSteps;

    /// <summary>The whole case with every step; null until it has been opened.</summary>
    public Task<ComplaintCase?> GetCaseAsync() =>
        Task.FromResult(ComplaintLifecycle.Fold(this.GetPrimaryKeyString(), _events) is { } found ? found with { Version = _version } : null);

    // Each step is a fact at its own time; the queue and severity are those of the opening.
    private void WriteHistory(ComplaintCase complaint)
    {
        for (; _historyWritten < _events.Count; _historyWritten++)
        {
            var e = _events[_historyWritten];
            ComplaintTransition? transition = e.Type switch
            {
                EventType.ComplaintOpened => ComplaintTransition.Opened,
                EventType.ComplaintEscalated => ComplaintTransition.Escalated,
                EventType.ComplaintResolved => ComplaintTransition.Resolved,
                EventType.ComplaintClosed => ComplaintTransition.Closed,
                EventType.ComplaintAssigned => ComplaintTransition.Assigned,
                EventType.ComplaintReopened => ComplaintTransition.Reopened,
                EventType.ComplaintReturnCall => e.ReturnCallOutcome == ReturnCallOutcome.NotSatisfied
                    ? ComplaintTransition.ReturnCallNotSatisfied : ComplaintTransition.ReturnCallSatisfied,
                _ => null, // a note is the desk's, not a figure
            };
            if (transition is { } step)
            {
                history.Post(new ComplaintRecord(
                    e.At, complaint.ComplaintId, complaint.QueueId, complaint.AgentId, complaint.Severity, step, e.By));
            }
        }
    }

    /// <summary>The complaint as its events say, Version 0; null until it has been opened.</summary>
    internal static ComplaintFact? Derive(string complaintId, IReadOnlyCollection<CenterEvent> events) =>
        ComplaintLifecycle.Fold(complaintId, events)?.Fact;
}

/// <summary>What a checkpoint keeps of a complaint: its events (the ids follow from them) and what was published.</summary>
[GenerateSerializer, Immutable, Alias("ComplaintState")]
public sealed record ComplaintState(
    [property: Id(0)] ImmutableArray<CenterEvent> Events,
    [property: Id(1)] ComplaintFact? Published,
    [property: Id(2)] int HistoryWritten,
    [property: Id(3)] long Version)
{
    /// <summary>The steps of the case last published (a note is published though the fact stays the same).</summary>
    [Id(4)] public int PublishedSteps { get; init; }
}
