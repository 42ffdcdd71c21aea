using Dashboard.Grains.Complaints;
using Dashboard.Web.Api;
using Dashboard.Web.Reports;
using Dashboard.Web.Security;

namespace Dashboard.Web.Complaints;

/// <summary>The complaint desk over HTTP (docs/complaints.md): list, one complaint with its steps, and the actions.</summary>
public static class ComplaintEndpoints
{
    /// <summary>A complaint on the wire: names beside ids, due times, what is overdue, and (one complaint) its steps.</summary>
    public sealed record ComplaintRow(
        string ComplaintId, string QueueId, string QueueName, string? AgentId, string? AgentName, string Severity, string Status,
        string? Category, string? CallId, string? CustomerId, DateTimeOffset OpenedAt, DateTimeOffset? FirstResponseAt,
        DateTimeOffset FirstResponseDue, DateTimeOffset? ResolvedAt, DateTimeOffset ResolutionDue, DateTimeOffset? ClosedAt,
        string? EscalatedTo, string? Resolution, string? ReturnCall, int Reopened, string? Overdue, IReadOnlyList<StepRow>? Steps);

    public sealed record StepRow(DateTimeOffset At, string Step, string? By, string? AgentId, string? Text, string? Outcome);

    public sealed record AssignRequest(string? AgentId);

    public sealed record TextRequest(string? Note, string? To, string? Resolution);

    public sealed record ReturnCallRequest(string? Outcome);

    /// <summary>A low satisfaction score on the wire, with the complaint opened from it (null until one is).</summary>
    public sealed record LowScoreWire(
        string SurveyId, DateTimeOffset At, string AgentId, string AgentName, string? QueueId, string? QueueName, string? CallId,
        string? CustomerId, int Score, string? Comment, string? ComplaintId);

    public sealed record OpenFromSurveyRequest(string? Severity);

