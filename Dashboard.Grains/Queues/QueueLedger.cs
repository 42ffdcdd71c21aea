namespace Dashboard.Grains.Queues;

/// <summary>
/// A queue's contacts and counters: who waits now, and today's and the last 30 minutes' figures (KPI.md),
/// in minute buckets so cost does not grow with traffic. Facts replace earlier facts with the same key, so a
/// changed picture of a contact retracts its old counts and adds the new ones.
/// </summary>
/// <remarks>
/// Each call's contribution is stored as it was counted (which bucket, which counters), so a replacement
/// subtracts exactly what was added even if the settings changed in between. Day totals are kept for the
/// last <see cref="RetainedDays"/> center days; minute buckets in a ring of <see cref="MinuteSlots"/>.
/// A contribution older than the ring still counts in its day.
/// </remarks>
public sealed class QueueLedger
{
    /// <summary>Minutes in the rolling window.</summary>
    public const int WindowMinutes = 30;

    /// <summary>
    /// Minute buckets held: the window, plus room for events up to 5 minutes in the future (the ingestion limit)
    /// so that they never overwrite a bucket still inside the window.
    /// </summary>
    public const int MinuteSlots = 40;

    /// <summary>Center days whose totals are held (today, yesterday, the day before).</summary>
    public const int RetainedDays = 3;

    private static readonly QueueCounters OneOffered = new() { Offered = 1 };

    private readonly CenterClock _clock;
    private readonly Dictionary<string, CallEntry> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComplaintEntry> _complaints = new(StringComparer.Ordinal);
    private readonly MinuteBucket[] _minutes = new MinuteBucket[MinuteSlots];
    private readonly DayTotals[] _days = new DayTotals[RetainedDays];
    private readonly HashSet<CallEntry> _waitingCalls = [];
    private int _dayCount;
    private int _waiting;
    private long _oldestWaitingTicks;
    private bool _oldestWaitingKnown;
    private int _complaintsOpen;

    public QueueLedger(QueueSettings settings, CenterClock clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        Settings = settings;
        _clock = clock;
        for (var i = 0; i < _minutes.Length; i++)
        {
            _minutes[i].Minute = long.MinValue;
        }
    }

    /// <summary>Applies to contributions counted from now on and to how ratios are computed; what was counted stays.</summary>
    public QueueSettings Settings { get; set; } = QueueSettings.Default;

    /// <summary>Ignored when its version is older than the one held for that call.</summary>
    public void Apply(QueueVisitUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_calls.TryGetValue(update.CallId, out var entry))
        {
            if (entry.HasVisitVersion && update.Version < entry.VisitVersion)
            {
                return;
            }
            for (var i = 0; i < entry.VisitCount; i++)
            {
                Count(entry, entry.Visits[i], -1);
            }
        }
        else
        {
            entry = new CallEntry();
            _calls.Add(update.CallId, entry);
        }

