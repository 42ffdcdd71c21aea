using Dashboard.Grains.Complaints;

namespace Dashboard.Web.Complaints;

/// <summary>What is overdue on a complaint now: its first response (nobody has acted on it in time), or its resolution.</summary>
public enum ComplaintOverdue { None, FirstResponse, Resolution }

/// <summary>A complaint's due times and what is overdue, at one moment.</summary>
/// <param name="FirstResponseLate">Answered, but after its due time (for the monthly report's "on time").</param>
/// <param name="ResolutionLate">Resolved, but after its due time.</param>
/// <param name="FirstResponsePending">Nobody has acted on it yet.</param>
public sealed record ComplaintDueState(
    DateTimeOffset FirstResponseDue, DateTimeOffset ResolutionDue, ComplaintOverdue Overdue, bool FirstResponseLate, bool ResolutionLate,
    bool FirstResponsePending = false)
{
    /// <summary>The step an open complaint waits for next: its first response while none was made and its resolution is
    /// not yet overdue, else its resolution.</summary>
    public bool NextIsFirstResponse => FirstResponsePending && Overdue != ComplaintOverdue.Resolution;

    public DateTimeOffset NextDue => NextIsFirstResponse ? FirstResponseDue : ResolutionDue;
}

/// <summary>The due-time rules in force: the due times (the center's and each queue's), how they count, and the
/// center's working calendar and clock to count them in.</summary>
public sealed record ComplaintDuePolicy(ComplaintDueRules Rules, WorkingCalendar Calendar, CenterClock Clock)
{
    /// <summary>The instant <paramref name="span"/> after <paramref name="start"/>, counted as the rules say.</summary>
    public DateTimeOffset After(DateTimeOffset start, TimeSpan span) =>
        Rules.Counting == DueCounting.WorkingHours ? Calendar.Add(start, span, Clock)
        : DateTimeOffset.MaxValue - start < span ? DateTimeOffset.MaxValue : start + span;
}

/// <summary>The one home of the complaint desk's due-time rules: due from the opening by severity and queue, on the
/// clock or in working hours; overdue while the step is not done and its due time has passed. A resolved,
/// called-back or closed complaint is overdue for nothing.</summary>
public static class ComplaintDue
{
    public static ComplaintDueState Judge(ComplaintCase complaint, ComplaintDuePolicy policy, DateTimeOffset now)
    {
        var due = policy.Rules.For(complaint.QueueId, complaint.Severity);
        var firstDue = policy.After(complaint.OpenedAt, due.FirstResponse);
        var resolutionDue = policy.After(complaint.OpenedAt, due.Resolution);
        var overdue = !complaint.IsOpen ? ComplaintOverdue.None
            : now > resolutionDue ? ComplaintOverdue.Resolution
            : complaint.FirstResponseAt is null && now > firstDue ? ComplaintOverdue.FirstResponse
            : ComplaintOverdue.None;
        return new ComplaintDueState(firstDue, resolutionDue, overdue,
            complaint.FirstResponseAt is { } answered && answered > firstDue,
            complaint.ResolvedAt is { } resolved && resolved > resolutionDue,
            complaint.IsOpen && complaint.FirstResponseAt is null);
    }

    /// <summary>The desk's order: open before done; then what is overdue (resolution before first response); then
    /// serious before normal; then the soonest due; the done ones newest first.</summary>
    public static IOrderedEnumerable<(ComplaintCase Case, ComplaintDueState Due)> ByUrgency(
        this IEnumerable<(ComplaintCase Case, ComplaintDueState Due)> rows) =>
        rows.OrderBy(r => r.Case.IsOpen ? 0 : 1)
            .ThenBy(r => r.Due.Overdue switch { ComplaintOverdue.Resolution => 0, ComplaintOverdue.FirstResponse => 1, _ => 2 })
            .ThenBy(r => r.Case.IsOpen && r.Case.Severity == ComplaintSeverity.Serious ? 0 : 1)
            .ThenBy(r => r.Case.IsOpen ? NextDue(r).UtcTicks : -r.Case.LastStepAt.UtcTicks)
            .ThenBy(r => r.Case.ComplaintId, StringComparer.Ordinal);

    private static DateTimeOffset NextDue((ComplaintCase Case, ComplaintDueState Due) row) =>
        row.Case.FirstResponseAt is null && row.Due.FirstResponseDue < row.Due.ResolutionDue ? row.Due.FirstResponseDue : row.Due.ResolutionDue;
}
