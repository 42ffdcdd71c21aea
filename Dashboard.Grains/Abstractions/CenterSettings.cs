using Dashboard.Grains.Alerts;

namespace Dashboard.Grains.Abstractions;

/// <summary>
/// The settings managers edit live (per-queue service level, alert levels, the staffing plan): held by one grain
/// for the whole cluster, kept in the dashboard's database through <see cref="ICenterSettingsStore"/>, and pushed
/// to the grains that use them, so every silo works with the same values.
/// </summary>
public interface ICenterSettingsGrain : IGrainWithIntegerKey
{
    // The getters interleave: a queue or the floor activating asks for its settings while this grain may be in
    // the middle of pushing a change to that very grain; they only read what is held.

    /// <summary>The queue's settings in force: a manager's, else its configuration's, else the defaults.</summary>
    [AlwaysInterleave]
    Task<QueueSettings> GetQueueSettingsAsync(string queueId);

    /// <summary>Every queue's settings a manager changed, with a version that moves on each change.</summary>
    [AlwaysInterleave]
    Task<QueueSettingsSet> GetChangedQueueSettingsAsync();

    [AlwaysInterleave]
    Task<FloorSettings> GetFloorSettingsAsync();

    /// <returns>The settings before the change.</returns>
    Task<QueueSettings> SetQueueSettingsAsync(string queueId, QueueSettings settings);

    /// <returns>The center-wide levels before the change.</returns>
    Task<AlertLevels> SetAlertThresholdsAsync(AlertLevels center);

    /// <summary>A queue's own levels; <see cref="QueueAlertRules.None"/> (all null) makes it follow the center's again.</summary>
    /// <returns>The queue's own levels before the change.</returns>
    Task<QueueAlertRules> SetQueueAlertRulesAsync(string queueId, QueueAlertRules rules);

    /// <returns>The plan before the change.</returns>
    Task<StaffingPlan> SetStaffingPlanAsync(StaffingPlan plan);

    /// <summary>The complaint due times and the working calendar managers set (null parts: configuration's).</summary>
    [AlwaysInterleave]
    Task<ComplaintSettings> GetComplaintSettingsAsync();

    /// <returns>The rules managers had set before, or null.</returns>
    Task<ComplaintDueRules?> SetComplaintDueAsync(ComplaintDueRules rules);

    /// <returns>The calendar managers had set before, or null.</returns>
    Task<WorkingCalendar?> SetWorkingCalendarAsync(WorkingCalendar calendar);
}

/// <summary>Where the settings grain keeps what managers set: the web host's database (a key and a JSON document).</summary>
public interface ICenterSettingsStore
{
    Task<IReadOnlyDictionary<string, string>> LoadAsync(CancellationToken cancellationToken = default);

    /// <param name="json">Null removes the key.</param>
    Task SaveAsync(string key, string? json, CancellationToken cancellationToken = default);
}

/// <summary>The queues' settings managers changed, as one versioned set (each silo's cache compares versions).</summary>
[GenerateSerializer, Immutable, Alias("QueueSettingsSet")]
public sealed record QueueSettingsSet(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableDictionary<string, QueueSettings> Queues);

/// <summary>What the floor needs of the settings, and publishes to every screen: alert levels and the staffing plan.</summary>
[GenerateSerializer, Immutable, Alias("FloorSettings")]
public sealed record FloorSettings(
    [property: Id(0)] AlertThresholds Alerts,
    [property: Id(1)] StaffingPlan Staffing,
    /// <summary>The queues' settings managers changed, for queues the floor shows before their grain reports.</summary>
    [property: Id(2)] ImmutableDictionary<string, QueueSettings> Queues);

/// <summary>A named local time range of the center's day, in <c>Center:TimeZone</c>; it may run past midnight
/// (22:00–06:00). The start is in the shift, the end is not.</summary>
[GenerateSerializer, Immutable, Alias("Shift")]
public sealed record Shift(
    [property: Id(0)] string Name,
    [property: Id(1)] TimeOnly Start,
    [property: Id(2)] TimeOnly End)
{
    public bool Contains(TimeOnly local) => Start < End ? local >= Start && local < End : local >= Start || local < End;
}

/// <summary>Planned headcount (编制) of one team in one shift.</summary>
[GenerateSerializer, Immutable, Alias("PlannedHeadcount")]
public sealed record PlannedHeadcount(
    [property: Id(0)] string Team,
    [property: Id(1)] string Shift,
    [property: Id(2)] int Headcount);

/// <summary>The staffing plan: shifts that do not overlap, and the headcount each team plans in each.</summary>
[GenerateSerializer, Immutable, Alias("StaffingPlan")]
public sealed record StaffingPlan(
    [property: Id(0)] ImmutableArray<Shift> Shifts,
    [property: Id(1)] ImmutableArray<PlannedHeadcount> Headcounts)
{
    public static readonly StaffingPlan Empty = new([], []);

    public Shift? ShiftAt(TimeOnly local) => Shifts.IsDefault ? null : Shifts.FirstOrDefault(s => s.Contains(local));

    /// <summary>Equal by content (the arrays compare by reference otherwise).</summary>
    public bool SameAs(StaffingPlan other) =>
        (Shifts.IsDefault ? [] : Shifts).SequenceEqual(other.Shifts.IsDefault ? [] : other.Shifts)
        && (Headcounts.IsDefault ? [] : Headcounts).SequenceEqual(other.Headcounts.IsDefault ? [] : other.Headcounts);
}

/// <summary>One team now: planned (编制) for the shift in force against on duty (在岗: logged in, any state but offline).</summary>
public sealed record TeamStaffing(string Team, int Planned, int OnDuty)
{
    public int Shortfall => Math.Max(0, Planned - OnDuty);
}

/// <summary>The shift in force and each team's planned against on duty; teams on duty with no plan show 0 planned.</summary>
public sealed record StaffingNow(Shift? Shift, IReadOnlyList<TeamStaffing> Teams)
{
    public int Planned => Teams.Sum(t => t.Planned);

    public int OnDuty => Teams.Sum(t => t.OnDuty);

    public int Shortfall => Teams.Sum(t => t.Shortfall);

    public static StaffingNow Compute(StaffingPlan plan, IEnumerable<AgentSnapshot> agents, TimeOnly localNow)
    {
        var shift = plan.ShiftAt(localNow);
        var onDuty = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (agent.State != AgentState.Offline && !string.IsNullOrEmpty(agent.Team))
                onDuty[agent.Team] = onDuty.GetValueOrDefault(agent.Team) + 1;
        }
        var planned = shift is null || plan.Headcounts.IsDefault
            ? []
            : plan.Headcounts.Where(h => h.Shift == shift.Name).ToDictionary(h => h.Team, h => h.Headcount, StringComparer.Ordinal);
        var teams = planned.Keys.Union(onDuty.Keys, StringComparer.Ordinal)
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(team => new TeamStaffing(team, planned.GetValueOrDefault(team), onDuty.GetValueOrDefault(team)))
            .ToList();
        return new StaffingNow(shift, teams);
    }
}
