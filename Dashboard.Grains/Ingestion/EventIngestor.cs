using System.Diagnostics;
using System.Runtime.InteropServices;
using Dashboard.Grains.Calls;
using Dashboard.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Ingestion;

/// <summary>
/// The one pipeline every source feeds. A batch goes through the live model in four phases, each a set of
/// parallel grain calls, one per grain: contacts (call shards) and complaints → agents → queues → the floor.
/// Each phase returns what the next needs, so no grain calls another and nothing waits on a cycle.
/// </summary>
public sealed class EventIngestor(IGrainFactory grains, IOptions<IngestionOptions> options) : IEventSink
{
    public async Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return new IngestOutcome(0, 0);
        }
        var receivedAt = DateTime.UtcNow;
        var latest = DateTimeOffset.MinValue;
        var phase = Stopwatch.GetTimestamp();

        var shards = new Dictionary<long, List<CenterEvent>?>();
        var complaints = new Dictionary<string, List<CenterEvent>?>(StringComparer.Ordinal);
        var agents = new Batches<AgentWork>();
        var queues = new Batches<QueueWork>();
        foreach (var e in events)
        {
            latest = e.At > latest ? e.At : latest;
            if (e.Type.IsCallEvent())
            {
                Add(shards, CallShardGrain.ShardOf(e.CallId!, options.Value.CallShards), e);
            }
            else if (e.Type.IsComplaintEvent())
            {
                Add(complaints, e.ComplaintId!, e);
            }
            else
            {
                Add(ref agents[e.AgentId!].Events, e);
            }
        }

        // Phase 1: contacts and complaints.
        var shardCalls = Task.WhenAll(shards.Select(s =>
            grains.GetGrain<ICallShardGrain>(s.Key).ApplyAsync(Seal(s.Value), latest)));
        var complaintCalls = Task.WhenAll(complaints.Select(c =>
            grains.GetGrain<IComplaintGrain>(c.Key).ApplyAsync(Seal(c.Value))));
        var shardResults = await shardCalls;
        var complaintResults = await complaintCalls;
        phase = RecordPhase("contacts", phase);
        var duplicates = shardResults.Sum(r => r.Duplicates) + complaintResults.Sum(r => r.Duplicates);
        var late = shardResults.Sum(r => r.Late);
        foreach (var result in shardResults)
        {
            foreach (var visit in result.Visits)
            {
                Add(ref queues[visit.QueueId].Visits, visit);
            }
            foreach (var part in result.AgentCalls)
            {
                Add(ref agents[part.AgentId].Calls, part);
            }
        }
        foreach (var result in complaintResults)
        {
            if (result.Fact is not { } fact)
            {
                continue;
            }
            Add(ref queues[fact.QueueId].Complaints, fact);
            if (fact.AgentId is { } owner)
            {
                Add(ref agents[owner].Complaints, fact);
            }
            if (result.FormerAgentId is { } former)
            {
                Add(ref agents[former].Complaints, fact);
            }
        }

        // Phase 2: agents, who report the handling that completed.
        var agentResults = await Task.WhenAll(agents.Select(a =>
            grains.GetGrain<IAgentGrain>(a.Key).ApplyAsync(
                new AgentBatch(Seal(a.Value.Events), Seal(a.Value.Calls), Seal(a.Value.Complaints)))));
        phase = RecordPhase("agents", phase);
        duplicates += agentResults.Sum(r => r.Duplicates);
        late += agentResults.Sum(r => r.Late);
        foreach (var result in agentResults)
        {
            foreach (var handled in result.Handled)
            {
                Add(ref queues[handled.QueueId].Handled, handled);
            }
        }

        // Phase 3: queues.
        var queueSnapshots = await Task.WhenAll(queues.Select(q =>
            grains.GetGrain<IQueueGrain>(q.Key).ApplyAsync(
                new QueueBatch(Seal(q.Value.Visits), Seal(q.Value.Handled), Seal(q.Value.Complaints)))));

        phase = RecordPhase("queues", phase);

        // Phase 4: the floor, once for the whole batch.
        await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).ApplyAsync(
            [.. queueSnapshots], [.. agentResults.Select(r => r.Snapshot)], receivedAt);
        RecordPhase("floor", phase);

        LiveMetrics.BatchSize.Record(events.Count);
        LiveMetrics.EventsIngested.Add(events.Count - duplicates - late);
        LiveMetrics.EventsDuplicate.Add(duplicates);
        LiveMetrics.EventsLate.Add(late);
        return new IngestOutcome(events.Count - duplicates - late, duplicates, late);
    }

    private static long RecordPhase(string name, long startedAt)
    {
        LiveMetrics.PhaseDuration.Record(
            Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds, new KeyValuePair<string, object?>("phase", name));
        return Stopwatch.GetTimestamp();
    }

    // Most grains get one or two kinds of input per batch: lists are made on first use, and sealed once.
    private static void Add<T>(ref List<T>? list, T item) => (list ??= []).Add(item);

    private static ImmutableArray<T> Seal<T>(List<T>? list) => list is null ? [] : [.. list];

    private static void Add<TKey>(Dictionary<TKey, List<CenterEvent>?> groups, TKey key, CenterEvent e)
        where TKey : notnull =>
        Add(ref CollectionsMarshal.GetValueRefOrAddDefault(groups, key, out _), e);

    /// <summary>Work per grain key, created on first use.</summary>
    private sealed class Batches<T> : Dictionary<string, T> where T : new()
    {
        public Batches() : base(StringComparer.Ordinal)
        {
        }

        public new T this[string key]
        {
            get
            {
                if (!TryGetValue(key, out var work))
                {
                    base[key] = work = new T();
                }
                return work;
            }
        }
    }

    private sealed class AgentWork
    {
        public List<CenterEvent>? Events;
        public List<AgentCallFact>? Calls;
        public List<ComplaintFact>? Complaints;
    }

    private sealed class QueueWork
    {
        public List<QueueVisitUpdate>? Visits;
        public List<HandledContact>? Handled;
        public List<ComplaintFact>? Complaints;
    }
}
