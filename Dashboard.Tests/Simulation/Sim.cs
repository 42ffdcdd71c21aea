using Dashboard.Web.Simulation;
using Microsoft.Extensions.Configuration;

namespace Dashboard.Tests.Simulation;

/// <summary>Builders for simulator scenarios: centers, quiet options, a model, and runs of it.</summary>
internal static class Sim
{
    /// <summary>A Monday, 08:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    public static CenterClock Clock(string zone = "UTC") =>
        new(TimeProvider.System, TimeZoneInfo.FindSystemTimeZoneById(zone), new TimeOnly(0, 0));

    /// <summary>Nothing happens unless the test asks for it: no arrivals, no breaks, no lunch, no ring-no-answer,
    /// transfers, holds, complaints or surveys; fixed durations; callers never hang up.</summary>
    public static SimulatorOptions Quiet() => new()
    {
        DefaultArrivalsPerHour = 0,
        DailyProfile = [1.0],
        MinimumLoad = 0,
        Voice = new() { TalkMedianSeconds = 180, TalkSigma = 0, PatienceMeanSeconds = 0, RingSeconds = 4 },
        Chat = new() { TalkMedianSeconds = 300, TalkSigma = 0, PatienceMeanSeconds = 0, RingSeconds = 2 },
        Email = new() { TalkMedianSeconds = 240, TalkSigma = 0, PatienceMeanSeconds = 0, RingSeconds = 1 },
        ShortAbandonShare = 0,
        HoldProbability = 0,
        WrapUpMedianSeconds = 30,
        WrapUpSigma = 0,
        RingNoAnswerProbability = 0,
        TransferProbability = 0,
        PriorityShare = 0,
        ComplaintProbability = 0,
        SurveyProbability = 0,
        CallbackProbability = 0,
        BreaksPerAgentPerHour = 0,
        LunchIntervalHours = 0,
    };

    public static QueueDefinition Queue(string id, Channel channel = Channel.Voice, bool wrapUp = true) =>
        new() { Id = id, Name = id, Channel = channel, WrapUp = wrapUp };

    public static AgentDefinition Agent(string id, params string[] queues) =>
        new() { Id = id, Name = $"Agent {id}", Team = "Team", Queues = [.. queues] };

    public static CenterOptions Center(
        IEnumerable<QueueDefinition> queues, IEnumerable<AgentDefinition> agents, params string[] reasonCodes) => new()
    {
        Queues = [.. queues],
        Agents = [.. agents],
        ReasonCodes = [.. reasonCodes.Select(code => new ReasonCode { Code = code, Label = code })],
    };

    public static readonly string[] AllReasonCodes = ["break", "lunch", "training", "meeting", "callback", "coaching"];

    public static Func<string, IReadOnlyDictionary<string, int>?> Configured => _ => null;

    public static AcdModel Model(
        SimulatorOptions options,
        CenterOptions center,
        Func<string, IReadOnlyDictionary<string, int>?>? liveSkills = null,
        int seed = 1,
        CenterClock? clock = null,
        DateTimeOffset? start = null) =>
        new(options, center, clock ?? Clock(), liveSkills ?? Configured, new Random(seed), start ?? Start, "test");

    /// <summary>Advances the model in steps up to <paramref name="until"/>, feeding every batch to the checker
    /// (when given) and returning all events.</summary>
    public static List<CenterEvent> Run(
        AcdModel model, DateTimeOffset until, TimeSpan step, StreamChecker? checker = null)
    {
        var events = new List<CenterEvent>();
        var at = model.Now;
        do
        {
            at = at + step < until ? at + step : until;
            var batch = model.AdvanceTo(at);
            checker?.Check(batch, at);
            events.AddRange(batch);
        }
        while (at < until);
        return events;
    }

    public static IEnumerable<CenterEvent> OfType(this IEnumerable<CenterEvent> events, EventType type) =>
        events.Where(e => e.Type == type);

    /// <summary>The demo center and simulator settings from Dashboard.Web/appsettings.json.</summary>
    public static (CenterOptions Center, SimulatorOptions Simulator) DemoSettings()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(directory.FullName, "Dashboard.Web", "appsettings.json"))
            .Build();
        var center = configuration.GetSection(CenterOptions.Section).Get<CenterOptions>() ?? new CenterOptions();
        // As the demo runs: the demo's queues and agents (DemoCenter) beside the center's own, which ships with none.
        Assert.Empty(center.Queues);
        Assert.Empty(center.Agents);
        var demo = configuration.GetSection(DemoCenterOptions.Section).Get<DemoCenterOptions>() ?? new DemoCenterOptions();
        center.Queues = [.. demo.Queues];
        center.Agents = [.. demo.Agents];
        var simulator = configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        return (center, simulator);
    }
}