    public static void MapComplaints(this WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Complaints");
        api.MapGet("/complaints", ListAsync)
            .WithSummary("Complaints by urgency: status=open (default), done or all; severity, queueId, agentId narrow it.")
            .ProducesValidationProblem().RequireAuthorization(Policies.Complaints);
        api.MapGet("/complaints/{id}", GetAsync)
            .WithSummary("One complaint with every step.").ProducesProblem(StatusCodes.Status404NotFound).RequireAuthorization(Policies.Complaints);
        Action(api, "assign", Policies.HandleComplaints, "Assigns (or reassigns) the complaint to an agent.",
            (AssignRequest? r) => new ComplaintCommand(ComplaintAction.Assign, AgentId: r?.AgentId));
        Action(api, "notes", Policies.NoteComplaints, "Adds a note (up to 2,000 characters).",
            (TextRequest? r) => new ComplaintCommand(ComplaintAction.Note, Text: r?.Note));
        Action(api, "escalate", Policies.HandleComplaints, "Escalates it (to: a supervisor, the manager).",
            (TextRequest? r) => new ComplaintCommand(ComplaintAction.Escalate, Text: r?.To));
        Action(api, "resolve", Policies.HandleComplaints, "Resolves it, with a resolution category.",
            (TextRequest? r) => new ComplaintCommand(ComplaintAction.Resolve, Text: r?.Resolution));
        Action(api, "return-call", Policies.HandleComplaints, "Records the return call's outcome: satisfied, or not_satisfied (which reopens it).",
            (ReturnCallRequest? r) => new ComplaintCommand(ComplaintAction.ReturnCall,
                Outcome: r?.Outcome switch { "satisfied" => ReturnCallOutcome.Satisfied, "not_satisfied" => ReturnCallOutcome.NotSatisfied, _ => null }));
        api.MapGet("/callbacks", async (CallbackBoard board, CenterClock clock) =>
            {
                var view = await board.ReadAsync();
                return TypedResults.Ok(new
                {
                    teams = view.ByTeam.Select(t => new { team = t.Name, t.Due, t.Overdue, t.DoneOnTime, t.DoneLate }),
                    queues = view.ByQueue.Select(t => new { queueId = t.Key, queueName = t.Name, t.Due, t.Overdue, t.DoneOnTime, t.DoneLate }),
                    callbacks = view.Rows.Select(r => new
                    {
                        r.Entry.CallbackId, r.Entry.AgentId, r.AgentName, r.Team, r.Entry.QueueId, r.QueueName, topic = r.Entry.Topic,
                        complaintId = Grains.Complaints.ReturnCalls.ComplaintOf(r.Entry.CallbackId),
                        scheduledAt = clock.ToLocal(r.Entry.ScheduledAt), dueAt = clock.ToLocal(r.Entry.DueAt),
                        completedAt = r.Entry.CompletedAt is { } done ? clock.ToLocal(done) : (DateTimeOffset?)null,
                        outcome = r.Entry.Outcome?.Name(), standing = CallbackStandingName(r.Standing),
                    }),
                });
            })
            .WithSummary("Callbacks owed (return calls among them) and done today, where each stands, tallied by team and queue.")
            .RequireAuthorization(Policies.Complaints);
        api.MapGet("/surveys/low-scores", async (LowScoreDesk desk, ReportService names, int? days) =>
                TypedResults.Ok((await desk.ListAsync(days ?? 7)).Select(r => new LowScoreWire(
                    r.Score.SurveyId, r.Score.At, r.Score.AgentId, names.AgentName(r.Score.AgentId), r.Score.QueueId,
                    r.Score.QueueId is { } q ? names.QueueName(q) : null, r.Score.CallId, r.Score.CustomerId, r.Score.Score, r.Score.Comment, r.ComplaintId))))
            .WithSummary("Satisfaction surveys scored 1 or 2 in the last days (default 7, at most 35), newest first, for follow-up.")
            .RequireAuthorization(Policies.Complaints);
        api.MapPost("/surveys/{id}/complaint", OpenFromSurveyAsync)
            .WithSummary("Opens a complaint from a low score (severity normal or serious); opening it again changes nothing.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.HandleComplaints);
        Action(api, "close", Policies.HandleComplaints, "Closes it.", (TextRequest? _) => new ComplaintCommand(ComplaintAction.Close));
        Action(api, "reopen", Policies.HandleComplaints, "Reopens a resolved or closed complaint.", (TextRequest? _) => new ComplaintCommand(ComplaintAction.Reopen));
    }

    /// <summary>A callback's standing as the API writes it.</summary>
    public static string CallbackStandingName(CallbackStanding standing) => standing switch
    {
        CallbackStanding.Due => "due",
        CallbackStanding.Overdue => "overdue",
        CallbackStanding.DoneOnTime => "done_on_time",
        _ => "done_late",
    };

    private static async Task<IResult> OpenFromSurveyAsync(string id, OpenFromSurveyRequest? body, LowScoreDesk desk, HttpContext http)
    {
        ComplaintSeverity? severity = body?.Severity switch { null or "normal" => ComplaintSeverity.Normal, "serious" => ComplaintSeverity.Serious, _ => null };
        if (severity is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["severity"] = ["must be normal or serious"] });
        return await desk.OpenComplaintAsync(id, severity.Value, http.User, http.RequestAborted) switch
        {
            LowScoreDesk.Opened opened => TypedResults.Ok(new { complaintId = opened.ComplaintId }),
            LowScoreDesk.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not now", detail: conflict.Problem),
            _ => ReadEndpoints.NotFound("low score", id),
        };
    }

