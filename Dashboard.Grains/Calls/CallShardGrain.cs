using System.IO.Hashing;
using System.Runtime.InteropServices;
using Dashboard.Grains.Durability;
using Dashboard.Grains.History;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Calls;

/// <summary>
/// Owns the in-flight contacts whose ids hash here. Keeps each contact's events, re-derives what the contact
/// means whenever one arrives (in whatever order), and returns the changed facts for queues and agents.
/// </summary>
/// <remarks>
/// A contact's events are held until it has finished and the shard's watermark is
/// <see cref="IngestionOptions.ReorderWindow"/> past its last event (or, unfinished, for the duplicate window);
/// then only a hash of its id is kept, so a straggler for it is counted late instead of starting a new contact.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true), GrainType(GrainKeys.CallShardType)]
public class CallShardGrain(
    CenterClock clock, LiveQueueSettings liveSettings, IOptions<IngestionOptions> options, IHistorySink history)
    : LiveGrain, ICallShardGrain
{
    private readonly Dictionary<string, CallRecord> _calls = new(StringComparer.Ordinal);
    private readonly IngestionOptions _options = options.Value;
    private readonly ForgottenIds _letGo = new(options.Value.DuplicateWindow);
    private readonly Watermark _watermark = new(options.Value.SettleTime, clock.Time);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private long _version;
    private DateTimeOffset _watermarkAtLastCheck;

    /// <summary>The shard that owns a contact; every caller uses this one function.</summary>
    public static long ShardOf(string callId, int shards) =>
        (long)(XxHash32.HashToUInt32(MemoryMarshal.AsBytes(callId.AsSpan())) % (uint)Math.Max(1, shards));

    protected override Task ActivateAsync(CancellationToken cancellationToken)
    {
        var period = HistoryCadence.QuietCheckPeriod(_options.ReorderWindow);
        this.RegisterGrainTimer(WriteHistoryWhenQuiet, new GrainTimerCreationOptions(period, period) { Interleave = false });
        return Task.CompletedTask;
    }

    public override Task<Immutable<byte[]>> CaptureAsync() => Task.FromResult(this.Write(new CallShardState(
        [.. _calls.Select(c => new HeldContact(c.Key, [.. c.Value.Events], c.Value.HistoryWritten))],
        _letGo.Capture(), _watermark.Capture(), _lastSweep, _version, _watermarkAtLastCheck)));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<CallShardState>(state);
        _calls.Clear();
        foreach (var contact in kept.Contacts)
        {
            var record = new CallRecord { HistoryWritten = contact.HistoryWritten };
            foreach (var e in contact.Events)
            {
                record.Add(e);
            }
            // The picture is a function of the events: derived again rather than kept twice.
            record.Picture = CallLifecycle.Derive(contact.CallId, record.Events);
            _calls[contact.CallId] = record;
        }
        _letGo.Restore(kept.LetGo);
        _watermark.Restore(kept.Watermark);
        (_lastSweep, _version, _watermarkAtLastCheck) = (kept.LastSweep, kept.Version, kept.WatermarkAtLastCheck);
        return Task.CompletedTask;
    }

    public Task<CallShardResult> ApplyAsync(ImmutableArray<CenterEvent> events, DateTimeOffset batchLatest)
    {
        var now = clock.Now;
        _watermark.NextBatch();
        // Lateness is judged against what arrived before this batch and has settled on the clock, so neither a
        // batch's own order nor a neighbour batch's matters.
        var oldest = _watermark.SettledBehind(_options.DuplicateWindow);
        var settled = _watermark.SettledBehind(_options.ReorderWindow);
        int duplicates = 0, late = 0;
        var changed = new List<(string CallId, CallRecord Record)>();
        foreach (var e in events)
        {
            var callId = e.CallId!;
            if (!_calls.TryGetValue(callId, out var record))
            {
                if (e.At < oldest || _letGo.Contains(callId))
                {
                    late++;
                    continue;
                }
                _calls[callId] = record = new CallRecord();
            }
            if (record.Holds(e.Id))
            {
                duplicates++;
                // A repeat is often a sender's retry after a failure in a later phase: the facts this contact made
                // then may never have reached its queues and agents. Sent again (a new version of the same facts),
                // they change nothing where they did arrive.
                if (!record.Changed)
                {
                    record.Changed = true;
                    changed.Add((callId, record));
                }
                continue;
            }
            if (!record.Changed && record.IsSettled(settled))
            {
                late++; // finished and past the window: let go at the next sweep, whenever that runs
                continue;
            }
            record.Add(e);
            if (!record.Changed)
            {
                record.Changed = true;
                changed.Add((callId, record));
            }
        }

        var visits = new List<QueueVisitUpdate>();
        var agentCalls = new List<AgentCallFact>();
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

        _watermark.Advance(batchLatest, now);
        LetGoOfSettled();
        return Task.FromResult(new CallShardResult(duplicates, [.. visits], [.. agentCalls], late));
    }

    // Every queue the contact visits now or visited in the previous picture gets the full list of its visits
    // there (empty = none any more).
    private static void AddVisitUpdates(
        string callId, long version, CallPicture before, CallPicture after, List<QueueVisitUpdate> into)
    {
        var start = into.Count;
        foreach (var visit in after.Visits)
        {
            AddQueue(visit.QueueId);
        }
        foreach (var visit in before.Visits)
        {
            AddQueue(visit.QueueId);
        }

        void AddQueue(string queueId)
        {
            for (var i = start; i < into.Count; i++)
            {
                if (into[i].QueueId == queueId)
                {
                    return;
                }
            }
            into.Add(new QueueVisitUpdate(queueId, callId, version, VisitsTo(queueId, after.Visits)));
        }
    }

    private static ImmutableArray<QueueVisit> VisitsTo(string queueId, ImmutableArray<QueueVisit> visits)
    {
        var count = 0;
        foreach (var visit in visits)
        {
            count += visit.QueueId == queueId ? 1 : 0;
        }
        if (count == visits.Length)
        {
            return visits; // the usual case: one queue, nothing to copy
        }
        var builder = ImmutableArray.CreateBuilder<QueueVisit>(count);
        foreach (var visit in visits)
        {
            if (visit.QueueId == queueId)
            {
                builder.Add(visit);
            }
        }
        return builder.MoveToImmutable();
    }

    private static void AddAgentFacts(
        string callId, long version, CallPicture before, CallPicture after, List<AgentCallFact> into)
    {
        foreach (var part in after.Agents)
        {
            into.Add(part with { Version = version });
        }
        foreach (var gone in before.Agents)
        {
            if (!HasPart(after.Agents, gone.AgentId))
            {
                into.Add(gone with { Version = version, Removed = true });
            }
        }
    }

    private static bool HasPart(ImmutableArray<AgentCallFact> parts, string agentId)
    {
        foreach (var part in parts)
        {
            if (part.AgentId == agentId)
            {
                return true;
            }
        }
        return false;
    }

    // Lets go of finished contacts the settled watermark has passed by the reorder window, and of open ones silent
    // for the duplicate window (a lost call.ended); their counts stay with the queues and agents. Runs each time the
    // settled watermark moves a quarter of the reorder window, so detail stays within 1.25 windows (plus the settle
    // time on the clock).
    private void LetGoOfSettled()
    {
        var watermark = _watermark.Settled;
        if (watermark - _lastSweep < _options.ReorderWindow / 4)
        {
            return;
        }
        _lastSweep = watermark;
        var settled = _watermark.SettledBehind(_options.ReorderWindow);
        var abandoned = _watermark.SettledBehind(_options.DuplicateWindow);
        foreach (var (callId, record) in _calls)
        {
            if (record.LastAt < abandoned || record.IsSettled(settled))
            {
                WriteHistory(callId, record); // final: nothing may change it now
                _calls.Remove(callId);
                _letGo.Add(callId, watermark);
            }
        }
    }

    // When the feed goes quiet (no new event time for a timer period, and the clock a reorder window past the
    // last one), finished contacts are written without waiting for traffic to move the watermark again.
    private Task WriteHistoryWhenQuiet(CancellationToken cancellationToken)
    {
        var watermark = _watermark.Latest;
        var quiet = watermark == _watermarkAtLastCheck && clock.Now - watermark >= _options.ReorderWindow;
        _watermarkAtLastCheck = watermark;
        return quiet ? WriteHistoryNowAsync() : Task.CompletedTask;
    }

    /// <summary>Writes every finished contact held (once each); see <see cref="IPastCallShardGrain.WriteHistoryNowAsync"/>.</summary>
    public Task WriteHistoryNowAsync()
    {
        foreach (var (callId, record) in _calls)
        {
            if (record.Picture.IsFinished)
            {
                WriteHistory(callId, record);
            }
        }
        return Task.CompletedTask;
    }

    // Visits that left unanswered; answered ones are written by the agent who answered, who knows the handling.
    private void WriteHistory(string callId, CallRecord record)
    {
        if (record.HistoryWritten)
        {
            return;
        }
        record.HistoryWritten = true;
        foreach (var visit in record.Picture.Visits)
        {
            if (visit.LeftAt is not { } left || visit.Exit == QueueExit.Answered)
            {
                continue;
            }
            var settings = liveSettings.For(visit.QueueId);
            var waitTicks = Math.Max(0, (left - visit.EnqueuedAt).Ticks);
            var abandoned = visit.Exit == QueueExit.Abandoned;
            history.Post(new ContactRecord(
                left, visit.QueueId, null, visit.Channel,
                abandoned ? ContactOutcome.Abandoned : ContactOutcome.FlowedOut, callId,
                waitTicks / (double)TimeSpan.TicksPerSecond, 0, 0, 0,
                WithinThreshold: Queues.KpiJudgement.WithinThreshold(waitTicks, settings),
                ShortAbandon: abandoned && Queues.KpiJudgement.ShortAbandon(waitTicks, settings)));
        }
    }

    private sealed class CallRecord
    {
        public List<CenterEvent> Events { get; } = [];
        public CallPicture Picture { get; set; } = new([], []);
        /// <summary>The latest event time of the contact.</summary>
        public DateTimeOffset LastAt { get; private set; } = DateTimeOffset.MinValue;
        public bool Changed { get; set; }
        /// <summary>Its unanswered visits have gone to history (once: a later change stays live-only).</summary>
        public bool HistoryWritten { get; set; }

        /// <summary>Finished, and its last event is before <paramref name="settled"/>: nothing may change it now.</summary>
        public bool IsSettled(DateTimeOffset settled) => Events.Count > 0 && LastAt < settled && Picture.IsFinished;

        // A contact has a handful of events: a scan beats a set per contact in both time and memory.
        public bool Holds(string eventId)
        {
            foreach (var e in Events)
            {
                if (e.Id == eventId)
                {
                    return true;
                }
            }
            return false;
        }

        public void Add(CenterEvent e)
        {
            Events.Add(e);
            if (e.At > LastAt)
            {
                LastAt = e.At;
            }
        }
    }
}

/// <summary>What a checkpoint keeps of a call shard: the contacts held with their events, and the duplicate memory.</summary>
[GenerateSerializer, Immutable, Alias("CallShardState")]
public sealed record CallShardState(
    [property: Id(0)] ImmutableArray<HeldContact> Contacts,
    [property: Id(1)] ForgottenIdsState LetGo,
    [property: Id(2)] WatermarkState Watermark,
    [property: Id(3)] DateTimeOffset LastSweep,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset WatermarkAtLastCheck);

[GenerateSerializer, Immutable, Alias("HeldContact")]
public sealed record HeldContact(
    [property: Id(0)] string CallId,
    [property: Id(1)] ImmutableArray<CenterEvent> Events,
    [property: Id(2)] bool HistoryWritten);

/// <summary>Contacts of days before today, for history only (<see cref="IPastCallShardGrain"/>).</summary>
[GrainType(GrainKeys.PastCallShardType)]
public sealed class PastCallShardGrain(
    CenterClock clock, LiveQueueSettings liveSettings, IOptions<IngestionOptions> options, IHistorySink history)
    : CallShardGrain(clock, liveSettings, options, history), IPastCallShardGrain;
