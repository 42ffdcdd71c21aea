using System.Security.Claims;
using Dashboard.Grains.Surveys;
using Dashboard.Web.Audit;
using Dashboard.Web.Ingestion;
using Dashboard.Web.Live;
using Dashboard.Web.Webhooks;

namespace Dashboard.Web.Complaints;

/// <summary>A low score with what the desk knows of it: the complaint opened from it, if any.</summary>
public sealed record LowScoreRow(LowScore Score, string? ComplaintId);

/// <summary>
/// Low satisfaction scores (1–2 of 5) for follow-up (issue 18 §4): listed with the contact, the agent and the
/// customer's comment; a supervisor opens a complaint from one in one click. The complaint's id follows from the
/// survey's (<see cref="ComplaintIdOf"/>), so opening it twice opens it once, and the list knows which were followed up.
/// </summary>
public sealed class LowScoreDesk(IGrainFactory grains, IEventSink sink, ILiveFeed feed, TimeProvider time, AuditLog audit, WebhookSender webhooks)
{
    public const string Category = "satisfaction";

    /// <summary>The complaint opened from a survey: <c>S-{surveyId}</c>.</summary>
    public static string ComplaintIdOf(string surveyId) => "S-" + surveyId;

    public abstract record Outcome;

    public sealed record Opened(string ComplaintId) : Outcome;

    public sealed record NotFound(string SurveyId) : Outcome;

    public sealed record Conflict(string Problem) : Outcome;

    /// <summary>The low scores of the last <paramref name="days"/> days, newest first.</summary>
    public async Task<IReadOnlyList<LowScoreRow>> ListAsync(int days = 7)
    {
        var since = time.GetUtcNow().AddDays(-Math.Clamp(days, 1, 35));
        var scores = await grains.GetGrain<ILowScoreGrain>(LowScoreGrain.Key).ListAsync();
        var complaints = (await grains.GetGrain<IComplaintDeskGrain>(GrainKeys.ComplaintDesk).ListAsync())
            .Select(c => c.ComplaintId).ToHashSet(StringComparer.Ordinal);
        return [.. scores.Where(s => s.At >= since)
            .Select(s => new LowScoreRow(s, complaints.Contains(ComplaintIdOf(s.SurveyId)) ? ComplaintIdOf(s.SurveyId) : null))];
    }

    /// <summary>Opens a complaint from a low score (unassigned, for a supervisor to take up), in the survey's queue (else
    /// the agent's first), about the same contact and customer, the score and the comment written on its opening.</summary>
    public async Task<Outcome> OpenComplaintAsync(string surveyId, ComplaintSeverity severity, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        var scores = await grains.GetGrain<ILowScoreGrain>(LowScoreGrain.Key).ListAsync();
        if (scores.FirstOrDefault(s => s.SurveyId == surveyId) is not { } score)
            return new NotFound(surveyId);
        var queueId = score.QueueId ?? feed.Current.Agents.GetValueOrDefault(score.AgentId)?.Queues.FirstOrDefault();
        if (queueId is null)
            return new Conflict("The survey names no queue and its agent is in none: open the complaint from the CRM.");
        var complaintId = ComplaintIdOf(surveyId);
        var actor = AuditLog.ActorOf(by);
        var at = time.GetUtcNow();
        var note = string.IsNullOrWhiteSpace(score.Comment) ? $"Survey {score.Score}/5." : $"Survey {score.Score}/5: {score.Comment}";
        // The score and comment go with the opening, not as a note: a note would count as the first response to the customer.
        await sink.IngestAsync(
        [
            new CenterEvent
            {
                Id = $"dashboard-lowscore-{surveyId}-open", Type = EventType.ComplaintOpened, At = at, ComplaintId = complaintId, QueueId = queueId,
                CallId = score.CallId, CustomerId = score.CustomerId, Severity = severity, Category = Category, By = actor,
                Note = note.Length > EventRules.MaxNoteLength ? note[..EventRules.MaxNoteLength] : note,
            },
        ], cancellationToken);
        await audit.WriteAsync(by, "complaint.opened", complaintId, null, new { surveyId, score.AgentId, score.Score, queueId });
        webhooks.Enqueue("complaint.opened", new { complaintId, surveyId, queueId, callId = score.CallId, customerId = score.CustomerId,
            severity = ComplaintEndpoints.Severity(severity), category = Category, by = actor, at });
        return new Opened(complaintId);
    }
}
