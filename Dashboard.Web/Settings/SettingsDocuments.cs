using System.Globalization;
using Dashboard.Grains.Alerts;

namespace Dashboard.Web.Settings;

/// <summary>A queue's service-level settings on the wire (KPI.md): the target as a fraction, the formula by name.</summary>
public sealed record QueueSettingsDocument(
    double? ServiceLevelTarget,
    int? ServiceLevelThresholdSeconds,
    int? ShortAbandonSeconds,
    string? ServiceLevelFormula,
    bool? IncludeFlowOuts,
    bool? WrapUp)
{
    public static QueueSettingsDocument Of(QueueSettings s) => new(
        s.ServiceLevelTarget, s.ServiceLevelThresholdSeconds, s.ShortAbandonSeconds, s.ServiceLevelFormula.Name(),
        s.IncludeFlowOuts, s.WrapUp);

    /// <summary>Only after <see cref="SettingsValidation.Validate(QueueSettingsDocument?)"/> found nothing.</summary>
    public QueueSettings ToSettings() => new(
        ServiceLevelTarget!.Value, ServiceLevelThresholdSeconds!.Value, ShortAbandonSeconds!.Value,
        ServiceLevelFormulas.Parse(ServiceLevelFormula!), IncludeFlowOuts!.Value, WrapUp!.Value);
}

/// <summary>
/// A rule on a value that is bad when high, on the wire. Every field is nullable so that one left out is told
/// apart from one sent: bound straight to <see cref="LevelRule"/>, a left-out field would silently be 0 or true.
/// </summary>
public sealed record LevelRuleDocument(bool? Enabled, double? Warning, double? Critical, double? Hysteresis)
{
    public static LevelRuleDocument Of(LevelRule r) => new(r.Enabled, r.Warning, r.Critical, r.Hysteresis);

    /// <summary>Only after validation found nothing.</summary>
    public LevelRule ToRule() => new() { Enabled = Enabled!.Value, Warning = Warning!.Value, Critical = Critical!.Value, Hysteresis = Hysteresis!.Value };
}

/// <summary>A rule on a ratio that is bad when low, on the wire (see <see cref="LevelRuleDocument"/>).</summary>
public sealed record RateRuleDocument(bool? Enabled, double? CriticalMargin, double? Hysteresis)
{
    public static RateRuleDocument Of(RateRule r) => new(r.Enabled, r.CriticalMargin, r.Hysteresis);

    /// <summary>Only after validation found nothing.</summary>
    public RateRule ToRule() => new() { Enabled = Enabled!.Value, CriticalMargin = CriticalMargin!.Value, Hysteresis = Hysteresis!.Value };
}

/// <summary>
/// The center's alert levels on the wire (<c>PUT /api/alerts/thresholds</c>), the shape of the <c>Alerts</c>
/// configuration section. The PUT replaces them all, so every field is required: bound straight to
/// <see cref="AlertLevels"/>, a body of <c>{}</c> would reset every rule to its default.
/// </summary>
public sealed record AlertLevelsDocument(
    TimeSpan? RaiseAfter,
    TimeSpan? ClearAfter,
    int? MinimumContactsForRates,
    RateRuleDocument? ServiceLevel,
    LevelRuleDocument? LongestWait,
    LevelRuleDocument? WaitingWithNoAgent,
    LevelRuleDocument? AbandonRate,
    LevelRuleDocument? WrapUp,
    LevelRuleDocument? NotReady,
    LevelRuleDocument? CallDuration)
{
    public static AlertLevelsDocument Of(AlertLevels l) => new(
        l.RaiseAfter, l.ClearAfter, l.MinimumContactsForRates, RateRuleDocument.Of(l.ServiceLevel), LevelRuleDocument.Of(l.LongestWait),
        LevelRuleDocument.Of(l.WaitingWithNoAgent), LevelRuleDocument.Of(l.AbandonRate), LevelRuleDocument.Of(l.WrapUp),
        LevelRuleDocument.Of(l.NotReady), LevelRuleDocument.Of(l.CallDuration));

    /// <summary>Only after <see cref="SettingsValidation.Validate(AlertLevelsDocument?)"/> found nothing.</summary>
    public AlertLevels ToLevels() => new()
    {
        RaiseAfter = RaiseAfter!.Value,
        ClearAfter = ClearAfter!.Value,
        MinimumContactsForRates = MinimumContactsForRates!.Value,
        ServiceLevel = ServiceLevel!.ToRule(),
        LongestWait = LongestWait!.ToRule(),
        WaitingWithNoAgent = WaitingWithNoAgent!.ToRule(),
        AbandonRate = AbandonRate!.ToRule(),
        WrapUp = WrapUp!.ToRule(),
        NotReady = NotReady!.ToRule(),
        CallDuration = CallDuration!.ToRule(),
    };
}

