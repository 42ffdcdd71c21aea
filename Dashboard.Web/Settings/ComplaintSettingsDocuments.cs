using System.Globalization;

namespace Dashboard.Web.Settings;

/// <summary>One severity's due times on the wire, in whole minutes from the complaint's opening.</summary>
public sealed record DueTimesDocument(int? FirstResponseMinutes, int? ResolutionMinutes)
{
    public static DueTimesDocument? Of(DueTimes? due) =>
        due is null ? null : new((int)Math.Round(due.FirstResponse.TotalMinutes), (int)Math.Round(due.Resolution.TotalMinutes));

    /// <summary>Only after validation found nothing.</summary>
    public DueTimes ToDueTimes() => new(TimeSpan.FromMinutes(FirstResponseMinutes!.Value), TimeSpan.FromMinutes(ResolutionMinutes!.Value));
}

/// <summary>A queue's own due times on the wire: a severity left out or null follows the center's.</summary>
public sealed record QueueDueTimesDocument(DueTimesDocument? Normal, DueTimesDocument? Serious);

/// <summary>The complaint due times on the wire (<c>PUT /api/complaint-due-times</c>): the center's by severity, each
/// queue's own, and <c>counting</c>: <c>clock</c> or <c>working-hours</c> (in <c>/api/working-hours</c>).</summary>
public sealed record ComplaintDueDocument(
    DueTimesDocument? Normal, DueTimesDocument? Serious, IReadOnlyDictionary<string, QueueDueTimesDocument?>? Queues, string? Counting)
{
    public const string Clock = "clock";
    public const string WorkingHours = "working-hours";

    public static ComplaintDueDocument Of(ComplaintDueRules rules) => new(
        DueTimesDocument.Of(rules.Normal), DueTimesDocument.Of(rules.Serious),
        (rules.Queues ?? ImmutableDictionary<string, QueueDueTimes>.Empty).OrderBy(q => q.Key, StringComparer.Ordinal)
            .ToDictionary(q => q.Key, q => (QueueDueTimesDocument?)new QueueDueTimesDocument(DueTimesDocument.Of(q.Value.Normal), DueTimesDocument.Of(q.Value.Serious)), StringComparer.Ordinal),
        rules.Counting == DueCounting.WorkingHours ? WorkingHours : Clock);

    /// <summary>Only after validation found nothing. A queue entry with neither severity is dropped (it follows the center's).</summary>
    public ComplaintDueRules ToRules() => new(
        Normal!.ToDueTimes(), Serious!.ToDueTimes(),
        (Queues ?? new Dictionary<string, QueueDueTimesDocument?>())
            .Where(q => q.Value is { Normal: not null } or { Serious: not null })
            .ToImmutableDictionary(q => q.Key, q => new QueueDueTimes(q.Value!.Normal?.ToDueTimes(), q.Value.Serious?.ToDueTimes()), StringComparer.Ordinal),
        Counting == WorkingHours ? DueCounting.WorkingHours : DueCounting.Clock);
}

/// <summary>One weekday's hours on the wire: <c>day</c> in English (<c>monday</c>), <c>open</c> and <c>close</c> as
/// local "HH:mm"; <c>close</c> may be "24:00".</summary>
public sealed record WorkingDayDocument(string? Day, string? Open, string? Close);

/// <summary>The center's working calendar on the wire (<c>PUT /api/working-hours</c>): the open weekdays with their
/// hours (a weekday not listed is closed) and closed dates as "yyyy-MM-dd".</summary>
public sealed record WorkingHoursDocument(IReadOnlyList<WorkingDayDocument?>? Days, IReadOnlyList<string?>? Closed)
{
    public static WorkingHoursDocument Of(WorkingCalendar calendar) => new(
        [.. (calendar.Week.IsDefault ? [] : calendar.Week).OrderBy(d => ((int)d.Day + 6) % 7)
            .Select(d => new WorkingDayDocument(SettingsValidation.DayName(d.Day), StaffingPlanDocument.Time(d.Open),
                d.Close == TimeOnly.MinValue ? SettingsValidation.Midnight : StaffingPlanDocument.Time(d.Close)))],
        [.. (calendar.Closed.IsDefault ? [] : calendar.Closed).Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]);

    /// <summary>Only after validation found nothing.</summary>
    public WorkingCalendar ToCalendar() => new(
        [.. Days!.Select(d => new WorkingDay(SettingsValidation.ParseDay(d!.Day)!.Value, SettingsValidation.ParseTime(d.Open)!.Value, SettingsValidation.ParseClose(d.Close)!.Value))],
        [.. Closed!.Select(d => SettingsValidation.ParseDate(d)!.Value).Distinct().Order()]);
}

