namespace Dashboard.Grains.Complaints;

/// <summary>Return calls (回访) scheduled by the complaint desk (configuration section <c>Complaints</c>).</summary>
public sealed class ReturnCallOptions
{
    public const string Section = "Complaints";

    /// <summary>Whether resolving a complaint schedules its return call on the owner's desk.</summary>
    public bool ReturnCalls { get; set; } = true;

    /// <summary>How long after the resolution the return call is due.</summary>
    public TimeSpan ReturnCallAfter { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// The one home of the return call's life as callbacks (issue 18 §3): a complaint resolved schedules a callback on its
/// owner's desk, due <see cref="ReturnCallOptions.ReturnCallAfter"/> later; the return call recorded on the complaint
/// completes it. The callbacks are events like any source's (<c>callback.scheduled</c>, <c>callback.completed</c>),
/// made only from the batch that resolved it or recorded the call, with ids that follow from the complaint
/// (<c>RC-{complaint}-{n}</c>, n its reopen count), so a replay makes the same ones and nothing twice.
/// </summary>
public static class ReturnCalls
{
    public const string CallbackPrefix = "RC-";

    public static bool IsReturnCall(string callbackId) => callbackId.StartsWith(CallbackPrefix, StringComparison.Ordinal);

    /// <summary>The complaint a return call's callback is for.</summary>
    public static string? ComplaintOf(string callbackId) =>
        IsReturnCall(callbackId) && callbackId.LastIndexOf('-') is var dash and > 3 ? callbackId[CallbackPrefix.Length..dash] : null;

    public static string CallbackId(string complaintId, int reopened) => $"{CallbackPrefix}{complaintId}-{reopened}";

    /// <summary>The callback events a batch's steps of one complaint make, given the case after the batch. They are
    /// dated <paramref name="now"/>, when the desk learns of the step: a resolution sent late still schedules its call
    /// (an agent takes no event from before its reorder window); the due time follows from the resolution's own time.</summary>
    public static IEnumerable<CenterEvent> For(ComplaintCase after, IEnumerable<CenterEvent> batch, ReturnCallOptions options, DateTimeOffset now)
    {
        if (!options.ReturnCalls || after.AgentId is not { } owner)
            yield break;
        var steps = batch.Where(e => e.ComplaintId == after.ComplaintId).ToList();
        if (after.Status == ComplaintStatus.Resolved && after.ResolvedAt is { } resolved && steps.Any(e => e.Type == EventType.ComplaintResolved))
        {
            yield return new CenterEvent
            {
                Id = $"return-call-{after.ComplaintId}-{after.Reopened}", Type = EventType.CallbackScheduled, At = now,
                CallbackId = CallbackId(after.ComplaintId, after.Reopened), AgentId = owner, DueAt = resolved + options.ReturnCallAfter,
                QueueId = after.QueueId, CallId = after.CallId, Category = after.ComplaintId,
            };
        }
        foreach (var call in steps.Where(e => e.Type == EventType.ComplaintReturnCall))
        {
            // Not satisfied reopens the complaint: the call was for the resolution before that reopen.
            var n = after.ReturnCall == ReturnCallOutcome.NotSatisfied ? after.Reopened - 1 : after.Reopened;
            yield return new CenterEvent
            {
                Id = $"return-call-done-{call.Id}", Type = EventType.CallbackCompleted, At = now,
                CallbackId = CallbackId(after.ComplaintId, Math.Max(0, n)), AgentId = owner, CallbackOutcome = CallbackOutcome.Reached, By = call.By,
            };
        }
    }
}