/// <summary>A queue's own alert levels on the wire: a rule left out or null follows the center's; a rule sent needs every field.</summary>
public sealed record QueueAlertRulesDocument(
    RateRuleDocument? ServiceLevel, LevelRuleDocument? LongestWait, LevelRuleDocument? WaitingWithNoAgent, LevelRuleDocument? AbandonRate)
{
    public static QueueAlertRulesDocument Of(QueueAlertRules r) => new(
        r.ServiceLevel is { } sl ? RateRuleDocument.Of(sl) : null, r.LongestWait is { } lw ? LevelRuleDocument.Of(lw) : null,
        r.WaitingWithNoAgent is { } wn ? LevelRuleDocument.Of(wn) : null, r.AbandonRate is { } ar ? LevelRuleDocument.Of(ar) : null);

    /// <summary>Only after <see cref="SettingsValidation.Validate(QueueAlertRulesDocument?)"/> found nothing.</summary>
    public QueueAlertRules ToRules() =>
        new(ServiceLevel?.ToRule(), LongestWait?.ToRule(), WaitingWithNoAgent?.ToRule(), AbandonRate?.ToRule());
}

/// <summary>A shift on the wire: local times as "HH:mm".</summary>
public sealed record ShiftDocument(string? Name, string? Start, string? End);

public sealed record HeadcountDocument(string? Team, string? Shift, int? Headcount);

/// <summary>The staffing plan (编制) on the wire.</summary>
public sealed record StaffingPlanDocument(IReadOnlyList<ShiftDocument?>? Shifts, IReadOnlyList<HeadcountDocument?>? Headcounts)
{
    public static StaffingPlanDocument Of(StaffingPlan plan) => new(
        [.. (plan.Shifts.IsDefault ? [] : plan.Shifts).Select(s => new ShiftDocument(s.Name, Time(s.Start), Time(s.End)))],
        [.. (plan.Headcounts.IsDefault ? [] : plan.Headcounts).Select(h => new HeadcountDocument(h.Team, h.Shift, h.Headcount))]);

    /// <summary>Only after validation found nothing.</summary>
    public StaffingPlan ToPlan() => new(
        [.. Shifts!.Select(s => new Shift(s!.Name!.Trim(), SettingsValidation.ParseTime(s.Start)!.Value, SettingsValidation.ParseTime(s.End)!.Value))],
        [.. Headcounts!.Select(h => new PlannedHeadcount(h!.Team!.Trim(), h.Shift!.Trim(), h.Headcount!.Value))]);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Planned against on duty now, on the wire.</summary>
public sealed record StaffingNowDocument(
    ShiftDocument? Shift, IReadOnlyList<TeamStaffingDocument> Teams, int Planned, int OnDuty, int Shortfall)
{
    public static StaffingNowDocument Of(StaffingNow now) => new(
        now.Shift is { } s ? new ShiftDocument(s.Name, StaffingPlanDocument.Time(s.Start), StaffingPlanDocument.Time(s.End)) : null,
        [.. now.Teams.Select(t => new TeamStaffingDocument(t.Team, t.Planned, t.OnDuty, t.Shortfall))],
        now.Planned, now.OnDuty, now.Shortfall);
}

public sealed record TeamStaffingDocument(string Team, int Planned, int OnDuty, int Shortfall);

/// <summary>
/// The rules a manager's settings must follow. Each error is keyed by the field's JSON path and says the rule,
/// so a client (or the settings page) can show it next to the field.
/// </summary>
public static partial class SettingsValidation
{
    public const int MaxThresholdSeconds = 86_400;
    public const int MaxShortAbandonSeconds = 600;
    public const int MaxShifts = 24;
    public const int MaxHeadcount = 100_000;
    public const int MaxNameLength = 64;
    public const int MaxTeamLength = 128;
    public static readonly TimeSpan MaxDebounce = TimeSpan.FromHours(1);

