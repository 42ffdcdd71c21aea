using Dashboard.Grains.Durability;
using Dashboard.Grains.History;

namespace Dashboard.Grains.Complaints;

/// <summary>
/// One complaint (投诉): opened from a contact, then escalated, resolved, closed. Its status is that of its latest
/// event by event time, so transitions arriving out of order settle on the in-order status.
/// </summary>
[CollectionAgeLimit(Days = 7)]
public sealed class ComplaintGrain(IHistorySink history) : LiveGrain, IComplaintGrain
{
    private readonly List<CenterEvent> _events = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private ComplaintFact? _published;
    /// <summary>Events before this index have gone to history (nothing goes before the complaint is opened).</summary>
    private int _historyWritten;
    private long _version;

    public override Task<Immutable<byte[]>> CaptureAsync() =>
        Task.FromResult(this.Write(new ComplaintState([.. _events], _published, _historyWritten, _version)));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<ComplaintState>(state);
        _events.Clear();
        _events.AddRange(kept.Events);
        _ids.Clear();
        _ids.UnionWith(kept.Events.Select(e => e.Id));
        (_published, _historyWritten, _version) = (kept.Published, kept.HistoryWritten, kept.Version);
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

        var derived = Derive(this.GetPrimaryKeyString(), _events);
        if (derived is not null)
        {
            WriteHistory(derived);
        }
        // A repeat re-sends the complaint's state (a retry after a later phase failed); unchanged, it changes nothing.
        if (derived is null || (derived == _published && duplicates == 0))
        {
            return Task.FromResult(new ComplaintResult(duplicates, null, null));
        }
        var fact = derived with { Version = Versions.Next(ref _version) };
        var formerAgent = _published?.AgentId is { } before && before != fact.AgentId ? before : null;
        _published = fact with { Version = 0 };
        return Task.FromResult(new ComplaintResult(duplicates, fact, formerAgent));
    }

    // Each transition is a fact at its own time; the queue and severity are those of the opening.
    private void WriteHistory(ComplaintFact complaint)
    {
        for (; _historyWritten < _events.Count; _historyWritten++)
        {
            var e = _events[_historyWritten];
            var transition = e.Type switch
            {
                EventType.ComplaintOpened => ComplaintTransition.Opened,
                EventType.ComplaintEscalated => ComplaintTransition.Escalated,
                EventType.ComplaintResolved => ComplaintTransition.Resolved,
                _ => ComplaintTransition.Closed,
            };
            history.Post(new ComplaintRecord(
                e.At, complaint.ComplaintId, complaint.QueueId, complaint.AgentId, complaint.Severity, transition, e.By));
        }
    }

    /// <summary>The complaint as its events say, Version 0; null until it has been opened.</summary>
    internal static ComplaintFact? Derive(string complaintId, IReadOnlyCollection<CenterEvent> events)
    {
        var opened = events.Where(e => e.Type == EventType.ComplaintOpened).OrderBy(e => e.At).FirstOrDefault();
        if (opened is null)
        {
            return null;
        }
        // Later events win; at equal times the later stage of the lifecycle wins.
        var latest = events.OrderBy(e => e.At).ThenBy(e => e.Type).Last();
        var status = latest.Type switch
        {
            EventType.ComplaintEscalated => ComplaintStatus.Escalated,
            EventType.ComplaintResolved => ComplaintStatus.Resolved,
            EventType.ComplaintClosed => ComplaintStatus.Closed,
            _ => opened.AgentId is null ? ComplaintStatus.Open : ComplaintStatus.InProgress,
        };
        return new ComplaintFact(
            complaintId, 0, opened.QueueId!, opened.AgentId, opened.Severity ?? ComplaintSeverity.Normal,
            status, opened.At, opened.Category);
    }
}

/// <summary>What a checkpoint keeps of a complaint: its events (the ids follow from them) and what was published.</summary>
[GenerateSerializer, Immutable, Alias("ComplaintState")]
public sealed record ComplaintState(
    [property: Id(0)] ImmutableArray<CenterEvent> Events,
    [property: Id(1)] ComplaintFact? Published,
    [property: Id(2)] int HistoryWritten,
    [property: Id(3)] long Version);