public static partial class SettingsValidation
{
    /// <summary>A year: no complaint rule needs longer, and a typo of a few zeros is caught.</summary>
    public const int MaxDueMinutes = 525_600;
    public const int MaxClosedDates = 400;
    public const string Midnight = "24:00";

    /// <param name="knownQueue">Whether a queue id is one the center has (an override for a typo would never apply).</param>
    public static Dictionary<string, string[]> Validate(ComplaintDueDocument? body, Func<string, bool> knownQueue)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["a JSON object with the due times is required"];
            return errors;
        }
        Due(errors, "normal", body.Normal, required: true);
        Due(errors, "serious", body.Serious, required: true);
        if (body.Counting is not (ComplaintDueDocument.Clock or ComplaintDueDocument.WorkingHours))
            errors["counting"] = [$"must be {ComplaintDueDocument.Clock} or {ComplaintDueDocument.WorkingHours}"];
        foreach (var (queueId, own) in body.Queues ?? new Dictionary<string, QueueDueTimesDocument?>())
        {
            var path = $"queues.{queueId}";
            if (!knownQueue(queueId))
                errors[path] = ["is not a queue of the center"];
            else if (own is not null)
            {
                Due(errors, $"{path}.normal", own.Normal, required: false);
                Due(errors, $"{path}.serious", own.Serious, required: false);
            }
        }
        return errors;
    }

    public static Dictionary<string, string[]> Validate(WorkingHoursDocument? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors[""] = ["a JSON object with days and closed dates is required"];
            return errors;
        }
        if (body.Days is null)
            errors["days"] = ["is required (an array of the open weekdays)"];
        else
        {
            if (body.Days.Count == 0)
                errors["days"] = ["must have at least one open weekday"];
            var seen = new HashSet<DayOfWeek>();
            for (var i = 0; i < body.Days.Count; i++)
            {
                var day = body.Days[i];
                var path = $"days[{i}]";
                if (ParseDay(day?.Day) is not { } weekday)
                    errors[$"{path}.day"] = ["must be a weekday in English: monday to sunday"];
                else if (!seen.Add(weekday))
                    errors[$"{path}.day"] = ["must not repeat a weekday"];
                var open = ParseTime(day?.Open);
                var close = ParseClose(day?.Close);
                if (open is null)
                    errors[$"{path}.open"] = ["must be a local time HH:mm (00:00 to 23:59)"];
                if (close is null)
                    errors[$"{path}.close"] = ["must be a local time HH:mm (00:01 to 24:00)"];
                else if (open is { } o && close != TimeOnly.MinValue && close <= o)
                    errors[$"{path}.close"] = ["must be after open (a day does not run past midnight: close at 24:00)"];
            }
        }
        if (body.Closed is null)
            errors["closed"] = ["is required (an array of dates, empty for none)"];
        else if (body.Closed.Count > MaxClosedDates)
            errors["closed"] = [$"must have at most {MaxClosedDates} dates"];
        else
        {
            for (var i = 0; i < body.Closed.Count; i++)
            {
                if (ParseDate(body.Closed[i]) is null)
                    errors[$"closed[{i}]"] = ["must be a date yyyy-MM-dd"];
            }
        }
        return errors;
    }

    public static string DayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static DayOfWeek? ParseDay(string? text) =>
        Enum.GetValues<DayOfWeek>().Where(d => DayName(d) == text?.Trim().ToLowerInvariant()).Select(d => (DayOfWeek?)d).FirstOrDefault();

    /// <summary>A closing time: "HH:mm", or "24:00" for midnight at the day's end (kept as 00:00); 00:00 itself is refused.</summary>
    public static TimeOnly? ParseClose(string? text) =>
        text?.Trim() == Midnight ? TimeOnly.MinValue
        : ParseTime(text) is { } time && time != TimeOnly.MinValue ? time
        : null;

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static void Due(Dictionary<string, string[]> errors, string path, DueTimesDocument? due, bool required)
    {
        if (due is null)
        {
            if (required)
                errors[path] = [Required];
            return;
        }
        if (due.FirstResponseMinutes is not { } first)
            errors[$"{path}.firstResponseMinutes"] = [Required];
        else if (first is < 1 or > MaxDueMinutes)
            errors[$"{path}.firstResponseMinutes"] = [$"must be a whole number of minutes from 1 to {MaxDueMinutes}"];
        if (due.ResolutionMinutes is not { } resolution)
            errors[$"{path}.resolutionMinutes"] = [Required];
        else if (resolution is < 1 or > MaxDueMinutes)
            errors[$"{path}.resolutionMinutes"] = [$"must be a whole number of minutes from 1 to {MaxDueMinutes}"];
        else if (due.FirstResponseMinutes is { } f && resolution < f)
            errors[$"{path}.resolutionMinutes"] = ["must be at least the first response's"];
    }
}
