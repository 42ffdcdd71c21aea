using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Calls;

/// <summary>
/// Owns the in-flight contacts whose ids hash here. Keeps each contact's events, re-derives what the contact
/// means whenever one arrives (in whatever order), and returns the changed facts for queues and agents.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class CallShardGrain(CenterClock clock, IOptions<IngestionOptions> options) : Grain, ICallShardGrain
{
    private readonly Dictionary<string, CallRecord> _calls = new(StringComparer.Ordinal);
    private readonly TimeSpan _retention = options.Value.DuplicateWindow;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;
    private long _version;

    /// <summary>The shard that owns a contact; every caller uses this one function.</summary>
    public static long ShardOf(string callId, int shards) =>
        (long)((uint)StableHash(callId) % (uint)Math.Max(1, shards));

    public Task<CallShardResult> ApplyAsync(ImmutableArray<CenterEvent> events)
    {
        var now = clock.Now;
        var duplicates = 0;
        var changed = new List<(string CallId, CallRecord Record)>();
        foreach (var e in events)
        {
            var callId = e.CallId!;
            if (!_calls.TryGetValue(callId, out var record))
            {
                _calls[callId] = record = new CallRecord();
            }
            record.LastSeen = now;
            if (!record.Ids.Add(e.Id))
            {
                duplicates++;
                continue;
            }
            record.Events.Add(e);
            if (!record.Changed)
            {
                record.Changed = true;
                changed.Add((callId, record));
            }
        }

        var visits = ImmutableArray.CreateBuilder<QueueVisitUpdate>();
        var agentCalls = ImmutableArray.CreateBuilder<AgentCallFact>();
        foreach (var (callId, record) in changed)
        {
            record.Changed = false;
            var before = record.Picture;
            var after = CallLifecycle.Derive(callId, record.Events);
            record.Picture = after;
            var version = Versions.Next(ref _version);
            AddVisitUpdates(callId, version, before, after, visits);
            AddAgentFacts(callId, version, before, after, agentCalls);
        }

        Sweep(now);
        return Task.FromResult(new CallShardResult(duplicates, visits.ToImmutable(), agentCalls.ToImmutable()));
    }

    // Every queue the contact visits now or visited in the previous picture gets the full list of its visits
    // there (empty = none any more).
    private static void AddVisitUpdates(
        string callId, long version, CallPicture before, CallPicture after, ImmutableArray<QueueVisitUpdate>.Builder into)
    {
        foreach (var queueId in before.Visits.Select(v => v.QueueId).Union(after.Visits.Select(v => v.QueueId)))
        {
            into.Add(new QueueVisitUpdate(queueId, callId, version, [.. after.Visits.Where(v => v.QueueId == queueId)]));
        }
    }

    private static void AddAgentFacts(
        string callId, long version, CallPicture before, CallPicture after, ImmutableArray<AgentCallFact>.Builder into)
    {
        foreach (var part in after.Agents)
        {
            into.Add(part with { Version = version });
        }
        foreach (var gone in before.Agents.Where(b => !after.Agents.Any(a => a.AgentId == b.AgentId)))
        {
            into.Add(gone with { Version = version, Removed = true });
        }
    }

    // A contact is forgotten once nothing has arrived for it for the duplicate window; its counts stay with
    // the queues and agents.
    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now.AddMinutes(1);
        foreach (var (callId, record) in _calls)
        {
            if (now - record.LastSeen > _retention)
            {
                _calls.Remove(callId);
            }
        }
    }

    // string.GetHashCode is randomized per process; shards must agree across silos and restarts.
    private static int StableHash(string value)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 16777619;
            }
            return hash;
        }
    }

    private sealed class CallRecord
    {
        public List<CenterEvent> Events { get; } = [];
        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
        public CallPicture Picture { get; set; } = new([], []);
        public DateTimeOffset LastSeen { get; set; }
        public bool Changed { get; set; }
    }
}