    public static Dictionary<string, string[]> Validate(QueueSettingsDocument? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["a JSON object with the queue's settings is required"];
            return errors;
        }
        if (body.ServiceLevelTarget is not { } target)
            errors["serviceLevelTarget"] = ["is required"];
        else if (!(target > 0 && target <= 1))
            errors["serviceLevelTarget"] = ["must be a fraction greater than 0 and at most 1 (0.8 for 80%)"];
        if (body.ServiceLevelThresholdSeconds is not { } threshold)
            errors["serviceLevelThresholdSeconds"] = ["is required"];
        else if (threshold is < 1 or > MaxThresholdSeconds)
            errors["serviceLevelThresholdSeconds"] = [$"must be a whole number of seconds from 1 to {MaxThresholdSeconds}"];
        if (body.ShortAbandonSeconds is not { } shortAbandon)
            errors["shortAbandonSeconds"] = ["is required"];
        else if (shortAbandon is < 0 or > MaxShortAbandonSeconds)
            errors["shortAbandonSeconds"] = [$"must be a whole number of seconds from 0 to {MaxShortAbandonSeconds}"];
        if (string.IsNullOrEmpty(body.ServiceLevelFormula))
            errors["serviceLevelFormula"] = ["is required"];
        else if (!TryFormula(body.ServiceLevelFormula))
            errors["serviceLevelFormula"] = ["must be one of abandons-against, answered-only, abandons-within-threshold-met"];
        if (body.IncludeFlowOuts is null)
            errors["includeFlowOuts"] = ["is required (true or false)"];
        if (body.WrapUp is null)
            errors["wrapUp"] = ["is required (true or false)"];
        return errors;
    }

