using Dashboard.Grains.Durability;

namespace Dashboard.Grains.Callbacks;

/// <summary>One callback the center owes or owed (a return call among them), as the team and queue view shows it.</summary>
/// <param name="CompletedAt">When it was marked done; null while owed.</param>
[GenerateSerializer, Immutable, Alias("CallbackEntry")]
public sealed record CallbackEntry(
    [property: Id(0)] string CallbackId,
    [property: Id(1)] string AgentId,
    [property: Id(2)] string? QueueId,
    [property: Id(3)] string? Topic,
    [property: Id(4)] DateTimeOffset ScheduledAt,
    [property: Id(5)] DateTimeOffset DueAt,
    [property: Id(6)] DateTimeOffset? CompletedAt,
    [property: Id(7)] CallbackOutcome? Outcome)
{
    public bool Owed => CompletedAt is null;

    /// <summary>Done after it was due.</summary>
    public bool DoneLate => CompletedAt is { } done && done > DueAt;
}

/// <summary>Every callback owed in the center, and those done in the last <see cref="CallbackBoardGrain.KeepDone"/>, for
/// the team and queue view (issue 18 §3); the agents' own desks stay with the agents.</summary>
public interface ICallbackBoardGrain : IGrainWithIntegerKey, ILiveStateGrain
{
    /// <summary>Takes callback.scheduled and callback.completed events; a repeat changes nothing.</summary>
    Task ApplyAsync(ImmutableArray<CenterEvent> events);

    Task<ImmutableArray<CallbackEntry>> ListAsync();
}

/// <remarks>One grain: a center's callbacks are hundreds to a few thousand a day. Made by the events, so a rebuild's
/// replay makes it again; in snapshots.</remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class CallbackBoardGrain : LiveGrain, ICallbackBoardGrain
{
    public const long Key = 0;
    public static readonly TimeSpan KeepDone = TimeSpan.FromDays(35);

    private readonly Dictionary<string, CallbackEntry> _entries = new(StringComparer.Ordinal);

    public Task ApplyAsync(ImmutableArray<CenterEvent> events)
    {
        // Scheduled before completed, whatever order they came in: a completion never waits for its schedule.
        foreach (var e in events.OrderBy(e => e.Type == EventType.CallbackCompleted ? 1 : 0).ThenBy(e => e.At))
        {
            var id = e.CallbackId!;
            var held = _entries.GetValueOrDefault(id);
            if (e.Type == EventType.CallbackScheduled && e.DueAt is { } due)
            {
                // A reschedule of one owed moves its due time; a done one stays done.
                if (held is null || held.Owed)
                    _entries[id] = new CallbackEntry(id, e.AgentId!, e.QueueId, e.Category, held?.ScheduledAt ?? e.At, due, null, null);
            }
            else if (e.Type == EventType.CallbackCompleted && held is { Owed: true })
            {
                _entries[id] = held with { CompletedAt = e.At, Outcome = e.CallbackOutcome };
            }
        }
        if (_entries.Count > 0)
        {
            var before = _entries.Values.Max(c => c.CompletedAt ?? c.ScheduledAt) - KeepDone;
            foreach (var old in _entries.Values.Where(c => c.CompletedAt < before).Select(c => c.CallbackId).ToList())
                _entries.Remove(old);
        }
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<CallbackEntry>> ListAsync() =>
        Task.FromResult(_entries.Values.OrderBy(c => c.DueAt).ThenBy(c => c.CallbackId, StringComparer.Ordinal).ToImmutableArray());

    public override Task<Immutable<byte[]>> CaptureAsync() => Task.FromResult(this.Write(new CallbackBoardState([.. _entries.Values])));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        _entries.Clear();
        foreach (var entry in this.Read<CallbackBoardState>(state).Entries)
            _entries[entry.CallbackId] = entry;
        return Task.CompletedTask;
    }
}

[GenerateSerializer, Immutable, Alias("CallbackBoardState")]
public sealed record CallbackBoardState([property: Id(0)] ImmutableArray<CallbackEntry> Entries);
