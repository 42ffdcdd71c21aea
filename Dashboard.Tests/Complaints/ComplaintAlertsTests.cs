using Dashboard.Grains.Complaints;
using Dashboard.Grains.Floor;
using Dashboard.Web.Complaints;

namespace Dashboard.Tests.Complaints;

/// <summary>The complaint desk's alerts by hand (serious 30 min / 4 h, normal 24 h / 72 h on the clock), and the floor's
/// union of what the hosts report.</summary>
public sealed class ComplaintAlertsTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly ComplaintDuePolicy Defaults =
        new(new ComplaintOptions().ToRules(), WorkingCalendar.OfficeWeek, new CenterClock(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0)));

    private static ComplaintCase Case(string id, ComplaintSeverity severity, DateTimeOffset opened, DateTimeOffset? firstResponse = null,
        ComplaintStatus status = ComplaintStatus.Open) =>
        new(id, 1, "cards", null, severity, status, opened, null, null, null, null, null, null, 0, firstResponse, null, null, opened, []);

    private static List<string> Alerts(DateTimeOffset now, params ComplaintCase[] cases) =>
        [.. ComplaintAlerts.Of(cases.Select(c => (c, ComplaintDue.Judge(c, Defaults, now))), now, id => id.ToUpperInvariant())
            .Select(a => $"{a.Id} {a.Severity} {a.Value}/{a.Threshold} {a.RaisedAt:HH:mm} {a.SubjectName} {a.Reason}")];

    [Fact]
    public void Serious_FromOpeningUntilTakenUp_ThenOverdue_NormalOnlyWhenOverdue_ResolvedNothing()
    {
        var now = Nine.AddMinutes(20);
        Assert.Equal(["complaint:k1:complaint-serious-opened Critical 20/30 09:00 CARDS k1"],
            Alerts(now, Case("k1", ComplaintSeverity.Serious, Nine), Case("k2", ComplaintSeverity.Normal, Nine)));
        // Taken up at 09:05: nothing until the resolution is due at 13:00.
        Assert.Empty(Alerts(now, Case("k1", ComplaintSeverity.Serious, Nine, firstResponse: Nine.AddMinutes(5), status: ComplaintStatus.InProgress)));
        // 09:45, nobody on it: the first response is 15 minutes overdue (the opening's alert gives way).
        Assert.Equal(["complaint:k1:complaint-first-response-overdue Critical 15/30 09:30 CARDS k1"],
            Alerts(Nine.AddMinutes(45), Case("k1", ComplaintSeverity.Serious, Nine)));
        // A normal complaint three days and an hour old, answered: its resolution is an hour overdue, a warning.
        Assert.Equal(["complaint:k2:complaint-resolution-overdue Warning 60/4320 09:00 CARDS k2"],
            Alerts(Nine.AddDays(3).AddHours(1), Case("k2", ComplaintSeverity.Normal, Nine, firstResponse: Nine.AddHours(1), status: ComplaintStatus.InProgress)));
        Assert.Empty(Alerts(Nine.AddDays(5), Case("k3", ComplaintSeverity.Serious, Nine, Nine.AddMinutes(1), ComplaintStatus.Resolved)));
    }

    private static Alert Alert(string id, DateTimeOffset raised) =>
        new(id, AlertScope.Queue, "q", "Q", "complaint-serious-opened", AlertSeverity.Critical, 1, 30, raised, null);

    [Fact]
    public void Floor_UnionOfTheHosts_EarliestRaise_ClearedOnceWhenNoHostReportsIt_SilentHostForgotten()
    {
        var department = new DepartmentAlerts();
        department.Set("host-a", [Alert("x", Nine), Alert("y", Nine)], Nine);
        department.Set("host-b", [Alert("x", Nine.AddSeconds(-3))], Nine);
        Assert.Equal(["x@08:59:57", "y@09:00:00"], department.Evaluate(Nine).Select(a => $"{a.Id}@{a.RaisedAt:HH:mm:ss}"));

        // Host A judged y done; host B, a moment behind, still says x: x stays, y clears once.
        department.Set("host-a", [], Nine.AddSeconds(5));
        Assert.Equal(["x:", "y:09:00:05"], department.Evaluate(Nine.AddSeconds(5)).Select(a => $"{a.Id}:{a.ClearedAt:HH:mm:ss}"));
        Assert.Equal(["x"], department.Evaluate(Nine.AddSeconds(6)).Select(a => a.Id));
        // Host B stops reporting: 30 s later it no longer counts, and x clears.
        department.Set("host-a", [], Nine.AddSeconds(40));
        Assert.Equal(["x"], department.Evaluate(Nine.AddSeconds(40)).Where(a => a.ClearedAt is not null).Select(a => a.Id));
        Assert.Empty(department.Evaluate(Nine.AddSeconds(41)));
    }

    [Fact]
    public void CallbacksOverdue_OnePerAgent_WarningThenCriticalAfterAnHour_RaisedAtTheOldestDue()
    {
        static Dashboard.Grains.Callbacks.CallbackEntry Entry(string id, string agent, int dueMinutes, int? doneMinutes = null) =>
            new(id, agent, "cards", null, Nine.AddHours(-5), Nine.AddMinutes(dueMinutes), doneMinutes is { } d ? Nine.AddMinutes(d) : null, null);
        var callbacks = new[]
        {
            Entry("cb-1", "a1", -20), Entry("cb-2", "a1", -5), Entry("cb-3", "a1", 30),  // two overdue, the oldest 20 min
            Entry("cb-4", "a2", -61),                                                   // an hour and a minute late
            Entry("cb-5", "a3", -90, doneMinutes: -80), Entry("cb-6", "a3", 5),         // done late, and not yet due: nothing
        };

        var alerts = ComplaintAlerts.CallbacksOverdue(callbacks, Nine, id => id.ToUpperInvariant())
            .Select(a => $"{a.Id} {a.Severity} {a.Value} {a.Reason} {a.RaisedAt:HH:mm} {a.SubjectName} {a.Scope}");

        Assert.Equal(["agent:a1:callbacks-overdue Warning 20 2 08:40 A1 Agent", "agent:a2:callbacks-overdue Critical 61 1 07:59 A2 Agent"], alerts);
    }
}
