using CsCheck;
using Dashboard.Grains.Complaints;
using Dashboard.Web.Complaints;

namespace Dashboard.Tests.Complaints;

/// <summary>Due times and overdue, by hand: the defaults are serious 30 min / 4 h and normal 24 h / 72 h from the opening.</summary>
public sealed class ComplaintDueTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly CenterClock Utc = new(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));
    private static readonly ComplaintDuePolicy Defaults = new(new ComplaintOptions().ToRules(), WorkingCalendar.OfficeWeek, Utc);

    private static ComplaintCase Case(
        string id = "k1", ComplaintSeverity severity = ComplaintSeverity.Serious, ComplaintStatus status = ComplaintStatus.Open,
        DateTimeOffset? opened = null, DateTimeOffset? firstResponse = null, DateTimeOffset? resolved = null, string queue = "cards") =>
        new(id, 1, queue, null, severity, status, opened ?? Nine, null, null, null, null, null, null, 0, firstResponse, resolved,
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

    [Fact]
    public void QueueOverride_ReplacesOnlyItsOwnSeverity_OtherQueuesFollowTheCenter()
    {
        var rules = new ComplaintOptions().ToRules() with
        {
            Queues = ImmutableDictionary<string, QueueDueTimes>.Empty.Add("cards", new QueueDueTimes(null, new DueTimes(TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)))),
        };
        var policy = Defaults with { Rules = rules };

        var cardsSerious = ComplaintDue.Judge(Case(), policy, Nine.AddMinutes(16));
        var cardsNormal = ComplaintDue.Judge(Case(severity: ComplaintSeverity.Normal), policy, Nine.AddMinutes(16));
        var loansSerious = ComplaintDue.Judge(Case(queue: "loans"), policy, Nine.AddMinutes(16));

        Assert.Equal((Nine.AddMinutes(15), Nine.AddHours(2), ComplaintOverdue.FirstResponse), (cardsSerious.FirstResponseDue, cardsSerious.ResolutionDue, cardsSerious.Overdue));
        Assert.Equal((Nine.AddDays(1), Nine.AddDays(3)), (cardsNormal.FirstResponseDue, cardsNormal.ResolutionDue));
        Assert.Equal((Nine.AddMinutes(30), ComplaintOverdue.None), (loansSerious.FirstResponseDue, loansSerious.Overdue));
    }

    // Shanghai (+08:00, no daylight saving), Monday to Friday 09:00–18:00. 2026-12-04 is a Friday, 2026-12-07 a Monday.
    private static readonly CenterClock Shanghai = new(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(0, 0));
    private static DateTimeOffset Local(int day, int hour, int minute) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static ComplaintDuePolicy WorkingHours(params DateOnly[] closed) =>
        new(new ComplaintOptions().ToRules() with { Counting = DueCounting.WorkingHours }, WorkingCalendar.OfficeWeek with { Closed = [.. closed] }, Shanghai);

    [Fact]
    public void WorkingHours_FridayEvening_RunsOnMondayMorning()
    {
        // Opened Friday 17:45: 15 minutes on Friday, the rest from Monday 09:00.
        var due = ComplaintDue.Judge(Case(opened: Local(4, 17, 45)), WorkingHours(), Local(7, 9, 10));

        Assert.Equal((Local(7, 9, 15), Local(7, 12, 45), ComplaintOverdue.None), (due.FirstResponseDue, due.ResolutionDue, due.Overdue));
        // The same complaint on the clock was overdue on Friday at 18:15.
        Assert.Equal(ComplaintOverdue.Resolution, ComplaintDue.Judge(Case(opened: Local(4, 17, 45)), Defaults with { Clock = Shanghai }, Local(7, 9, 10)).Overdue);
    }

    [Fact]
    public void WorkingHours_ClosedDateSkipped_AndAWeekendOpeningStartsAtTheNextOpening()
    {
        var overHoliday = ComplaintDue.Judge(Case(opened: Local(4, 17, 45)), WorkingHours(new DateOnly(2026, 12, 7)), Local(8, 9, 16));
        var saturday = ComplaintDue.Judge(Case(severity: ComplaintSeverity.Normal, opened: Local(5, 10, 0)), WorkingHours(), Local(5, 10, 0));

        Assert.Equal((Local(8, 9, 15), Local(8, 12, 45), ComplaintOverdue.FirstResponse), (overHoliday.FirstResponseDue, overHoliday.ResolutionDue, overHoliday.Overdue));
        // 24 working hours from Monday 09:00 are nine-hour days: Monday, Tuesday, and 6 h of Wednesday.
        Assert.Equal(Local(9, 15, 0), saturday.FirstResponseDue);
    }

    [Fact]
    public void WorkingTime_Property_TheDueTimeLeavesExactlyTheWorkingMinutesAskedFor()
    {
        // A reference counted minute by minute, independent of the calendar's day-by-day arithmetic.
        static int WorkingMinutes(WorkingCalendar calendar, DateTime from, DateTime to)
        {
            var count = 0;
            for (var t = from; t < to; t = t.AddMinutes(1))
            {
                var date = DateOnly.FromDateTime(t);
                var time = TimeOnly.FromDateTime(t);
                if (!calendar.Closed.Contains(date) && calendar.Week.Any(d => d.Day == t.DayOfWeek && time >= d.Open && (d.Close == TimeOnly.MinValue || time < d.Close)))
                    count++;
            }
            return count;
        }
        var day = Gen.Select(Gen.Enum<DayOfWeek>(), Gen.Int[0, 22], Gen.Int[1, 24], Gen.Int[0, 59]).Select((d, open, length, m) =>
            new WorkingDay(d, new TimeOnly(open, m), open + length >= 24 ? TimeOnly.MinValue : new TimeOnly(open + length, 0)))
            .Where(d => d.Close == TimeOnly.MinValue || d.Close > d.Open);
        var calendars = Gen.Select(day.Array[1, 4], Gen.Int[0, 20].Array[0, 3]).Select((days, closed) =>
            new WorkingCalendar([.. days.DistinctBy(d => d.Day)], [.. closed.Select(c => new DateOnly(2026, 12, 1).AddDays(c))]));
        Gen.Select(calendars, Gen.Int[0, 14 * 24 * 60], Gen.Int[0, 600]).Sample((calendar, startMinute, work) =>
        {
            var start = new DateTime(2026, 12, 1).AddMinutes(startMinute);
            var due = calendar.Add(Local(1, 0, 0).AddMinutes(startMinute), TimeSpan.FromMinutes(work), Shanghai);
            var dueLocal = Shanghai.ToLocal(due).DateTime;
            // Exactly the work asked for lies between, and the last minute before the due time is a working one.
            return WorkingMinutes(calendar, start, dueLocal) == work
                && (work == 0 || WorkingMinutes(calendar, dueLocal.AddMinutes(-1), dueLocal) == 1);
        }, iter: 150);
    }
}
