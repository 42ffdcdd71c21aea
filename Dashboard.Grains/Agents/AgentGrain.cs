using Dashboard.Grains.Durability;
using Dashboard.Grains.History;
using Dashboard.Grains.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Agents;

/// <summary>
/// One agent's live state and today's figures. Holds the agent's recent events and the facts of the calls they
/// took part in (as an <see cref="AgentTimeline"/>), and reports completed handling to the queues.
/// </summary>
/// <remarks>
/// Detail older than <see cref="IngestionOptions.ReorderWindow"/> behind the agent's watermark is folded into
/// today's totals, so a grain holds minutes of detail whatever the hour; input older than that is late.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true), GrainType(GrainKeys.AgentType)]
public class AgentGrain(
    CenterDirectory directory,
    LiveQueueSettings liveSettings,
    CenterClock clock,
    IOptions<IngestionOptions> options,
    IHistorySink history,
    ILogger<AgentGrain> logger) : LiveGrain, IAgentGrain
{
    private readonly RecentIds _seen = new();
    private readonly Dictionary<string, HandledContact> _reportedHandling = new(StringComparer.Ordinal);
    private AgentTimeline _timeline = null!;
    private string _name = "";
    private string _team = "";
    private ImmutableArray<string> _queues = [];
    private ImmutableDictionary<string, int> _skillLevels = ImmutableDictionary<string, int>.Empty;
    private DateTimeOffset _profileAt = DateTimeOffset.MinValue;
    private DateTimeOffset _queuesAt = DateTimeOffset.MinValue;
    private long _version;
    private readonly Watermark _watermark = new(options.Value.SettleTime, clock.Time);
    /// <summary>History has every span and handling that ended up to here (see <see cref="WriteHistory"/>).</summary>
    private DateTimeOffset _historyUpTo = DateTimeOffset.MinValue;
    private DateTimeOffset _watermarkAtLastCheck;
    /// <summary>Callbacks owed (open) and completed ones as tombstones (null), so a late "scheduled" does not reopen them.</summary>
    private readonly Dictionary<string, Callback?> _callbacks = new(StringComparer.Ordinal);

    private string AgentId => this.GetPrimaryKeyString();

    protected override Task ActivateAsync(CancellationToken cancellationToken)
    {
        _timeline = new AgentTimeline(queueId => liveSettings.For(queueId).WrapUp);
        var configured = directory.Agent(AgentId);
        _name = configured?.Name ?? AgentId;
        _team = configured?.Team ?? "";
        _queues = [.. configured?.Queues.Distinct(StringComparer.Ordinal) ?? []];
        _skillLevels = SkillLevels.For(_queues, null, null);
        if (configured is null)
        {
            logger.LogInformation("Agent {AgentId} was not configured; created on first sight", Telemetry.LogText.Safe(AgentId));
        }
        var period = HistoryCadence.QuietCheckPeriod(options.Value.ReorderWindow);
        this.RegisterGrainTimer(WriteHistoryWhenQuiet, new GrainTimerCreationOptions(period, period) { Interleave = false });
        return Task.CompletedTask;
    }

    public Task<AgentBatchResult> ApplyAsync(AgentBatch batch)
    {
        var now = clock.Now;
        _watermark.NextBatch();
        // What has settled since the last batch is folded first: lateness is judged against it.
        FoldOldDetail(now);
        int duplicates = 0, late = 0;
        foreach (var e in batch.Events)
        {
            if (e.At < _timeline.HeldFrom)
            {
                late++;
                continue;
            }
            if (!_seen.Add(e.Id, e.At))
            {
                duplicates++;
                continue;
            }
            if (e.Type is EventType.AgentLogin or EventType.AgentQueues)
            {
                ApplyProfile(e);
            }
            else if (e.Type is EventType.CallbackScheduled or EventType.CallbackCompleted)
            {
                ApplyCallback(e);
                continue; // not part of the agent's states or figures
            }
            _timeline.Apply(e);
            _watermark.Advance(e.At, now);
            if (e.Type == EventType.SurveyCompleted && e.Score is { } score)
            {
                history.Post(new SurveyRecord(e.At, AgentId, e.QueueId, score, e.Id)); // a survey is final as it arrives
            }
        }
        foreach (var fact in batch.Calls)
        {
            if (_timeline.Apply(fact) && AgentTimeline.LatestOf(fact) is { } latest)
            {
                _watermark.Advance(latest, now);
            }
        }
        foreach (var fact in batch.Complaints)
        {
            _timeline.Apply(fact);
        }
        // Repeats (a sender's retry after a later phase failed) and facts sent again by a call shard re-report the
        // handling they concern: the queues may never have got it. A queue takes the same handling again unchanged.
        EndUnheardCalls(Behind(_watermark.Latest, options.Value.DuplicateWindow));
        var handled = ChangedHandling(duplicates > 0, batch.Calls);
        return Task.FromResult(new AgentBatchResult(duplicates, handled, Snapshot(now), late));
    }

    public override Task<Immutable<byte[]>> CaptureAsync() => Task.FromResult(this.Write(new AgentGrainState(
        _name, _team, _queues, _skillLevels, _profileAt, _queuesAt, _version, _watermark.Capture(), _historyUpTo,
        _watermarkAtLastCheck, [.. _callbacks], [.. _reportedHandling.Values], _seen.Capture(), _timeline.Capture())));

    public override Task RestoreAsync(Immutable<byte[]> state)
    {
        var kept = this.Read<AgentGrainState>(state);
        (_name, _team, _queues) = (kept.Name, kept.Team, kept.Queues);
        _skillLevels = kept.SkillLevels.WithComparers(StringComparer.Ordinal);
        (_profileAt, _queuesAt) = (kept.ProfileAt, kept.QueuesAt);
        // Never behind a version this activation or the captured one has handed out.
        _version = Math.Max(_version, kept.Version);
        _watermark.Restore(kept.Watermark);
        (_historyUpTo, _watermarkAtLastCheck) = (kept.HistoryUpTo, kept.WatermarkAtLastCheck);
        _callbacks.Clear();
        foreach (var (id, callback) in kept.Callbacks)
        {
            _callbacks.Add(id, callback);
        }
        _reportedHandling.Clear();
        foreach (var handled in kept.ReportedHandling)
        {
            _reportedHandling.Add(handled.CallId, handled);
        }
        _seen.Restore(kept.Seen);
        _timeline.Restore(kept.Timeline);
        return Task.CompletedTask;
    }

    public Task<AgentSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot(clock.Now));

    public Task<AgentDesk> GetDeskAsync() => Task.FromResult(new AgentDesk(
        AgentId, [.. _timeline.OpenComplaints()],
        [.. _callbacks.Values.OfType<Callback>().OrderBy(c => c.DueAt).ThenBy(c => c.CallbackId, StringComparer.Ordinal)]));

    private void ApplyCallback(CenterEvent e)
    {
        var id = e.CallbackId!;
        if (e.Type == EventType.CallbackCompleted)
        {
            _callbacks[id] = null;
        }
        else if (!_callbacks.TryGetValue(id, out var held) || held is not null)
        {
            _callbacks[id] = new Callback(id, e.DueAt!.Value, e.QueueId, e.CallId, e.Category, e.At); // a reschedule replaces
        }
        // Tombstones only need to outlive reordering; callbacks owed stay until completed.
        if (_callbacks.Count > 1_000)
        {
            foreach (var done in _callbacks.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
            {
                _callbacks.Remove(done);
            }
        }
    }

    // The latest login (by event time) says who the agent is; the latest login or agent.queues with queues says
    // which queues they serve, at which skill levels.
    private void ApplyProfile(CenterEvent e)
    {
        if (e.Type == EventType.AgentLogin && e.At >= _profileAt)
        {
            _profileAt = e.At;
            _name = e.Name ?? _name;
            _team = e.Team ?? _team;
        }
        if (e.Queues is { } queues && e.At >= _queuesAt)
        {
            _queuesAt = e.At;
            _queues = [.. queues.Distinct(StringComparer.Ordinal)];
            _skillLevels = SkillLevels.For(_queues, e.SkillLevels, _skillLevels);
        }
    }

    // Bounds memory: detail the reorder window has passed (and settled on the clock) is folded into today's totals,
    // each time the settled watermark moves a quarter of the window. Runs before a batch, when every handling
    // folded away has been reported (folding drops calls that completed before the cut-off). Handling reported before the cut-off stays counted (it is dropped from the
    // report list, not retracted).
    private void FoldOldDetail(DateTimeOffset now)
    {
        var window = options.Value.ReorderWindow;
        var cutoff = _watermark.SettledBehind(window);
        if (cutoff - _timeline.HeldFrom < window / 4)
        {
            return;
        }
        WriteHistory(cutoff); // what is folded now can no longer change
        _timeline.Forget(cutoff, clock.DayStart(now));
        _seen.ForgetBefore(cutoff);
        foreach (var (callId, reported) in _reportedHandling)
        {
            if (reported.CompletedAt < cutoff)
            {
                _reportedHandling.Remove(callId);
            }
        }
    }

    // An agent who has gone quiet (no new event time for a timer period, and the clock a reorder window past the
    // last one) has their detail written up to their last event: otherwise the end of a shift would wait in the
    // grain until the agent's next event, often the next day.
    private Task WriteHistoryWhenQuiet(CancellationToken cancellationToken)
    {
        var watermark = _watermark.Latest;
        var quiet = watermark == _watermarkAtLastCheck && clock.Now - watermark >= options.Value.ReorderWindow;
        _watermarkAtLastCheck = watermark;
        if (!quiet)
            return Task.CompletedTask;
        // A silent agent's call whose call.ended was lost ends once the duplicate window has passed on the clock.
        EndUnheardCalls(Behind(clock.Now, options.Value.DuplicateWindow));
        return WriteHistoryNowAsync();
    }

    /// <summary>
    /// Ends the answered calls nothing has been heard of since <paramref name="silentBefore"/> (see
    /// <see cref="AgentTimeline.EndUnheardCalls"/>). Their completion lies in the past: what history has already been
    /// written past goes now; the rest goes with the next write. The queues get the handling with the next batch.
    /// </summary>
    private void EndUnheardCalls(DateTimeOffset silentBefore)
    {
        foreach (var call in _timeline.EndUnheardCalls(silentBefore))
        {
            if (call.CompletedAt <= _historyUpTo)
                PostAnswered(call);
        }
    }

    private static DateTimeOffset Behind(DateTimeOffset at, TimeSpan window) =>
        at.UtcTicks - window.Ticks > 0 ? at - window : DateTimeOffset.MinValue;

    /// <summary>Writes what ended up to the agent's latest event; see <see cref="IPastAgentGrain.WriteHistoryNowAsync"/>.</summary>
    public Task WriteHistoryNowAsync()
    {
        WriteHistory(_watermark.Latest);
        return Task.CompletedTask;
    }

    /// <summary>Posts the spans and handled calls that ended after the last write and up to <paramref name="upTo"/>.</summary>
    private void WriteHistory(DateTimeOffset upTo)
    {
        if (upTo <= _historyUpTo)
        {
            return;
        }
        var (spans, calls) = _timeline.History(_historyUpTo, upTo);
        _historyUpTo = upTo;
        foreach (var span in spans)
        {
            // Split at the center's day start, so a day's report reads only that day's points.
            var start = span.Start;
            while (start < span.End)
            {
                var next = clock.NextDayStart(start);
                var end = next < span.End ? next : span.End;
                history.Post(new AgentSpanRecord(start, AgentId, span.State, span.Reason, (end - start).TotalSeconds));
                start = end;
            }
        }
        foreach (var call in calls)
        {
            PostAnswered(call);
        }
    }

    private void PostAnswered(CompletedCall call)
    {
        var fact = call.Fact;
        var answered = fact.AnsweredAt!.Value;
        var waitTicks = fact.QueuedAt is { } queued ? Math.Max(0, (answered - queued).Ticks) : (long?)null;
        history.Post(new ContactRecord(
            answered, fact.QueueId, AgentId, fact.Channel, ContactOutcome.Answered, fact.CallId,
            waitTicks / (double)TimeSpan.TicksPerSecond, call.Talk, call.Hold, call.WrapUp,
            WithinThreshold: waitTicks is { } wait && Queues.KpiJudgement.WithinThreshold(wait, liveSettings.For(fact.QueueId)),
            ShortAbandon: false));
    }

    // Handling that completed, changed, or is no longer complete since the last report: the queues count it.
    private ImmutableArray<HandledContact> ChangedHandling(bool again, ImmutableArray<AgentCallFact> calls)
    {
        var changes = ImmutableArray.CreateBuilder<HandledContact>();
        var current = _timeline.Handled();
        var stillComplete = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handled in current)
        {
            stillComplete.Add(handled.CallId);
            if (again || Mentions(calls, handled.CallId)
                || !_reportedHandling.TryGetValue(handled.CallId, out var reported) || reported != handled)
            {
                _reportedHandling[handled.CallId] = handled;
                changes.Add(handled with { AgentId = AgentId, Version = Versions.Next(ref _version) });
            }
        }
        List<HandledContact>? retracted = null;
        foreach (var (callId, reported) in _reportedHandling)
        {
            if (!stillComplete.Contains(callId))
            {
                _reportedHandling.Remove(callId);
                (retracted ??= []).Add(reported);
            }
        }
        if (retracted is not null)
        {
            // In the order of Handled(), not the dictionary's: a restored grain lays its dictionary out anew.
            retracted.Sort(AgentTimeline.HandledOrder);
            foreach (var reported in retracted)
            {
                changes.Add(reported with { AgentId = AgentId, Version = Versions.Next(ref _version), Removed = true });
            }
        }
        return changes.ToImmutable();
    }

    private static bool Mentions(ImmutableArray<AgentCallFact> calls, string callId)
    {
        foreach (var call in calls)
        {
            if (call.CallId == callId)
            {
                return true;
            }
        }
        return false;
    }

    private AgentSnapshot Snapshot(DateTimeOffset now)
    {
        var state = _timeline.Current;
        var today = _timeline.Today(clock.DayStart(now), now);
        // What an agent's desk says of the contact in hand: its queue, and how long the caller waited for them.
        var call = _timeline.Call(state.CallId);
        return new AgentSnapshot(
            AgentId, _name, _team, state.State, state.Reason, state.Since, state.CallId, state.CallSince, state.OnHold,
            _queues, today, Versions.Next(ref _version), now, _skillLevels)
        {
            CallQueueId = call?.QueueId,
            CallerWaitedSeconds = call is { QueuedAt: { } queued } && (call.AnsweredAt ?? call.OfferedAt) is { } reached
                ? Math.Max(0, (reached - queued).TotalSeconds) : null,
        };
    }
}

