using Dashboard.Grains.Complaints;
using Dashboard.Web.Complaints;

namespace Dashboard.Tests.Complaints;

/// <summary>Due times and overdue, by hand: the defaults are serious 30 min / 4 h and normal 24 h / 72 h from the opening.</summary>
public sealed class ComplaintDueTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly ComplaintOptions Defaults = new();

    private static ComplaintCase Case(
        string id = "k1", ComplaintSeverity severity = ComplaintSeverity.Serious, ComplaintStatus status = ComplaintStatus.Open,
        DateTimeOffset? opened = null, DateTimeOffset? firstResponse = null, DateTimeOffset? resolved = null) =>
        new(id, 1, "cards", null, severity, status, opened ?? Nine, null, null, null, null, null, null, 0, firstResponse, resolved,
            null, opened ?? Nine, []);

    [Theory]
    [InlineData(30, ComplaintOverdue.None)]           // 09:30: due, not past it
    [InlineData(31, ComplaintOverdue.FirstResponse)]  // 09:31, nobody has answered
    [InlineData(240, ComplaintOverdue.FirstResponse)] // 13:00: the resolution is due, not past it
    [InlineData(241, ComplaintOverdue.Resolution)]    // 13:01: the resolution is late (it outranks the first response)
    public void Serious_Unanswered_OverdueByTheClock(int minutes, ComplaintOverdue overdue)
    {
        var due = ComplaintDue.Judge(Case(), Defaults, Nine.AddMinutes(minutes));

        Assert.Equal((Nine.AddMinutes(30), Nine.AddHours(4), overdue), (due.FirstResponseDue, due.ResolutionDue, due.Overdue));
    }

    [Fact]
    public void Answered_Late_NotOverdueButLate_ResolvedInTime_NothingOverdue()
    {
        var answered = ComplaintDue.Judge(Case(status: ComplaintStatus.InProgress, firstResponse: Nine.AddMinutes(40)), Defaults, Nine.AddHours(1));
        var resolved = ComplaintDue.Judge(
            Case(status: ComplaintStatus.Resolved, firstResponse: Nine.AddMinutes(10), resolved: Nine.AddHours(3)), Defaults, Nine.AddDays(2));

        Assert.Equal((ComplaintOverdue.None, true), (answered.Overdue, answered.FirstResponseLate));
        Assert.Equal((ComplaintOverdue.None, false, false), (resolved.Overdue, resolved.FirstResponseLate, resolved.ResolutionLate));
    }

    [Fact]
    public void Normal_DayAndThreeDays()
    {
        var due = ComplaintDue.Judge(Case(severity: ComplaintSeverity.Normal), Defaults, Nine.AddHours(25));

        Assert.Equal((Nine.AddDays(1), Nine.AddDays(3), ComplaintOverdue.FirstResponse), (due.FirstResponseDue, due.ResolutionDue, due.Overdue));
    }

    [Fact]
    public void ByUrgency_OverdueResolutionFirst_ThenFirstResponse_ThenSerious_ThenSoonestDue_DoneLast()
    {
        var now = Nine.AddHours(5);
        var cases = new[]
        {
            Case("done", status: ComplaintStatus.Closed, opened: Nine.AddHours(-1)),
            Case("normal-fresh", severity: ComplaintSeverity.Normal, opened: Nine.AddHours(4)),
            Case("serious-fresh", opened: Nine.AddHours(4).AddMinutes(50)),         // first response due 10:20 (later)
            Case("serious-answered", opened: Nine.AddHours(4).AddMinutes(40), firstResponse: Nine.AddHours(4).AddMinutes(45),
                status: ComplaintStatus.InProgress),                                   // resolution due 17:40
            Case("first-response-late", severity: ComplaintSeverity.Normal, opened: Nine.AddDays(-1).AddHours(4)),
            Case("resolution-late", opened: Nine),
        };

        var order = cases.Select(c => (c, ComplaintDue.Judge(c, Defaults, now))).ByUrgency().Select(r => r.Item1.ComplaintId);

        Assert.Equal(["resolution-late", "first-response-late", "serious-fresh", "serious-answered", "normal-fresh", "done"], order);
    }
}