    private static void Action<TBody>(RouteGroupBuilder api, string path, string policy, string summary, Func<TBody?, ComplaintCommand> command) =>
        api.MapPost("/complaints/{id}/" + path, async Task<IResult> (string id, TBody? body, IComplaintDesk desk, ReportService names, CenterClock clock, HttpContext http) =>
                await desk.RunAsync(id, command(body), http.User, http.RequestAborted) switch
                {
                    ComplaintDesk.Done done => TypedResults.Ok(Row(done.Case, done.Due, names, clock, steps: true)) as IResult,
                    ComplaintDesk.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
                    ComplaintDesk.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not now", detail: conflict.Problem),
                    ComplaintDesk.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed"),
                    _ => ReadEndpoints.NotFound("complaint", id),
                })
            .WithSummary(summary).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).RequireAuthorization(policy);

    private static async Task<IResult> ListAsync(
        string? status, string? severity, string? queueId, string? agentId, IComplaintDesk desk, ReportService names, CenterClock clock)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not (null or "open" or "done" or "all"))
            errors["status"] = ["must be open, done or all"];
        if (severity is not (null or "normal" or "serious"))
            errors["severity"] = ["must be normal or serious"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var rows = (await desk.ListAsync()).Where(r =>
            (status ?? "open") switch { "open" => r.Case.IsOpen, "done" => !r.Case.IsOpen, _ => true }
            && (severity is null || Severity(r.Case.Severity) == severity)
            && (queueId is null || r.Case.QueueId == queueId)
            && (agentId is null || r.Case.AgentId == agentId));
        return TypedResults.Ok(rows.Select(r => Row(r.Case, r.Due, names, clock, steps: false)).ToList());
    }

    private static async Task<IResult> GetAsync(string id, IComplaintDesk desk, ReportService names, CenterClock clock) =>
        await desk.GetAsync(id) is { } found
            ? TypedResults.Ok(Row(found.Case, found.Due, names, clock, steps: true))
            : ReadEndpoints.NotFound("complaint", id);

    public static ComplaintRow Row(ComplaintCase c, ComplaintDueState due, ReportService names, CenterClock clock, bool steps) => new(
        c.ComplaintId, c.QueueId, names.QueueName(c.QueueId), c.AgentId, c.AgentId is { } agent ? names.AgentName(agent) : null,
        Severity(c.Severity), Status(c.Status), c.Category, c.CallId, c.CustomerId, clock.ToLocal(c.OpenedAt), Local(c.FirstResponseAt, clock),
        clock.ToLocal(due.FirstResponseDue), Local(c.ResolvedAt, clock), clock.ToLocal(due.ResolutionDue), Local(c.ClosedAt, clock),
        c.EscalatedTo, c.Resolution, Outcome(c.ReturnCall), c.Reopened,
        due.Overdue switch { ComplaintOverdue.FirstResponse => "first_response", ComplaintOverdue.Resolution => "resolution", _ => null },
        steps ? [.. c.Steps.Select(s => new StepRow(clock.ToLocal(s.At), EventTypeNames.Name(s.Kind), s.By, s.AgentId, s.Text, Outcome(s.Outcome)))] : null);

    public static string Severity(ComplaintSeverity severity) => severity == ComplaintSeverity.Serious ? "serious" : "normal";

    /// <summary>Statuses on the wire, snake_case.</summary>
    public static string Status(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Open => "open",
        ComplaintStatus.Assigned => "assigned",
        ComplaintStatus.InProgress => "in_progress",
        ComplaintStatus.Escalated => "escalated",
        ComplaintStatus.Resolved => "resolved",
        ComplaintStatus.ReturnCallMade => "return_call_made",
        _ => "closed",
    };

    /// <summary>Return-call outcomes on the wire, as the event takes them.</summary>
    public static string? Outcome(ReturnCallOutcome? outcome) => outcome switch
    {
        ReturnCallOutcome.Satisfied => "satisfied",
        ReturnCallOutcome.NotSatisfied => "not_satisfied",
        _ => null,
    };

    private static DateTimeOffset? Local(DateTimeOffset? at, CenterClock clock) => at is { } value ? clock.ToLocal(value) : null;
}