/// <summary>What a checkpoint keeps of an agent: the profile, the duplicate memory, what was reported and written, and
/// the timeline. The handling reported and the callbacks are keyed by their own ids.</summary>
[GenerateSerializer, Immutable, Alias("AgentGrainState")]
internal sealed record AgentGrainState(
    [property: Id(0)] string Name,
    [property: Id(1)] string Team,
    [property: Id(2)] ImmutableArray<string> Queues,
    [property: Id(3)] ImmutableDictionary<string, int> SkillLevels,
    [property: Id(4)] DateTimeOffset ProfileAt,
    [property: Id(5)] DateTimeOffset QueuesAt,
    [property: Id(6)] long Version,
    [property: Id(7)] WatermarkState Watermark,
    [property: Id(8)] DateTimeOffset HistoryUpTo,
    [property: Id(9)] DateTimeOffset WatermarkAtLastCheck,
    /// <summary>Open callbacks, and completed ones as tombstones (null).</summary>
    [property: Id(10)] ImmutableArray<KeyValuePair<string, Callback?>> Callbacks,
    [property: Id(11)] ImmutableArray<HandledContact> ReportedHandling,
    [property: Id(12)] ImmutableArray<KeyValuePair<string, DateTimeOffset>> Seen,
    [property: Id(13)] AgentTimelineState Timeline);

/// <summary>An agent's days before today, for history only (<see cref="IPastAgentGrain"/>).</summary>
[GrainType(GrainKeys.PastAgentType)]
public sealed class PastAgentGrain(
    CenterDirectory directory,
    LiveQueueSettings liveSettings,
    CenterClock clock,
    IOptions<IngestionOptions> options,
    IHistorySink history,
    ILogger<AgentGrain> logger) : AgentGrain(directory, liveSettings, clock, options, history, logger), IPastAgentGrain;
