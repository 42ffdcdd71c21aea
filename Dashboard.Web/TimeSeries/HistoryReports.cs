using Dashboard.Grains.History;
using Dashboard.Grains.Queues;

namespace Dashboard.Web.TimeSeries;

/// <summary>
/// Reports from history records, with the live model's definitions: queue counters are summed into the same
/// <see cref="QueueCounters"/> (durations in ticks, so the order of records never changes a sum) and turned into
/// figures by <see cref="KpiMath"/>; agent figures use the same span clipping and ratios as the live agent.
/// </summary>
public static class HistoryReports
{
    /// <summary>The start of the interval of <paramref name="minutes"/> containing <paramref name="at"/>, aligned to the center's local clock.</summary>
    public static DateTimeOffset IntervalStart(DateTimeOffset at, int minutes, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var intoInterval = TimeSpan.FromMinutes(local.TimeOfDay.TotalMinutes % minutes);
        return at - intoInterval;
    }

    /// <summary>What a queue report reads: the queue's contacts stored from a margin before to a margin after the range.</summary>
    public static HistoryFilter ContactsFor(QueueIntervalQuery query, TimeSpan margin) =>
        new(HistoryKind.Contact, query.From - margin, query.To + margin, QueueId: query.QueueId);

    /// <summary>
    /// Counts each contact where KPI.md attributes it — offered where it entered the queue, its exit where it
    /// left, its handle time where its handling completed — in rows aligned to the center's clock; only instants in
    /// [From, To) count. Contacts of other queues are ignored.
    /// </summary>
    public static IReadOnlyList<QueueIntervalRow> QueueIntervals(
        QueueIntervalQuery query, IEnumerable<ContactRecord> contacts, QueueSettings settings, CenterClock clock)
    {
        // Rows by center day follow the clock's days (its day start; a day of a clock change is 23 or 25 hours).
        var bounds = query.ByDay
            ? [.. Days(query.From, query.To, clock)]
            : Minutes(IntervalStart(query.From, query.IntervalMinutes, clock.Zone), query.To, query.IntervalMinutes).ToList();
        var starts = bounds.Select(b => b.Start.UtcTicks).ToList();
        var counters = new QueueCounters[starts.Count];
        long from = query.From.UtcTicks, to = query.To.UtcTicks;

        void Add(long at, in QueueCounters delta)
        {
            if (at < from || at >= to)
                return;
            var index = starts.BinarySearch(at);
            counters[index >= 0 ? index : ~index - 1].Add(delta);
        }

        foreach (var c in contacts)
        {
            if (!string.Equals(c.QueueId, query.QueueId, StringComparison.Ordinal))
                continue;
            foreach (var (at, delta) in Counted(c))
                Add(at, delta);
        }

        var rows = new QueueIntervalRow[starts.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new QueueIntervalRow(query.QueueId, bounds[i].Start, bounds[i].End, KpiMath.Figures(counters[i], settings));
        }
        return rows;
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Minutes(DateTimeOffset first, DateTimeOffset to, int minutes)
    {
        for (var start = first; start < to; start = start.AddMinutes(minutes))
        {
            yield return (start, start.AddMinutes(minutes));
        }
    }

    /// <summary>Where KPI.md counts one contact of a queue, as (UTC ticks, counters): offered where it entered the
    /// queue, its exit where it left, its handle time where its handling completed. Nothing for a contact that never
    /// waited in a queue (a direct call).</summary>
    public static IEnumerable<(long AtTicks, QueueCounters Delta)> Counted(ContactRecord c)
    {
        if (c.WaitSeconds is not { } wait)
            yield break;
        var left = c.At.UtcTicks;
        var waitTicks = Ticks(wait);
        yield return (left - waitTicks, new QueueCounters { Offered = 1 });
        var within = c.WithinThreshold ? 1 : 0;
        switch (c.Outcome)
        {
            case ContactOutcome.Answered:
                yield return (left, new QueueCounters { Answered = 1, AnsweredWaitTicks = waitTicks, AnsweredWithinThreshold = within });
                var handle = Ticks(c.TalkSeconds) + Ticks(c.HoldSeconds) + Ticks(c.WrapUpSeconds);
                yield return (left + handle, new QueueCounters { Handled = 1, HandleTicks = handle });
                break;
            case ContactOutcome.Abandoned:
                yield return (left, new QueueCounters { Abandoned = 1, AbandonedWithinThreshold = within, ShortAbandoned = c.ShortAbandon ? 1 : 0 });
                break;
            default:
                yield return (left, new QueueCounters { FlowedOut = 1 });
                break;
        }
    }

    /// <summary>The center days an agent report covers: each day's start and the next day's, for days meeting [from, to).</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Days(DateTimeOffset from, DateTimeOffset to, CenterClock clock)
    {
        for (var start = clock.DayStart(from); start < to; start = clock.NextDayStart(start))
        {
            yield return (start, clock.NextDayStart(start));
        }
    }

    /// <summary>What an agent report reads: spans are split at day starts, so they are read from the first day's start.</summary>
    public static HistoryFilter SpansFor(AgentDayQuery query, CenterClock clock) =>
        new(HistoryKind.AgentState, clock.DayStart(query.From), query.To, AgentId: query.AgentId);

    /// <summary>Answered contacts, read from a margin before the range since their handling completes after they are stored.</summary>
    public static HistoryFilter HandledFor(AgentDayQuery query, TimeSpan margin) =>
        new(HistoryKind.Contact, query.From - margin, query.To, AgentId: query.AgentId, Outcome: ContactOutcome.Answered);

    public static HistoryFilter SurveysFor(AgentDayQuery query) =>
        new(HistoryKind.Survey, query.From, query.To, AgentId: query.AgentId);

    /// <summary>
    /// One row per agent and center day in the range (clipped to it): every day for a named agent, days with any
    /// record otherwise. Spans are clipped at the window's edges as the live agent clips them at the day start.
    /// </summary>
    public static IReadOnlyList<AgentDayRow> AgentDays(
        AgentDayQuery query, IEnumerable<ContactRecord> contacts, IEnumerable<AgentSpanRecord> spans,
        IEnumerable<SurveyRecord> surveys, CenterClock clock)
    {
        var rows = new List<AgentDayRow>();
        var contactList = contacts.Where(c => c.Outcome == ContactOutcome.Answered && c.AgentId is not null).ToList();
        var spanList = spans.ToList();
        var surveyList = surveys.ToList();
        foreach (var (dayStart, dayEnd) in Days(query.From, query.To, clock))
        {
            var lo = Math.Max(dayStart.UtcTicks, query.From.UtcTicks);
            var hi = Math.Min(dayEnd.UtcTicks, query.To.UtcTicks);
            var day = clock.DayOf(dayStart);
            var byAgent = new SortedDictionary<string, AgentDay>(StringComparer.Ordinal);
            AgentDay For(string agentId) => byAgent.TryGetValue(agentId, out var d) ? d : byAgent[agentId] = new AgentDay();
            if (query.AgentId is { } only)
                For(only);

            foreach (var s in spanList)
            {
                var seconds = (Math.Min(s.End.UtcTicks, hi) - Math.Max(s.At.UtcTicks, lo)) / (double)TimeSpan.TicksPerSecond;
                if (seconds <= 0 || !Wanted(query, s.AgentId))
                    continue;
                var d = For(s.AgentId);
                d.Seconds[(int)s.State] += seconds;
                if (s.State == SpanState.NotReady)
                {
                    var reason = s.Reason ?? "";
                    d.Reasons[reason] = d.Reasons.GetValueOrDefault(reason) + seconds;
                }
            }
            foreach (var c in contactList)
            {
                var handle = Ticks(c.TalkSeconds) + Ticks(c.HoldSeconds) + Ticks(c.WrapUpSeconds);
                var completed = c.At.UtcTicks + handle;
                if (completed < lo || completed >= hi || !Wanted(query, c.AgentId!))
                    continue;
                var d = For(c.AgentId!);
                d.Handled++;
                d.HandleTicks += handle;
            }
            foreach (var s in surveyList)
            {
                if (s.At.UtcTicks < lo || s.At.UtcTicks >= hi || !Wanted(query, s.AgentId))
                    continue;
                var d = For(s.AgentId);
                d.Responses++;
                d.ScoreSum += s.Score;
                d.TopTwo += s.Score >= 4 ? 1 : 0;
            }

            foreach (var (agentId, d) in byAgent)
            {
                double talk = d.Seconds[(int)SpanState.Talk], hold = d.Seconds[(int)SpanState.Hold];
                double wrap = d.Seconds[(int)SpanState.WrapUp], available = d.Seconds[(int)SpanState.Available];
                rows.Add(new AgentDayRow(
                    agentId, day, new DateTimeOffset(lo, TimeSpan.Zero), new DateTimeOffset(hi, TimeSpan.Zero),
                    d.Handled, KpiMath.AverageHandleTime(d.HandleTicks / (double)TimeSpan.TicksPerSecond, d.Handled),
                    talk, hold, wrap, available, d.Seconds[(int)SpanState.NotReady],
                    KpiMath.Occupancy(talk + hold + wrap, available),
                    d.Reasons.ToImmutableSortedDictionary(StringComparer.Ordinal),
                    KpiMath.Csat(d.Responses, d.ScoreSum, d.TopTwo)));
            }
        }
        return rows;
    }

    /// <summary>Seconds as stored to ticks: exact for what the live model wrote (durations it measured in ticks).</summary>
    public static long Ticks(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 ? (long)Math.Round(seconds * TimeSpan.TicksPerSecond) : 0;

    private static bool Wanted(AgentDayQuery query, string agentId) =>
        query.AgentId is null || string.Equals(query.AgentId, agentId, StringComparison.Ordinal);

    private sealed class AgentDay
    {
        public readonly double[] Seconds = new double[5];
        public readonly Dictionary<string, double> Reasons = new(StringComparer.Ordinal);
        public int Handled;
        public long HandleTicks;
        public int Responses;
        public int ScoreSum;
        public int TopTwo;
    }
}