        var visits = update.Visits.IsDefault ? ImmutableArray<QueueVisit>.Empty : update.Visits;
        // A visit that left as it had left keeps the judgement it was counted with: a repeat, or a later change to
        // another visit of the call, is not judged again by settings changed since (KPI.md: counted as judged).
        var counted = entry.Visits.AsSpan(0, entry.VisitCount).ToArray();
        if (entry.Visits.Length < visits.Length)
        {
            entry.Visits = new VisitPart[visits.Length];
        }
        var settings = Settings;
        for (var i = 0; i < visits.Length; i++)
        {
            var part = VisitPart.From(visits[i], settings);
            entry.Visits[i] = Array.FindIndex(counted, c => c.SameVisit(part)) is >= 0 and var same ? counted[same] : part;
            Count(entry, entry.Visits[i], 1);
        }
        entry.VisitCount = visits.Length;
        entry.VisitVersion = update.Version;
        entry.HasVisitVersion = true;
    }

    /// <summary>Replaces what is held for (call, agent) unless older; <see cref="HandledContact.Removed"/> retracts.</summary>
    public void Apply(HandledContact handled)
    {
        ArgumentNullException.ThrowIfNull(handled);
        if (!_calls.TryGetValue(handled.CallId, out var entry))
        {
            entry = new CallEntry();
            _calls.Add(handled.CallId, entry);
        }

        var index = entry.FindHandled(handled.AgentId);
        if (index >= 0)
        {
            ref var held = ref entry.Handled[index];
            if (handled.Version < held.Version)
            {
                return;
            }
            if (held.Present)
            {
                AddAt(held.CompletedTicks, held.Counters, -1);
            }
        }
        else
        {
            index = entry.AddHandled(handled.AgentId);
        }

        ref var part = ref entry.Handled[index];
        part.Version = handled.Version;
        part.Present = !handled.Removed;
        part.CompletedTicks = handled.CompletedAt.UtcTicks;
        part.Counters = new QueueCounters { Handled = 1, HandleTicks = ToTicks(handled.HandleSeconds) };
        if (part.Present)
        {
            AddAt(part.CompletedTicks, part.Counters, 1);
        }
    }

    /// <summary>Keeps the latest state per complaint (an older version is ignored).</summary>
    public void Apply(ComplaintFact complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (_complaints.TryGetValue(complaint.ComplaintId, out var held))
        {
            if (complaint.Version < held.Version)
            {
                return;
            }
        }
        Keep(complaint.ComplaintId, new ComplaintEntry(complaint.Version, complaint.IsOpen, complaint.OpenedAt.UtcTicks));
    }

    /// <summary>Contacts in the queue now: visits that have not left.</summary>
    public int Waiting => _waiting;

    /// <summary>The earliest enqueue time among the waiting contacts; null when none waits.</summary>
    public DateTimeOffset? OldestWaitingSince
    {
        get
        {
            if (_waiting == 0)
            {
                return null;
            }
            if (!_oldestWaitingKnown)
            {
                var oldest = long.MaxValue;
                foreach (var entry in _waitingCalls)
                {
                    for (var i = 0; i < entry.VisitCount; i++)
                    {
                        if (!entry.Visits[i].Left && entry.Visits[i].EnqueuedTicks < oldest)
                        {
                            oldest = entry.Visits[i].EnqueuedTicks;
                        }
                    }
                }
                _oldestWaitingTicks = oldest;
                _oldestWaitingKnown = true;
            }
            return At(_oldestWaitingTicks);
        }
    }

    public int ComplaintsOpen => _complaintsOpen;

    /// <summary>The center day containing <paramref name="now"/>, from its start up to now.</summary>
    public WindowFigures Today(DateTimeOffset now)
    {
        var index = FindDay(now.UtcTicks);
        return index >= 0 ? KpiMath.Figures(_days[index].Counters, Settings) : KpiMath.Figures(default, Settings);
    }

    /// <summary>The 30 one-minute buckets ending with the minute containing <paramref name="now"/>.</summary>
    public WindowFigures Last30Minutes(DateTimeOffset now)
    {
        var last = Minute(now.UtcTicks);
        var first = last - WindowMinutes + 1;
        var sum = default(QueueCounters);
        foreach (ref readonly var bucket in _minutes.AsSpan())
        {
            if (bucket.Minute >= first && bucket.Minute <= last)
            {
                sum.Add(bucket.Counters);
            }
        }
        return KpiMath.Figures(sum, Settings);
    }

    /// <summary>Drops per-contact detail of contacts finished before <paramref name="before"/>; their counts stay.</summary>
    /// <remarks>
    /// A contact is finished when all its visits have left and all its handling has completed before
    /// <paramref name="before"/>. A fact about a forgotten contact that arrives later is counted as new, so
    /// callers pass a time behind any fact still to come (the grain: two reorder windows behind its watermark). Complaints no longer open and opened
    /// before <paramref name="before"/> are dropped too.
    /// </remarks>
    public void Forget(DateTimeOffset before)
    {
        var limit = before.UtcTicks;
        foreach (var (callId, entry) in _calls)
        {
            if (entry.FinishedBefore(limit))
            {
                _calls.Remove(callId);
            }
        }
        foreach (var (complaintId, complaint) in _complaints)
        {
            if (!complaint.IsOpen && complaint.OpenedTicks < limit)
            {
                _complaints.Remove(complaintId);
            }
        }
    }

    /// <summary>
    /// What a checkpoint keeps (Durability: snapshots): the settings, each contact as it was counted, the complaints,
    /// the minute buckets and the day totals. Who waits, since when, and how many complaints are open follow from
    /// those, so <see cref="Restore"/> derives them again.
    /// </summary>
    public QueueLedgerState Capture() => new(
        Settings,
        [.. _calls.Select(c => c.Value.Capture(c.Key))],
        [.. _complaints.Select(c => new QueueComplaintState(c.Key, c.Value.Version, c.Value.IsOpen, At(c.Value.OpenedTicks)))],
        [.. _minutes.Where(b => b.Minute != long.MinValue).Select(b => new QueueMinuteState(At(b.Minute * TimeSpan.TicksPerMinute), b.Counters))],
        [.. _days.Take(_dayCount).Select(d => new QueueDayState(At(d.StartTicks), At(d.EndTicks), d.Counters))]);

    /// <summary>The ledger <see cref="Capture"/> described, on <paramref name="clock"/> (the restoring grain's).</summary>
    public static QueueLedger Restore(QueueLedgerState state, CenterClock clock)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ledger = new QueueLedger(state.Settings, clock);
        foreach (var call in state.Calls)
        {
            var entry = CallEntry.Restore(call);
            ledger._calls.Add(call.CallId, entry);
            for (var i = 0; i < entry.VisitCount; i++)
            {
                if (!entry.Visits[i].Left)
                {
                    ledger.StartWaiting(entry, entry.Visits[i]);
                }
            }
        }
        foreach (var complaint in state.Complaints)
        {
            ledger.Keep(complaint.ComplaintId, new ComplaintEntry(complaint.Version, complaint.IsOpen, complaint.OpenedAt.UtcTicks));
        }
        foreach (var kept in state.Minutes)
        {
            var minute = Minute(kept.Start.UtcTicks);
            ledger._minutes[minute % MinuteSlots] = new MinuteBucket { Minute = minute, Counters = kept.Counters };
        }
        foreach (var day in state.Days)
        {
            ledger._days[ledger._dayCount++] = new DayTotals { StartTicks = day.Start.UtcTicks, EndTicks = day.End.UtcTicks, Counters = day.Counters };
        }
        return ledger;
    }

    private void Count(CallEntry entry, in VisitPart part, int sign)
    {
        AddAt(part.EnqueuedTicks, OneOffered, sign);
        if (part.Left)
        {
            AddAt(part.LeftTicks, part.Exit, sign);
        }
        else if (sign > 0)
        {
            StartWaiting(entry, part);
        }
        else
        {
            StopWaiting(entry, part);
        }
    }

    private void StartWaiting(CallEntry entry, in VisitPart part)
    {
        if (_waiting == 0)
        {
            _oldestWaitingTicks = part.EnqueuedTicks;
            _oldestWaitingKnown = true;
        }
        else if (_oldestWaitingKnown && part.EnqueuedTicks < _oldestWaitingTicks)
        {
            _oldestWaitingTicks = part.EnqueuedTicks;
        }
        _waiting++;
        if (entry.WaitingCount++ == 0)
        {
            _waitingCalls.Add(entry);
        }
    }

    private void StopWaiting(CallEntry entry, in VisitPart part)
    {
        if (part.EnqueuedTicks == _oldestWaitingTicks)
        {
            _oldestWaitingKnown = false;
        }
        _waiting--;
        if (--entry.WaitingCount == 0)
        {
            _waitingCalls.Remove(entry);
        }
    }

    /// <summary>Holds <paramref name="entry"/> for the complaint in place of what was held, keeping the open count.</summary>
    private void Keep(string complaintId, ComplaintEntry entry)
    {
        if (_complaints.TryGetValue(complaintId, out var held) && held.IsOpen)
        {
            _complaintsOpen--;
        }
        _complaints[complaintId] = entry;
        if (entry.IsOpen)
        {
            _complaintsOpen++;
        }
    }

    /// <summary>Adds (sign 1) or retracts (−1) <paramref name="delta"/> in the day and the minute of <paramref name="ticks"/>.</summary>
    private void AddAt(long ticks, in QueueCounters delta, int sign)
    {
        var day = sign > 0 ? FindOrAddDay(ticks) : FindDay(ticks);
        if (day >= 0)
        {
            _days[day].Counters.Add(delta, sign);
        }

        var minute = Minute(ticks);
        ref var bucket = ref _minutes[minute % MinuteSlots];
        if (bucket.Minute != minute)
        {
            // A newer minute holds the slot: this one has left the ring (its day still counts it). A retraction
            // never lands here unless its addition was dropped the same way.
            if (bucket.Minute > minute || sign < 0)
            {
                return;
            }
            bucket.Minute = minute;
            bucket.Counters = default;
        }
        bucket.Counters.Add(delta, sign);
    }

    private int FindDay(long ticks)
    {
        for (var i = 0; i < _dayCount; i++)
        {
            if (_days[i].StartTicks <= ticks && ticks < _days[i].EndTicks)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The day containing <paramref name="ticks"/>, adding it in place of the oldest held; −1 when older than all held.</summary>
    private int FindOrAddDay(long ticks)
    {
        var found = FindDay(ticks);
        if (found >= 0)
        {
            return found;
        }

        var at = new DateTimeOffset(ticks, TimeSpan.Zero);
        var start = _clock.DayStart(at).UtcTicks;
        var end = _clock.NextDayStart(at).UtcTicks;
        int slot;
        if (_dayCount < RetainedDays)
        {
            slot = _dayCount++;
        }
        else
        {
            slot = 0;
            for (var i = 1; i < _dayCount; i++)
            {
                if (_days[i].StartTicks < _days[slot].StartTicks)
                {
                    slot = i;
                }
            }
            if (start < _days[slot].StartTicks)
            {
                return -1;
            }
        }
        _days[slot] = new DayTotals { StartTicks = start, EndTicks = end };
        return slot;
    }

    private static long Minute(long utcTicks) => utcTicks / TimeSpan.TicksPerMinute;

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static long ToTicks(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 ? (long)Math.Round(seconds * TimeSpan.TicksPerSecond) : 0;

    private struct MinuteBucket
    {
        public long Minute;
        public QueueCounters Counters;
    }

    private struct DayTotals
    {
        public long StartTicks;
        public long EndTicks;
        public QueueCounters Counters;
    }

    private readonly record struct ComplaintEntry(long Version, bool IsOpen, long OpenedTicks);

    /// <summary>One visit as it was counted: offered at enqueue; its exit counters at the time it left.</summary>
    private struct VisitPart
    {
        public long EnqueuedTicks;
        public long LeftTicks;
        public bool Left;
        public QueueCounters Exit;

        public static VisitPart From(QueueVisit visit, QueueSettings settings)
        {
            var part = new VisitPart { EnqueuedTicks = visit.EnqueuedAt.UtcTicks };
            if (visit.LeftAt is not { } leftAt)
            {
                return part;
            }

            part.Left = true;
            part.LeftTicks = leftAt.UtcTicks;
            var wait = Math.Max(0, part.LeftTicks - part.EnqueuedTicks);
            var withinThreshold = KpiJudgement.WithinThreshold(wait, settings) ? 1 : 0;
            switch (visit.Exit)
            {
                case QueueExit.Answered:
                    part.Exit.Answered = 1;
                    part.Exit.AnsweredWaitTicks = wait;
                    part.Exit.AnsweredWithinThreshold = withinThreshold;
                    break;
                case QueueExit.Abandoned:
                    part.Exit.Abandoned = 1;
                    part.Exit.AbandonedWithinThreshold = withinThreshold;
                    part.Exit.ShortAbandoned = KpiJudgement.ShortAbandon(wait, settings) ? 1 : 0;
                    break;
                default:
                    // Flowed out, or left without a known way out: it left unanswered another way.
                    part.Exit.FlowedOut = 1;
                    break;
            }
            return part;
        }

        /// <summary>The same visit, left at the same time the same way (its judgement aside).</summary>
        public readonly bool SameVisit(in VisitPart other) =>
            EnqueuedTicks == other.EnqueuedTicks && Left == other.Left && LeftTicks == other.LeftTicks
            && Exit.Answered == other.Exit.Answered && Exit.Abandoned == other.Exit.Abandoned && Exit.FlowedOut == other.Exit.FlowedOut;

        public readonly QueueVisitState Capture() => new(At(EnqueuedTicks), Left ? At(LeftTicks) : null, Exit);

        public static VisitPart Restore(QueueVisitState state) => new()
        {
            EnqueuedTicks = state.EnqueuedAt.UtcTicks,
            Left = state.LeftAt is not null,
            LeftTicks = state.LeftAt?.UtcTicks ?? 0,
            Exit = state.Exit,
        };
    }

    private struct HandledPart
    {
        public string AgentId;
        public long Version;
        public bool Present;
        public long CompletedTicks;
        public QueueCounters Counters;

        public readonly QueueHandledState Capture() => new(AgentId, Version, Present, At(CompletedTicks), Counters);

        public static HandledPart Restore(QueueHandledState state) => new()
        {
            AgentId = state.AgentId,
            Version = state.Version,
            Present = state.Present,
            CompletedTicks = state.CompletedAt.UtcTicks,
            Counters = state.Counters,
        };
    }

    /// <summary>Everything held for one call in this queue: its visits and each agent's handling of it.</summary>
    private sealed class CallEntry
    {
        public VisitPart[] Visits = [];
        public int VisitCount;
        public long VisitVersion;
        public bool HasVisitVersion;
        public int WaitingCount;
        public HandledPart[] Handled = [];
        public int HandledCount;

        /// <summary>The visits and handling held; <see cref="WaitingCount"/> is the ledger's to count again on restore.</summary>
        public QueueCallState Capture(string callId) => new(
            callId,
            HasVisitVersion ? VisitVersion : null,
            [.. Visits.Take(VisitCount).Select(v => v.Capture())],
            [.. Handled.Take(HandledCount).Select(h => h.Capture())]);

        public static CallEntry Restore(QueueCallState state) => new()
        {
            Visits = [.. state.Visits.Select(VisitPart.Restore)],
            VisitCount = state.Visits.Length,
            VisitVersion = state.VisitVersion ?? 0,
            HasVisitVersion = state.VisitVersion is not null,
            Handled = [.. state.Handled.Select(HandledPart.Restore)],
            HandledCount = state.Handled.Length,
        };

        public int FindHandled(string agentId)
        {
            for (var i = 0; i < HandledCount; i++)
            {
                if (string.Equals(Handled[i].AgentId, agentId, StringComparison.Ordinal))
                {
                    return i;
                }
            }
            return -1;
        }

        public int AddHandled(string agentId)
        {
            if (HandledCount == Handled.Length)
            {
                Array.Resize(ref Handled, Math.Max(1, HandledCount * 2));
            }
            Handled[HandledCount] = new HandledPart { AgentId = agentId, Version = long.MinValue };
            return HandledCount++;
        }

        public bool FinishedBefore(long limitTicks)
        {
            if (WaitingCount > 0)
            {
                return false;
            }
            for (var i = 0; i < VisitCount; i++)
            {
                if (Visits[i].LeftTicks >= limitTicks)
                {
                    return false;
                }
            }
            for (var i = 0; i < HandledCount; i++)
            {
                if (Handled[i].CompletedTicks >= limitTicks)
                {
                    return false;
                }
            }
            return true;
        }
    }
}

/// <summary>What a checkpoint keeps of a <see cref="QueueLedger"/> (<see cref="QueueLedger.Capture"/>).</summary>
[GenerateSerializer, Immutable, Alias("QueueLedgerState")]
public sealed record QueueLedgerState(
    [property: Id(0)] QueueSettings Settings,
    [property: Id(1)] ImmutableArray<QueueCallState> Calls,
    [property: Id(2)] ImmutableArray<QueueComplaintState> Complaints,
    /// <summary>The minute buckets of the ring that hold a minute.</summary>
    [property: Id(3)] ImmutableArray<QueueMinuteState> Minutes,
    [property: Id(4)] ImmutableArray<QueueDayState> Days);

/// <summary>One call as the queue counted it: its visits and each agent's handling.</summary>
/// <param name="VisitVersion">The version of the visits held; null while only handling was heard of.</param>
[GenerateSerializer, Immutable, Alias("QueueCallState")]
public sealed record QueueCallState(
    [property: Id(0)] string CallId,
    [property: Id(1)] long? VisitVersion,
    [property: Id(2)] ImmutableArray<QueueVisitState> Visits,
    [property: Id(3)] ImmutableArray<QueueHandledState> Handled);

/// <summary>One visit as counted; <paramref name="Exit"/> is what its leaving added, judged by the settings then
/// (a replacement takes away exactly that).</summary>
/// <param name="LeftAt">Null while it waits.</param>
[GenerateSerializer, Immutable, Alias("QueueVisitState")]
public readonly record struct QueueVisitState(
    [property: Id(0)] DateTimeOffset EnqueuedAt,
    [property: Id(1)] DateTimeOffset? LeftAt,
    [property: Id(2)] QueueCounters Exit);

/// <param name="Present">False when retracted (the version still stands against older facts).</param>
[GenerateSerializer, Immutable, Alias("QueueHandledState")]
public readonly record struct QueueHandledState(
    [property: Id(0)] string AgentId,
    [property: Id(1)] long Version,
    [property: Id(2)] bool Present,
    [property: Id(3)] DateTimeOffset CompletedAt,
    [property: Id(4)] QueueCounters Counters);

[GenerateSerializer, Immutable, Alias("QueueComplaintState")]
public readonly record struct QueueComplaintState(
    [property: Id(0)] string ComplaintId,
    [property: Id(1)] long Version,
    [property: Id(2)] bool IsOpen,
    [property: Id(3)] DateTimeOffset OpenedAt);

/// <param name="Start">The start of the bucket's minute (UTC).</param>
[GenerateSerializer, Immutable, Alias("QueueMinuteState")]
public readonly record struct QueueMinuteState([property: Id(0)] DateTimeOffset Start, [property: Id(1)] QueueCounters Counters);

/// <summary>One center day's totals: from its start up to the next day's.</summary>
[GenerateSerializer, Immutable, Alias("QueueDayState")]
public readonly record struct QueueDayState(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] QueueCounters Counters);
