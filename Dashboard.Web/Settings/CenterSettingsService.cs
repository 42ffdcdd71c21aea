using System.Security.Claims;
using Dashboard.Grains.Alerts;
using Dashboard.Web.Audit;
using Dashboard.Web.Live;
using Dashboard.Web.Webhooks;

namespace Dashboard.Web.Settings;

/// <summary>
/// Managers' settings: validates a change, hands it to the settings grain (which keeps it in the database and
/// pushes it to the queue and the floor, so it takes effect at once on every silo), writes it to the audit log and
/// announces it as a webhook — as <see cref="Management.AgentAssignments"/> does for agents' queues.
/// </summary>
public sealed class CenterSettingsService(
    IGrainFactory grains, ILiveFeed feed, CenterClock clock, AuditLog audit, WebhookSender webhooks, TimeProvider time,
    Complaints.ComplaintDuePolicies duePolicies, Durability.JournaledChanges? journaled = null)
{
    public const string QueueSettingsAction = "queue.settings";
    public const string AlertThresholdsAction = "alerts.thresholds";
    public const string QueueAlertThresholdsAction = "queue.alert-thresholds";
    public const string StaffingPlanAction = "staffing.plan";
    public const string ComplaintDueAction = "complaint.due-times";
    public const string WorkingHoursAction = "working-hours";
    /// <summary>The audit subject of center-wide settings.</summary>
    public const string CenterSubject = "center";

    public abstract record Outcome;

    public sealed record Changed<T>(T Value) : Outcome;

    public sealed record UnknownQueue(string QueueId) : Outcome;

    /// <summary>Field → rule, for a validation problem.</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome;

    private ICenterSettingsGrain Settings => grains.GetGrain<ICenterSettingsGrain>(CenterSettingsGrain.Key);

    /// <summary>Null for a queue neither configured nor seen in an event.</summary>
    public async Task<QueueSettingsDocument?> GetQueueSettingsAsync(string queueId) =>
        await QueueKnownAsync(queueId) ? QueueSettingsDocument.Of(await Settings.GetQueueSettingsAsync(queueId)) : null;

    public async Task<Outcome> SetQueueSettingsAsync(string queueId, QueueSettingsDocument? body, ClaimsPrincipal by)
    {
        if (!await QueueKnownAsync(queueId))
            return new UnknownQueue(queueId);
        if (SettingsValidation.Validate(body) is { Count: > 0 } errors)
            return new Invalid(errors);
        var settings = body!.ToSettings();
        var after = QueueSettingsDocument.Of(settings);
        // Journaled in order with the events: a replay judges each contact by the settings in force when it was live.
        var before = QueueSettingsDocument.Of(journaled is null
            ? await Settings.SetQueueSettingsAsync(queueId, settings)
            : await journaled.ApplyAsync(
                new QueueSettingsChanged { AcceptedAt = clock.Now, QueueId = queueId, Before = await Settings.GetQueueSettingsAsync(queueId), After = settings },
                () => Settings.SetQueueSettingsAsync(queueId, settings)));
        await AnnounceAsync(by, QueueSettingsAction, queueId, before, after, "queue.settings.changed", (actor, at) => new { queueId, settings = after, before, by = actor, at });
        return new Changed<QueueSettingsDocument>(after);
    }

    public async Task<AlertThresholds> GetAlertThresholdsAsync() => (await Settings.GetFloorSettingsAsync()).Alerts;

    public async Task<Outcome> SetAlertThresholdsAsync(AlertLevelsDocument? body, ClaimsPrincipal by)
    {
        if (SettingsValidation.Validate(body) is { Count: > 0 } errors)
            return new Invalid(errors);
        var levels = body!.ToLevels();
        var before = await Settings.SetAlertThresholdsAsync(levels);
        await AnnounceAsync(by, AlertThresholdsAction, CenterSubject, before, levels, "alerts.thresholds.changed", (actor, at) => new { thresholds = levels, before, by = actor, at });
        return new Changed<AlertLevels>(levels);
    }

    /// <summary>Null for an unknown queue; <see cref="QueueAlertRules.None"/> when it follows the center's levels.</summary>
    public async Task<QueueAlertRules?> GetQueueAlertRulesAsync(string queueId) =>
        await QueueKnownAsync(queueId)
            ? (await Settings.GetFloorSettingsAsync()).Alerts.Queues.GetValueOrDefault(queueId) ?? QueueAlertRules.None
            : null;

    public async Task<Outcome> SetQueueAlertRulesAsync(string queueId, QueueAlertRulesDocument? body, ClaimsPrincipal by)
    {
        if (!await QueueKnownAsync(queueId))
            return new UnknownQueue(queueId);
        if (SettingsValidation.Validate(body) is { Count: > 0 } errors)
            return new Invalid(errors);
        var rules = body!.ToRules();
        var before = await Settings.SetQueueAlertRulesAsync(queueId, rules);
        await AnnounceAsync(by, QueueAlertThresholdsAction, queueId, before, rules, "queue.alert-thresholds.changed", (actor, at) => new { queueId, thresholds = rules, before, by = actor, at });
        return new Changed<QueueAlertRules>(rules);
    }

    public async Task<StaffingPlanDocument> GetStaffingPlanAsync() =>
        StaffingPlanDocument.Of((await Settings.GetFloorSettingsAsync()).Staffing);

    public async Task<Outcome> SetStaffingPlanAsync(StaffingPlanDocument? body, ClaimsPrincipal by)
    {
        if (SettingsValidation.Validate(body) is { Count: > 0 } errors)
            return new Invalid(errors);
        var plan = body!.ToPlan();
        var before = StaffingPlanDocument.Of(await Settings.SetStaffingPlanAsync(plan));
        var after = StaffingPlanDocument.Of(plan);
        await AnnounceAsync(by, StaffingPlanAction, CenterSubject, before, after, "staffing.plan.changed", (actor, at) => new { plan = after, before, by = actor, at });
        return new Changed<StaffingPlanDocument>(after);
    }

    /// <summary>The complaint due times in force: a manager's, else configuration's.</summary>
    public async Task<ComplaintDueDocument> GetComplaintDueAsync() => ComplaintDueDocument.Of((await duePolicies.CurrentAsync()).Rules);

    public async Task<Outcome> SetComplaintDueAsync(ComplaintDueDocument? body, ClaimsPrincipal by)
    {
        var queues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var queueId in body?.Queues?.Keys ?? [])
        {
            if (await QueueKnownAsync(queueId))
                queues.Add(queueId);
        }
        if (SettingsValidation.Validate(body, queues.Contains) is { Count: > 0 } errors)
            return new Invalid(errors);
        var rules = body!.ToRules();
        var before = ComplaintDueDocument.Of((await duePolicies.CurrentAsync()).Rules);
        await Settings.SetComplaintDueAsync(rules);
        var after = ComplaintDueDocument.Of(rules);
        await AnnounceAsync(by, ComplaintDueAction, CenterSubject, before, after, "complaint.due-times.changed", (actor, at) => new { dueTimes = after, before, by = actor, at });
        return new Changed<ComplaintDueDocument>(after);
    }

    /// <summary>The center's working calendar in force: a manager's, else an office week.</summary>
    public async Task<WorkingHoursDocument> GetWorkingHoursAsync() => WorkingHoursDocument.Of((await duePolicies.CurrentAsync()).Calendar);

    public async Task<Outcome> SetWorkingHoursAsync(WorkingHoursDocument? body, ClaimsPrincipal by)
    {
        if (SettingsValidation.Validate(body) is { Count: > 0 } errors)
            return new Invalid(errors);
        var calendar = body!.ToCalendar();
        var before = WorkingHoursDocument.Of((await duePolicies.CurrentAsync()).Calendar);
        await Settings.SetWorkingCalendarAsync(calendar);
        var after = WorkingHoursDocument.Of(calendar);
        await AnnounceAsync(by, WorkingHoursAction, CenterSubject, before, after, "working-hours.changed", (actor, at) => new { workingHours = after, before, by = actor, at });
        return new Changed<WorkingHoursDocument>(after);
    }

    /// <summary>The shift in force now (in the center's zone) and each team's planned against on duty, from this host's live view.</summary>
    public StaffingNow StaffingNow()
    {
        var view = feed.Current;
        return Grains.Abstractions.StaffingNow.Compute(
            view.Settings?.Staffing ?? StaffingPlan.Empty, view.Agents.Values, TimeOnly.FromDateTime(clock.ToLocal(clock.Now).DateTime));
    }

    private async Task AnnounceAsync<T>(
        ClaimsPrincipal by, string action, string subject, T before, T after, string webhookEvent, Func<string, DateTimeOffset, object> data)
    {
        await audit.WriteAsync(by, action, subject, before, after);
        webhooks.Enqueue(webhookEvent, data(AuditLog.ActorOf(by), time.GetUtcNow()));
    }

    private async Task<bool> QueueKnownAsync(string queueId) =>
        !string.IsNullOrEmpty(queueId) && await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).GetQueueAsync(queueId) is not null;
}
