using Dashboard.Web.Notifications;

namespace Dashboard.Tests.Notifications;

/// <summary>Who is told of an alert and when, by hand: routes by rule and severity, the escalation's delay, repeats
/// every 10 minutes up to the cap while unacknowledged, nothing once acknowledged or cleared, quiet hours.</summary>
public sealed class NotificationPlanTests
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly CenterClock Utc = new(TimeProvider.System, TimeZoneInfo.Utc, new TimeOnly(0, 0));

    private static readonly NotificationChannel Supervisors = new() { Name = "sup", Kind = "wecom", Url = "http://x", Roles = ["supervisor"] };
    private static readonly NotificationChannel Managers = new() { Name = "mgr", Kind = "wecom", Url = "http://y", Roles = ["Manager"] };

    private static NotificationOptions Options(QuietHours? quiet = null) => new()
    {
        Channels = [Supervisors, Managers],
        Routes =
        [
            new() { MinSeverity = AlertSeverity.Warning, Roles = ["supervisor"] },
            new() { Rules = ["longest-wait"], MinSeverity = AlertSeverity.Critical, Roles = ["manager"], After = TimeSpan.FromMinutes(15) },
        ],
        RepeatEvery = TimeSpan.FromMinutes(10),
        MaxRepeats = 3,
        QuietHours = quiet,
    };

    private static Alert Alert(string rule = "longest-wait", AlertSeverity severity = AlertSeverity.Critical, DateTimeOffset? cleared = null, DateTimeOffset? acknowledged = null) =>
        new($"queue:q:{rule}", AlertScope.Queue, "q", "Pre-sales", rule, severity, 200, 120, Ten, cleared, acknowledged is null ? null : "sup1", acknowledged);

    private static List<(int Route, int Attempt, string Channels)> Due(Alert alert, TimeSpan after, NotificationOptions? options = null) =>
        [.. NotificationPlan.Due([alert], options ?? Options(), Ten + after, Utc).Select(d => (d.Route, d.Attempt, string.Join(",", d.Channels.Select(c => c.Name))))];

    [Theory]
    [InlineData(0, "0:0:sup")]                    // raised: the supervisors at once
    [InlineData(9, "0:0:sup")]                    // the same first sending (claimed once in the ledger)
    [InlineData(10, "0:1:sup")]                   // 10 min unacknowledged: reminder 1
    [InlineData(15, "0:1:sup|1:0:mgr")]           // 15 min: the manager too (role names match whatever their case)
    [InlineData(25, "0:2:sup|1:1:mgr")]
    [InlineData(300, "0:3:sup|1:3:mgr")]          // repeats stop at the cap: attempt 3 stays the last
    public void Critical_Unacknowledged_FirstThenRepeats_EscalatesAfterItsDelay(int minutes, string expected) =>
        Assert.Equal(expected, string.Join("|", Due(Alert(), TimeSpan.FromMinutes(minutes)).Select(d => $"{d.Route}:{d.Attempt}:{d.Channels}")));

    [Fact]
    public void Warning_OrAnotherRule_NotEscalated_AcknowledgedOrCleared_NothingAtAll()
    {
        Assert.Equal([(0, 2, "sup")], Due(Alert(severity: AlertSeverity.Warning), TimeSpan.FromMinutes(20)));
        Assert.Equal([(0, 2, "sup")], Due(Alert(rule: "service-level"), TimeSpan.FromMinutes(20)));
        Assert.Empty(Due(Alert(acknowledged: Ten.AddMinutes(3)), TimeSpan.FromMinutes(20)));
        Assert.Empty(Due(Alert(cleared: Ten.AddMinutes(3)), TimeSpan.FromMinutes(20)));
        Assert.Empty(Due(Alert(), TimeSpan.FromMinutes(-1)));
        Assert.Empty(Due(Alert(), TimeSpan.Zero, new NotificationOptions { Routes = Options().Routes }));
    }

    [Theory]
    [InlineData("22:00", "07:00", 23, 0, true)]
    [InlineData("22:00", "07:00", 6, 59, true)]
    [InlineData("22:00", "07:00", 7, 0, false)]
    [InlineData("22:00", "07:00", 21, 59, false)]
    [InlineData("12:00", "13:30", 12, 0, true)]
    [InlineData("12:00", "13:30", 13, 30, false)]
    public void QuietHours_StartIn_EndOut_MayRunPastMidnight(string from, string to, int hour, int minute, bool quiet) =>
        Assert.Equal(quiet, NotificationPlan.InQuietHours(new QuietHours { From = from, To = to }, new TimeOnly(hour, minute)));

    [Fact]
    public void QuietHours_OnlyTheExemptSeverityGoesOut()
    {
        var quiet = Options(new QuietHours { From = "09:00", To = "11:00", Except = AlertSeverity.Critical });

        Assert.Empty(Due(Alert(severity: AlertSeverity.Warning), TimeSpan.FromMinutes(5), quiet));
        Assert.Equal([(0, 0, "sup")], Due(Alert(), TimeSpan.FromMinutes(5), quiet));
        // After the quiet hours a warning still standing goes out with the repeat then due.
        Assert.Equal([(0, 3, "sup")], Due(Alert(severity: AlertSeverity.Warning), TimeSpan.FromMinutes(65), quiet));
    }

    [Fact]
    public void Options_ABadChannelOrRoute_NamedWithWhatIsWrong()
    {
        var options = new NotificationOptions
        {
            Channels =
            [
                new() { Name = "a", Kind = "pager", Roles = ["supervisor"] },
                new() { Name = "a", Kind = "slack", Url = "not a url" },
                new() { Name = "mail", Kind = "email", Roles = ["manager"] },
            ],
            Routes = [new() { After = TimeSpan.FromMinutes(-1) }],
            QuietHours = new() { From = "late", To = "07:00" },
        };

        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(p => p.ErrorMessage).ToList();

        Assert.Equal(
        [
            "Notifications:Channels:0:Kind must be one of email, wecom, dingtalk, slack, teams.",
            "Notifications:Channels:1:Name is required and must be unique.",
            "Notifications:Channels:1:Url must be the chat's webhook address (http or https).",
            "Notifications:Channels:1:Roles must name whom the channel reaches (supervisor, manager, ...).",
            "Notifications:Channels:2:To needs at least one address for an e-mail channel.",
            "Notifications:Smtp:Host and :From are required for an e-mail channel.",
            "Notifications:Routes:0:Roles must name at least one role.",
            "Notifications:Routes:0:After must not be negative.",
            "Notifications:QuietHours:From and :To must be local times HH:mm.",
        ], problems);
    }
}
