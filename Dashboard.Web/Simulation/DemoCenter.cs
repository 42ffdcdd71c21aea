namespace Dashboard.Web.Simulation;

/// <summary>
/// The demo's center (section "DemoCenter"): six queues over voice, chat and email and forty agents in four teams,
/// for the simulator to play. It belongs to the demo: on while the simulator runs (<c>DemoCenter:Enabled</c>, default
/// <c>Simulator:Enabled</c>), never in a real center's live model.
/// </summary>
public sealed class DemoCenterOptions
{
    public const string Section = "DemoCenter";

    /// <summary>Adds the demo's queues and agents to the center; default: while the simulator runs (and no replay).</summary>
    public bool? Enabled { get; set; }

    public List<QueueDefinition> Queues { get; set; } = [];

    public List<AgentDefinition> Agents { get; set; } = [];
}

/// <summary>Whose queues and agents the live model starts with, and whom the demo accounts are: decided here, once.</summary>
public static class DemoCenter
{
    /// <summary>
    /// The center the live model is seeded with (<see cref="CenterOptions.Queues"/>, <see cref="CenterOptions.Agents"/>):
    /// the center's own configuration (<c>Center:Queues</c>, <c>Center:Agents</c>); with a replay, the bank's six queues
    /// (its agents appear as they log in); with the demo on, the demo's center beside the center's own (the center's own
    /// win on the same id). A real center — simulator off, fed by its telephony — sees only its own queues and agents.
    /// </summary>
    public static WebApplicationBuilder AddDemoCenter(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var demo = configuration.GetSection(DemoCenterOptions.Section).Get<DemoCenterOptions>() ?? new DemoCenterOptions();
        if (IsReplay(configuration))
        {
            builder.Services.PostConfigure<CenterOptions>(center =>
            {
                center.Queues = [.. BankDay.Queues.Select(q => new QueueDefinition { Id = q.Key, Name = q.Value })];
                center.Agents = [];
            });
        }
        else if (IsOn(configuration))
        {
            builder.Services.PostConfigure<CenterOptions>(center =>
            {
                center.Queues = Merge(demo.Queues, center.Queues, q => q.Id);
                center.Agents = Merge(demo.Agents, center.Agents, a => a.Id);
            });
        }
        return builder;
    }

    /// <summary>Whether the demo's queues and agents are in the center.</summary>
    public static bool IsOn(IConfiguration configuration) =>
        !IsReplay(configuration)
        && (configuration.GetValue<bool?>($"{DemoCenterOptions.Section}:{nameof(DemoCenterOptions.Enabled)}")
            ?? configuration.GetValue("Simulator:Enabled", true));

    private static bool IsReplay(IConfiguration configuration) =>
        configuration.GetSection(ReplayOptions.Section).Get<ReplayOptions>() is { Enabled: true };

    /// <summary>The agent the demo agent's account is, and the team the demo supervisor's floor opens on: the demo's
    /// first agent; in a replay the bank's first agent of the day and its team; otherwise the center's first.</summary>
    public static (string? AgentId, string? Team) DemoRoster(IConfiguration configuration)
    {
        if (configuration.GetSection(ReplayOptions.Section).Get<ReplayOptions>() is { Enabled: true, Path: { } path })
            return (BankDay.FirstAgent(BankDay.Read(path)), BankDay.Team);
        var first = IsOn(configuration)
            ? configuration.GetSection($"{DemoCenterOptions.Section}:Agents:0")
            : configuration.GetSection($"{CenterOptions.Section}:Agents:0");
        return (first["Id"], first["Team"]);
    }

    private static List<T> Merge<T>(IEnumerable<T> demo, IEnumerable<T> own, Func<T, string> id)
    {
        var owned = own.Select(id).ToHashSet(StringComparer.Ordinal);
        return [.. demo.Where(d => !owned.Contains(id(d))), .. own];
    }
}
