using Dashboard.Grains.Complaints;
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
/// <remarks>
/// Contact and agent events from before the center's day (and older than the reorder window, so a straggler
/// just after midnight still reaches the live agent it belongs to) update history only: they take the first two
/// phases through the past grains (<see cref="IPastCallShardGrain"/>, <see cref="IPastAgentGrain"/>), which write
/// the same records at the events' own times. Complaints span days and always go to the live complaint.
/// </remarks>
public sealed class EventIngestor(
    IGrainFactory grains, CenterClock clock, IOptions<IngestionOptions> options, IOptions<ReturnCallOptions>? returnCalls = null) : IEventSink
{
    public async Task<IngestOutcome> IngestAsync(IReadOnlyList<CenterEvent> events, CancellationToken cancellationToken = default)
    {
        var historyOnlyBefore = Min(clock.TodayStart, clock.Now - options.Value.ReorderWindow);
        List<CenterEvent>? live = null, past = null;
        foreach (var e in events)
        {
            if (e.At < historyOnlyBefore && !e.Type.IsComplaintEvent())
                (past ??= []).Add(e);
            else
                (live ??= []).Add(e);
        }
        if (past is null)
        {
            return await IngestLiveAsync(events);
        }
        var liveOutcome = IngestLiveAsync(live ?? []);
        var pastOutcome = await IngestPastAsync(past);
        var outcome = await liveOutcome;
        return new IngestOutcome(
            outcome.Accepted + pastOutcome.Accepted, outcome.Duplicates + pastOutcome.Duplicates, outcome.Late + pastOutcome.Late);
    }

    public async Task CompletePastAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken = default)
    {
        // Contacts first: an agent's handled calls are written by the agent, and both only post to the history sink.
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.CallShards)).Select(shard =>
            grains.GetGrain<IPastCallShardGrain>(shard).WriteHistoryNowAsync()));
        await Task.WhenAll(agentIds.Distinct(StringComparer.Ordinal).Select(agent =>
            grains.GetGrain<IPastAgentGrain>(agent).WriteHistoryNowAsync()));
    }

    private async Task<IngestOutcome> IngestPastAsync(List<CenterEvent> events)
    {
        var front = await ContactsAndAgentsAsync(events, FrontGrains.Past);
        LiveMetrics.EventsHistoryOnly.Add(events.Count - front.Duplicates - front.Late);
        LiveMetrics.EventsDuplicate.Add(front.Duplicates);
        LiveMetrics.EventsLate.Add(front.Late);
        return new IngestOutcome(events.Count - front.Duplicates - front.Late, front.Duplicates, front.Late);
    }

    private async Task<IngestOutcome> IngestLiveAsync(IReadOnlyList<CenterEvent> events)
    {
        if (events.Count == 0)
        {
            return new IngestOutcome(0, 0);
        }
        var receivedAt = DateTime.UtcNow;
        var front = await ContactsAndAgentsAsync(events, FrontGrains.Live);
        var queues = front.Queues;
        foreach (var result in front.Agents)
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

        var phase = RecordPhase("queues", front.PhaseStartedAt);

        // Phase 4: the floor, once for the whole batch.
        await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).ApplyAsync(
            [.. queueSnapshots], [.. front.Agents.Select(r => r.Snapshot)], receivedAt);
        RecordPhase("floor", phase);

        LiveMetrics.BatchSize.Record(events.Count);
        LiveMetrics.EventsIngested.Add(events.Count - front.Duplicates - front.Late);
        LiveMetrics.EventsDuplicate.Add(front.Duplicates);
        LiveMetrics.EventsLate.Add(front.Late);
        return new IngestOutcome(events.Count - front.Duplicates - front.Late, front.Duplicates, front.Late);
    }

    /// <summary>
    /// Phases 1 and 2, the same for the live and the past paths: groups the events into call shards, complaints and
    /// agents, calls the shards (and complaints) and feeds what they report to the agents, then calls the agents.
    /// What is left for the queues (visits, complaints) is collected on the way; only the live path goes on to them.
    /// </summary>
    private async Task<FrontPhases> ContactsAndAgentsAsync(IReadOnlyList<CenterEvent> events, FrontGrains to)
    {
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
        // IngestAsync sends every complaint event down the live path, whatever its time.
        Debug.Assert(to.IsLive || complaints.Count == 0, "Complaint events reached the past path.");

        // Phase 1: contacts and complaints.
        var shardCalls = Task.WhenAll(shards.Select(s =>
            to.ApplyShardAsync(grains, s.Key, Seal(s.Value), latest)));
        var complaintCalls = Task.WhenAll(complaints.Select(c =>
            grains.GetGrain<IComplaintGrain>(c.Key).ApplyAsync(Seal(c.Value))));
        var shardResults = await shardCalls;
        var complaintResults = await complaintCalls;
        phase = to.IsLive ? RecordPhase("contacts", phase) : phase;
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
        var cases = complaintResults.Select(r => r.Case).OfType<ComplaintCase>().ToImmutableArray();
        if (cases.Length > 0)
        {
            await grains.GetGrain<IComplaintDeskGrain>(GrainKeys.ComplaintDesk).UpsertAsync(cases);
        }
        // Low satisfaction scores for the desk's follow-up list, whatever path the survey came by.
        var lowScores = events.Where(Surveys.LowScore.IsLow).Select(Surveys.LowScore.Of).ToImmutableArray();
        if (lowScores.Length > 0)
        {
            await grains.GetGrain<Surveys.ILowScoreGrain>(Surveys.LowScoreGrain.Key).AddAsync(lowScores);
        }
        var returnCallOptions = returnCalls?.Value ?? new ReturnCallOptions();
        var callbacks = events.Where(e => e.Type is EventType.CallbackScheduled or EventType.CallbackCompleted).ToList();
        foreach (var result in complaintResults)
        {
            // A resolution schedules its return call on the owner's desk; the call recorded completes it.
            if (result.Case is { } changed && complaints.TryGetValue(changed.ComplaintId, out var steps) && steps is not null)
            {
                foreach (var callback in ReturnCalls.For(changed, steps, returnCallOptions, clock.Now))
                {
                    Add(ref agents[callback.AgentId!].Events, callback);
                    callbacks.Add(callback);
                }
            }
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

        // The center's view of callbacks owed, by team and queue (the agents keep their own desks).
        if (callbacks.Count > 0)
        {
            await grains.GetGrain<Callbacks.ICallbackBoardGrain>(Callbacks.CallbackBoardGrain.Key).ApplyAsync([.. callbacks]);
        }

        // Phase 2: agents, who report the handling that completed.
        var agentResults = await Task.WhenAll(agents.Select(a =>
            to.ApplyAgentAsync(grains, a.Key,
                new AgentBatch(Seal(a.Value.Events), Seal(a.Value.Calls), Seal(a.Value.Complaints)))));
        phase = to.IsLive ? RecordPhase("agents", phase) : phase;
        duplicates += agentResults.Sum(r => r.Duplicates);
        late += agentResults.Sum(r => r.Late);
        return new FrontPhases(agentResults, queues, duplicates, late, phase);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

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

    /// <summary>
    /// The grains of phases 1 and 2: the live model's, or the past ones (same classes, other grain types) that write
    /// history only. Only the live pipeline's phases are timed, and only it meets complaints.
    /// </summary>
    private sealed record FrontGrains(
        Func<IGrainFactory, long, ImmutableArray<CenterEvent>, DateTimeOffset, Task<CallShardResult>> ApplyShardAsync,
        Func<IGrainFactory, string, AgentBatch, Task<AgentBatchResult>> ApplyAgentAsync,
        bool IsLive)
    {
        public static readonly FrontGrains Live = new(
            (grains, shard, events, latest) => grains.GetGrain<ICallShardGrain>(shard).ApplyAsync(events, latest),
            (grains, agent, batch) => grains.GetGrain<IAgentGrain>(agent).ApplyAsync(batch),
            IsLive: true);

        public static readonly FrontGrains Past = new(
            (grains, shard, events, latest) => grains.GetGrain<IPastCallShardGrain>(shard).ApplyAsync(events, latest),
            (grains, agent, batch) => grains.GetGrain<IPastAgentGrain>(agent).ApplyAsync(batch),
            IsLive: false);
    }

    /// <param name="PhaseStartedAt">When the phase after the agents started, for the live path's phase timings.</param>
    private sealed record FrontPhases(
        AgentBatchResult[] Agents, Batches<QueueWork> Queues, int Duplicates, int Late, long PhaseStartedAt);

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