    public static Dictionary<string, string[]> Validate(AlertLevelsDocument? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["a JSON object with the alert levels is required"];
            return errors;
        }
        Debounce(errors, "raiseAfter", body.RaiseAfter);
        Debounce(errors, "clearAfter", body.ClearAfter);
        if (body.MinimumContactsForRates is not { } minimum)
            errors["minimumContactsForRates"] = [Required];
        else if (minimum is < 0 or > 10_000)
            errors["minimumContactsForRates"] = ["must be a whole number from 0 to 10000"];
        Rate(errors, "serviceLevel", body.ServiceLevel, required: true);
        Level(errors, "longestWait", body.LongestWait, MaxThresholdSeconds, required: true);
        Level(errors, "waitingWithNoAgent", body.WaitingWithNoAgent, MaxHeadcount, required: true);
        Level(errors, "abandonRate", body.AbandonRate, 1, required: true);
        Level(errors, "wrapUp", body.WrapUp, MaxThresholdSeconds, required: true);
        Level(errors, "notReady", body.NotReady, MaxThresholdSeconds, required: true);
        Level(errors, "callDuration", body.CallDuration, MaxThresholdSeconds, required: true);
        return errors;
    }

    public static Dictionary<string, string[]> Validate(QueueAlertRulesDocument? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["a JSON object is required (a rule left out or null follows the center's levels)"];
            return errors;
        }
        Rate(errors, "serviceLevel", body.ServiceLevel, required: false);
        Level(errors, "longestWait", body.LongestWait, MaxThresholdSeconds, required: false);
        Level(errors, "waitingWithNoAgent", body.WaitingWithNoAgent, MaxHeadcount, required: false);
        Level(errors, "abandonRate", body.AbandonRate, 1, required: false);
        return errors;
    }

    public static Dictionary<string, string[]> Validate(StaffingPlanDocument? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["a JSON object with shifts and headcounts is required"];
            return errors;
        }
        var shifts = new Dictionary<string, Shift>(StringComparer.OrdinalIgnoreCase);
        if (body.Shifts is null)
            errors["shifts"] = ["is required (an array, empty for no plan)"];
        else if (body.Shifts.Count > MaxShifts)
            errors["shifts"] = [$"must have at most {MaxShifts} shifts"];
        else
        {
            for (var i = 0; i < body.Shifts.Count; i++)
            {
                var shift = body.Shifts[i];
                var path = $"shifts[{i}]";
                var name = shift?.Name?.Trim();
                var (start, end) = (ParseTime(shift?.Start), ParseTime(shift?.End));
                if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
                    errors[$"{path}.name"] = [$"is required, 1 to {MaxNameLength} characters"];
                else if (shifts.ContainsKey(name))
                    errors[$"{path}.name"] = ["must not repeat a shift's name"];
                if (start is null)
                    errors[$"{path}.start"] = ["must be a local time HH:mm (00:00 to 23:59)"];
                if (end is null)
                    errors[$"{path}.end"] = ["must be a local time HH:mm (00:00 to 23:59)"];
                if (start is null || end is null || string.IsNullOrEmpty(name) || errors.ContainsKey($"{path}.name"))
                    continue;
                if (start == end)
                {
                    errors[$"{path}.end"] = ["must differ from start (a shift ending after midnight runs e.g. 22:00 to 06:00)"];
                    continue;
                }
                var candidate = new Shift(name, start.Value, end.Value);
                if (shifts.Values.FirstOrDefault(s => s.Contains(candidate.Start) || candidate.Contains(s.Start)) is { } other)
                    errors[path] = [$"must not overlap shift '{other.Name}' ({StaffingPlanDocument.Time(other.Start)}–{StaffingPlanDocument.Time(other.End)})"];
                else
                    shifts[name] = candidate;
            }
        }
        if (body.Headcounts is null)
        {
            errors["headcounts"] = ["is required (an array, empty for no plan)"];
            return errors;
        }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < body.Headcounts.Count; i++)
        {
            var row = body.Headcounts[i];
            var path = $"headcounts[{i}]";
            var team = row?.Team?.Trim();
            var shift = row?.Shift?.Trim();
            if (string.IsNullOrEmpty(team) || team.Length > MaxTeamLength)
                errors[$"{path}.team"] = [$"is required, 1 to {MaxTeamLength} characters"];
            if (string.IsNullOrEmpty(shift) || !shifts.TryGetValue(shift, out var named) || named.Name != shift)
                errors[$"{path}.shift"] = ["must be the name of one of the plan's shifts"];
            else if (!string.IsNullOrEmpty(team) && !seen.Add((team, shift)))
                errors[$"{path}.shift"] = ["must not repeat a team and shift"];
            if (row?.Headcount is not { } headcount || headcount < 0 || headcount > MaxHeadcount)
                errors[$"{path}.headcount"] = [$"must be a whole number from 0 to {MaxHeadcount}"];
        }
        return errors;
    }

    /// <summary>"HH:mm" (or "HH:mm:ss"), 00:00 to 23:59.</summary>
    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;

    private static bool TryFormula(string name)
    {
        try
        {
            ServiceLevelFormulas.Parse(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private const string Required = "is required";
    private const string RequiredFlag = "is required (true or false)";

    private static void Debounce(Dictionary<string, string[]> errors, string path, TimeSpan? value)
    {
        if (value is null)
            errors[path] = [Required];
        else if (value < TimeSpan.Zero || value > MaxDebounce)
            errors[path] = ["must be from 00:00:00 to 01:00:00"];
    }

    private static void Rate(Dictionary<string, string[]> errors, string path, RateRuleDocument? rule, bool required)
    {
        if (rule is null)
        {
            if (required)
                errors[path] = [Required];
            return;
        }
        if (rule.Enabled is null)
            errors[$"{path}.enabled"] = [RequiredFlag];
        if (rule.CriticalMargin is not { } margin)
            errors[$"{path}.criticalMargin"] = [Required];
        else if (margin is < 0 or > 1)
            errors[$"{path}.criticalMargin"] = ["must be a fraction from 0 to 1 (0.10: critical 10 points below the target)"];
        if (rule.Hysteresis is not { } hysteresis)
            errors[$"{path}.hysteresis"] = [Required];
        else if (hysteresis is < 0 or > 1)
            errors[$"{path}.hysteresis"] = ["must be a fraction from 0 to 1"];
    }

    private static void Level(Dictionary<string, string[]> errors, string path, LevelRuleDocument? rule, double max, bool required)
    {
        if (rule is null)
        {
            if (required)
                errors[path] = [Required];
            return;
        }
        var limit = max.ToString(CultureInfo.InvariantCulture);
        if (rule.Enabled is null)
            errors[$"{path}.enabled"] = [RequiredFlag];
        if (rule.Warning is not { } warning)
            errors[$"{path}.warning"] = [Required];
        else if (warning < 0 || warning > max)
            errors[$"{path}.warning"] = [$"must be from 0 to {limit}"];
        if (rule.Critical is not { } critical)
            errors[$"{path}.critical"] = [Required];
        else if (critical < 0 || critical > max)
            errors[$"{path}.critical"] = [$"must be from 0 to {limit}"];
        else if (critical < rule.Warning)
            errors[$"{path}.critical"] = ["must be at least the warning level"];
        if (rule.Hysteresis is not { } hysteresis)
            errors[$"{path}.hysteresis"] = [Required];
        else if (hysteresis < 0 || hysteresis > rule.Warning)
            errors[$"{path}.hysteresis"] = ["must be from 0 to the warning level"];
    }
}
