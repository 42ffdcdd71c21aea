using Dashboard.Web.Simulation;

namespace Dashboard.Tests.Simulation;

/// <summary>Arrival counts against the Poisson process they come from: a count over a period with expected
/// value m lies within m ± 4·√m (the standard deviation of a Poisson count is √m) except with probability
/// below 1 in 10,000.</summary>
public class AcdModelArrivalTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>One queue nobody serves (callers abandon after a minute or so, so nothing piles up).</summary>
    private static (SimulatorOptions Options, CenterOptions Center) OneQueue(double perHour)
    {
        var options = Sim.Quiet();
        options.ArrivalsPerHour["sales"] = perHour;
        options.Voice.PatienceMeanSeconds = 60;
        return (options, Sim.Center([Sim.Queue("sales")], [Sim.Agent("a1", "service")]));
    }

    private static void AssertPoisson(double mean, int count) =>
        Assert.InRange(count, mean - 4 * Math.Sqrt(mean), mean + 4 * Math.Sqrt(mean));

    [Fact]
    public void AdvanceTo_FlatLoadForTwoDays_ArrivalsWithinPoissonBound()
    {
        var (options, center) = OneQueue(perHour: 120);
        var model = Sim.Model(options, center, seed: 11);

        var queued = Sim.Run(model, Sim.Start.AddHours(48), Tick).OfType(EventType.CallQueued).Count();

        AssertPoisson(mean: 120 * 48, queued); // 5,760 ± 304
    }

    [Fact]
    public void AdvanceTo_SpeedFactorTen_TenTimesTheArrivalsPerRealMinute()
    {
        var (normal, center) = OneQueue(perHour: 120);
        var (fast, _) = OneQueue(perHour: 120);
        fast.SpeedFactor = 10;
        var end = Sim.Start.AddMinutes(30);

        var atNormal = Sim.Run(Sim.Model(normal, center, seed: 5), end, Tick).OfType(EventType.CallQueued).Count();
        var atTen = Sim.Run(Sim.Model(fast, center, seed: 5), end, Tick).OfType(EventType.CallQueued).Count();

        AssertPoisson(mean: 120 * 0.5, atNormal);   // 60 ± 31
        AssertPoisson(mean: 120 * 0.5 * 10, atTen); // 600 ± 98
    }

    [Fact]
    public void AdvanceTo_SpeedFactorTen_TalkTimesTenTimesShorter()
    {
        var options = Sim.Quiet();
        options.SpeedFactor = 10;
        options.ArrivalsPerHour["sales"] = 120;
        options.Voice.TalkMedianSeconds = 180;
        options.Voice.TalkSigma = 0.6;
        var center = Sim.Center([Sim.Queue("sales")], [.. Enumerable.Range(1, 20).Select(i => Sim.Agent($"a{i}", "sales"))]);
        var model = Sim.Model(options, center, seed: 9);

        var events = Sim.Run(model, Sim.Start.AddMinutes(30), TimeSpan.FromMilliseconds(200));

        var answered = events.OfType(EventType.CallAnswered).ToDictionary(e => e.CallId!, e => e.At);
        var talk = events.OfType(EventType.CallEnded).Select(e => (e.At - answered[e.CallId!]).TotalSeconds).Order().ToList();
        var median = talk[talk.Count / 2];
        // Log-normal median 180 s ÷ 10 = 18 s. The sample median's log has standard error ≈ 1.2533·σ/√n
        // (σ = 0.6, n ≈ 600 → 0.031); allow 4 of them either side.
        var margin = Math.Exp(4 * 1.2533 * 0.6 / Math.Sqrt(talk.Count));
        Assert.True(talk.Count > 400);
        Assert.InRange(median, 18 / margin, 18 * margin);
    }

    [Fact]
    public void AdvanceTo_NightInTheCenterZone_MinimumLoadKeepsCallsComing()
    {
        // Default profile: at most 0.04 of peak between 01:00 and 05:00 local, below the minimum load of 0.3.
        var (options, _) = OneQueue(perHour: 600);
        options.DailyProfile = [];
        options.MinimumLoad = 0.3;
        var center = Sim.Center([Sim.Queue("sales")], [Sim.Agent("a1", "service")]);
        center.TimeZone = "Asia/Shanghai";
        var clock = Sim.Clock("Asia/Shanghai");
        var start = new DateTimeOffset(2025, 3, 10, 2, 0, 0, TimeSpan.FromHours(8)); // 02:00 in Shanghai = 18:00 UTC
        var model = Sim.Model(options, center, clock: clock, start: start, seed: 4);

        var queued = Sim.Run(model, start.AddHours(2), Tick).OfType(EventType.CallQueued).Count();

        AssertPoisson(mean: 600 * 0.3 * 2, queued); // 360 ± 76
    }

    [Fact]
    public void AdvanceTo_MorningPeakInTheCenterZone_FollowsTheProfile()
    {
        // Default profile: 1.00 at 10:30 and 0.95 at 11:30 local; between them the load is linear, so
        // 10:30–11:30 averages 0.975 of peak.
        var (options, center) = OneQueue(perHour: 600);
        options.DailyProfile = [];
        options.MinimumLoad = 0.3;
        var clock = Sim.Clock("Asia/Shanghai");
        var start = new DateTimeOffset(2025, 3, 10, 10, 30, 0, TimeSpan.FromHours(8));
        var model = Sim.Model(options, center, clock: clock, start: start, seed: 4);

        var queued = Sim.Run(model, start.AddHours(1), Tick).OfType(EventType.CallQueued).Count();

        AssertPoisson(mean: 600 * 0.975, queued); // 585 ± 97
    }

    [Fact]
    public void AdvanceTo_TenAtNightWithADayOfItsOwn_PlaysTheMorningPeakAndContactsWait()
    {
        // 22:00 in the center's zone: by the clock the load is at its 0.3 floor and five agents keep up with anything.
        // With a day of its own from 09:30 the demo plays 09:30–10:30 (0.85 → 1.0 of peak), and at 120 an hour on five
        // agents with three-minute calls contacts queue up.
        var (options, _) = OneQueue(perHour: 120);
        options.DailyProfile = [];
        options.MinimumLoad = 0.3;
        options.TimeOfDay = new TimeOnly(9, 30);
        var center = Sim.Center([Sim.Queue("sales")], [.. Enumerable.Range(1, 5).Select(i => Sim.Agent($"a{i}", "sales"))]);
        var clock = Sim.Clock("Asia/Shanghai");
        var start = new DateTimeOffset(2025, 3, 10, 22, 0, 0, TimeSpan.FromHours(8));
        var model = Sim.Model(options, center, clock: clock, start: start, seed: 4);

        var events = Sim.Run(model, start.AddHours(1), Tick);
        var queued = events.OfType(EventType.CallQueued).Count();

        Assert.Equal(0.85, model.LoadAt(start.AddMinutes(0)), precision: 6);
        Assert.Equal(1.0, model.LoadAt(start.AddHours(1)), precision: 6);
        AssertPoisson(mean: 120 * 0.925, queued); // 111 ± 32, against 36 by the clock
        Assert.NotEmpty(events.OfType(EventType.CallAbandoned)); // callers gave up waiting: a queue in trouble
    }

    [Theory]
    [InlineData(0, 0.065)]       // slot centres at hh:30: midnight is halfway between 23:30 (0.08) and 00:30 (0.05)
    [InlineData(30, 0.05)]
    [InlineData(10 * 60 + 30, 1.0)]
    [InlineData(11 * 60, 0.975)]
    [InlineData(12 * 60 + 30, 0.70)]
    public void LoadAt_DefaultProfile_InterpolatesBetweenHours(int minuteOfDay, double expected)
    {
        var options = Sim.Quiet();
        options.DailyProfile = [];
        options.MinimumLoad = 0;
        var model = Sim.Model(options, Sim.Center([], []));

        var load = model.LoadAt(new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero).AddMinutes(minuteOfDay));

        Assert.Equal(expected, load, precision: 6);
    }
}
