using Dashboard.Grains.Callbacks;
using Dashboard.Web.Live;

namespace Dashboard.Web.Complaints;

/// <summary>Where a callback stands: owed and not yet due, owed past its due time, or done (on time or late).</summary>
public enum CallbackStanding { Due, Overdue, DoneOnTime, DoneLate }

/// <summary>A callback with the names a supervisor reads and where it stands.</summary>
public sealed record CallbackRow(CallbackEntry Entry, string AgentName, string Team, string? QueueName, CallbackStanding Standing);

/// <summary>Callbacks of one team or queue: owed (not yet due), overdue, and done today on time or late.</summary>
public sealed record CallbackTally(string Key, string Name, int Due, int Overdue, int DoneOnTime, int DoneLate);

/// <summary>The callbacks owed now and those done today, with tallies by team and by queue.</summary>
public sealed record CallbackView(IReadOnlyList<CallbackRow> Rows, IReadOnlyList<CallbackTally> ByTeam, IReadOnlyList<CallbackTally> ByQueue);

/// <summary>
/// The team and queue view of callbacks (return calls among them, issue 18 §3): every callback owed, soonest due
/// first, and those done since the start of the center's day; where each stands (<see cref="StandingOf"/>, the one
/// rule), tallied by team and queue.
/// </summary>
public sealed class CallbackBoard(IGrainFactory grains, ILiveFeed feed, CenterDirectory directory, Reports.ReportService names, CenterClock clock, TimeProvider time)
{
    public static CallbackStanding StandingOf(CallbackEntry entry, DateTimeOffset now) =>
        entry.CompletedAt is { } done ? (done > entry.DueAt ? CallbackStanding.DoneLate : CallbackStanding.DoneOnTime)
        : now > entry.DueAt ? CallbackStanding.Overdue : CallbackStanding.Due;

    public async Task<CallbackView> ReadAsync()
    {
        var now = time.GetUtcNow();
        var dayStart = clock.DayStart(now);
        var agents = feed.Current.Agents;
        var rows = (await grains.GetGrain<ICallbackBoardGrain>(CallbackBoardGrain.Key).ListAsync())
            .Where(e => e.Owed || e.CompletedAt >= dayStart)
            .Select(e => new CallbackRow(
                e, names.AgentName(e.AgentId),
                (agents.GetValueOrDefault(e.AgentId)?.Team ?? directory.Agent(e.AgentId)?.Team) is { Length: > 0 } team ? team : "—",
                e.QueueId is { } queue ? names.QueueName(queue) : null, StandingOf(e, now)))
            .OrderBy(r => r.Entry.Owed ? 0 : 1).ThenBy(r => r.Entry.Owed ? r.Entry.DueAt : DateTimeOffset.MaxValue - (r.Entry.CompletedAt!.Value - DateTimeOffset.MinValue))
            .ThenBy(r => r.Entry.CallbackId, StringComparer.Ordinal)
            .ToList();
        return new CallbackView(rows, Tally(rows, r => (r.Team, r.Team)), Tally(rows.Where(r => r.Entry.QueueId is not null), r => (r.Entry.QueueId!, r.QueueName!)));
    }

    private static List<CallbackTally> Tally(IEnumerable<CallbackRow> rows, Func<CallbackRow, (string Key, string Name)> by) =>
        [.. rows.GroupBy(by).Select(g => new CallbackTally(g.Key.Key, g.Key.Name,
                g.Count(r => r.Standing == CallbackStanding.Due), g.Count(r => r.Standing == CallbackStanding.Overdue),
                g.Count(r => r.Standing == CallbackStanding.DoneOnTime), g.Count(r => r.Standing == CallbackStanding.DoneLate)))
            .OrderByDescending(t => t.Overdue).ThenBy(t => t.Name, StringComparer.CurrentCulture)];
}
