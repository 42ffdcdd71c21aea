using Dashboard.Web.Api;
using Dashboard.Grains.Alerts;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Settings;

/// <summary>
/// Queue settings, alert levels and the staffing plan over HTTP (docs/events.md, section 5): supervisors, managers,
/// analysts and read keys read them; managers and manage keys change them.
/// </summary>
public static class SettingsEndpoints
{
    public static void MapCenterSettings(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Settings");
        api.MapGet("/queues/{id}/settings", GetQueueSettingsAsync)
            .WithSummary("A queue's service-level settings in force.")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.ReadSettings);
        api.MapPut("/queues/{id}/settings", SetQueueSettingsAsync)
            .WithSummary("Replaces a queue's service-level settings; the live figures follow at once.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.EditSettings);
        api.MapGet("/queues/{id}/alert-thresholds", GetQueueAlertRulesAsync)
            .WithSummary("A queue's own alert levels (null rules follow the center's).")
            .ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.ReadSettings);
        api.MapPut("/queues/{id}/alert-thresholds", SetQueueAlertRulesAsync)
            .WithSummary("Sets a queue's own alert levels; used from the next evaluation.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.EditSettings);
        api.MapGet("/alerts/thresholds", async (CenterSettingsService settings) => TypedResults.Ok(await settings.GetAlertThresholdsAsync()))
            .WithSummary("The alert levels: center-wide, and each queue's own.").RequireAuthorization(Policies.ReadSettings);
        api.MapPut("/alerts/thresholds", SetAlertThresholdsAsync)
            .WithSummary("Replaces the center-wide alert levels; used from the next evaluation.")
            .ProducesValidationProblem().RequireAuthorization(Policies.EditSettings);
        api.MapPost("/alerts/thresholds/preview", PreviewAlertThresholdsAsync)
            .WithSummary("What these center-wide alert levels (or, with no body, the levels in force) would have raised today so far; changes nothing.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status503ServiceUnavailable).RequireAuthorization(Policies.ReadSettings);
        api.MapGet("/staffing/plan", async (CenterSettingsService settings) => TypedResults.Ok(await settings.GetStaffingPlanAsync()))
            .WithSummary("The staffing plan: shifts and planned headcount per team and shift.").RequireAuthorization(Policies.ReadSettings);
        api.MapPut("/staffing/plan", SetStaffingPlanAsync)
            .WithSummary("Replaces the staffing plan.").ProducesValidationProblem().RequireAuthorization(Policies.EditSettings);
        api.MapGet("/complaint-due-times", async (CenterSettingsService settings) => TypedResults.Ok(await settings.GetComplaintDueAsync()))
            .WithSummary("The complaint due times in force: the center's by severity, each queue's own, and how they are counted.")
            .RequireAuthorization(Policies.ReadSettings);
        api.MapPut("/complaint-due-times", async (ComplaintDueDocument? body, CenterSettingsService settings, HttpContext http) =>
                Result(await settings.SetComplaintDueAsync(body, http.User)))
            .WithSummary("Replaces the complaint due times; the desk, the wall-board and the agents' pages judge by them at once.")
            .ProducesValidationProblem().RequireAuthorization(Policies.EditSettings);
        api.MapGet("/working-hours", async (CenterSettingsService settings) => TypedResults.Ok(await settings.GetWorkingHoursAsync()))
            .WithSummary("The center's working calendar: open weekdays with their hours, and closed dates.")
            .RequireAuthorization(Policies.ReadSettings);
        api.MapPut("/working-hours", async (WorkingHoursDocument? body, CenterSettingsService settings, HttpContext http) =>
                Result(await settings.SetWorkingHoursAsync(body, http.User)))
            .WithSummary("Replaces the center's working calendar.")
            .ProducesValidationProblem().RequireAuthorization(Policies.EditSettings);
        api.MapGet("/staffing", (CenterSettingsService settings) => TypedResults.Ok(StaffingNowDocument.Of(settings.StaffingNow())))
            .WithSummary("The shift in force now, and each team's planned headcount against staff on duty.")
            .RequireAuthorization(Policies.ReadSettings);
    }

    private static async Task<Results<Ok<QueueSettingsDocument>, ProblemHttpResult>> GetQueueSettingsAsync(string id, CenterSettingsService settings) =>
        await settings.GetQueueSettingsAsync(id) is { } found ? TypedResults.Ok(found) : ReadEndpoints.NotFound("queue", id);

    private static async Task<Results<Ok<QueueAlertRules>, ProblemHttpResult>> GetQueueAlertRulesAsync(string id, CenterSettingsService settings) =>
        await settings.GetQueueAlertRulesAsync(id) is { } found ? TypedResults.Ok(found) : ReadEndpoints.NotFound("queue", id);

    private static async Task<IResult> SetQueueSettingsAsync(string id, QueueSettingsDocument? body, CenterSettingsService settings, HttpContext http) =>
        Result(await settings.SetQueueSettingsAsync(id, body, http.User));

    private static async Task<IResult> SetQueueAlertRulesAsync(string id, QueueAlertRulesDocument? body, CenterSettingsService settings, HttpContext http) =>
        Result(await settings.SetQueueAlertRulesAsync(id, body, http.User));

    private static async Task<IResult> SetAlertThresholdsAsync(AlertLevelsDocument? body, CenterSettingsService settings, HttpContext http) =>
        Result(await settings.SetAlertThresholdsAsync(body, http.User));

    private static async Task<IResult> PreviewAlertThresholdsAsync(
        AlertLevelsDocument? body, CenterSettingsService settings, AlertPreviewService preview, CancellationToken cancellationToken)
    {
        var thresholds = await settings.GetAlertThresholdsAsync();
        if (body is not null)
        {
            if (SettingsValidation.Validate(body) is { Count: > 0 } errors)
                return TypedResults.ValidationProblem(errors);
            thresholds = thresholds with { Center = body.ToLevels() };
        }
        try
        {
            return TypedResults.Ok(await preview.TodayAsync(thresholds, cancellationToken));
        }
        catch (Reports.HistoryUnavailableException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "History is unavailable",
                detail: "History could not be read, so today cannot be replayed.");
        }
    }

    private static async Task<IResult> SetStaffingPlanAsync(StaffingPlanDocument? body, CenterSettingsService settings, HttpContext http) =>
        Result(await settings.SetStaffingPlanAsync(body, http.User));

    private static IResult Result(CenterSettingsService.Outcome outcome) => outcome switch
    {
        CenterSettingsService.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
        CenterSettingsService.UnknownQueue unknown => ReadEndpoints.NotFound("queue", unknown.QueueId),
        CenterSettingsService.Changed<QueueSettingsDocument> changed => TypedResults.Ok(changed.Value),
        CenterSettingsService.Changed<AlertLevels> changed => TypedResults.Ok(changed.Value),
        CenterSettingsService.Changed<QueueAlertRules> changed => TypedResults.Ok(changed.Value),
        CenterSettingsService.Changed<StaffingPlanDocument> changed => TypedResults.Ok(changed.Value),
        CenterSettingsService.Changed<ComplaintDueDocument> changed => TypedResults.Ok(changed.Value),
        CenterSettingsService.Changed<WorkingHoursDocument> changed => TypedResults.Ok(changed.Value),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };
}
