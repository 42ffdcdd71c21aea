using Dashboard.Grains.Complaints;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Complaints;

/// <summary>
/// The complaint desk's alerts (issue 18 §2), judged by <see cref="ComplaintDue"/> and shown with the floor's: on the
/// banner, acknowledged there, sent off the screen by the notification routes like any other.
/// <list type="bullet">
/// <item><c>complaint-serious-opened</c> (critical): a serious complaint nobody has taken up yet, from its opening
/// until its first response, or until that is overdue (then the next alert says so).</item>
/// <item><c>complaint-first-response-overdue</c> and <c>complaint-resolution-overdue</c>: critical for a serious
/// complaint, a warning for a normal one, from the moment the due time passed.</item>
/// </list>
/// Each alert's id, raise time and figures follow from the complaint and the due times alone, so every host reports
/// the same alerts (the floor takes their union, <see cref="Grains.Floor.DepartmentAlerts"/>).
/// </summary>
public static class ComplaintAlerts
{
    public const string SeriousOpenedRule = "complaint-serious-opened";
    public const string FirstResponseOverdueRule = "complaint-first-response-overdue";
    public const string ResolutionOverdueRule = "complaint-resolution-overdue";

    /// <summary>The alerts these complaints raise now. <see cref="Alert.Value"/> is the minutes since the complaint
    /// opened or its due time passed; <see cref="Alert.Threshold"/> the minutes it was allowed; the complaint's id is
    /// in <see cref="Alert.Reason"/>.</summary>
    public static IEnumerable<Alert> Of(IEnumerable<(ComplaintCase Case, ComplaintDueState Due)> complaints, DateTimeOffset now, Func<string, string> queueName)
    {
        foreach (var (c, due) in complaints)
        {
            if (!c.IsOpen)
                continue;
            var serious = c.Severity == ComplaintSeverity.Serious;
            var (rule, since, allowed) = due.Overdue switch
            {
                ComplaintOverdue.Resolution => (ResolutionOverdueRule, due.ResolutionDue, due.ResolutionDue - c.OpenedAt),
                ComplaintOverdue.FirstResponse => (FirstResponseOverdueRule, due.FirstResponseDue, due.FirstResponseDue - c.OpenedAt),
                _ when serious && due.FirstResponsePending => (SeriousOpenedRule, c.OpenedAt, due.FirstResponseDue - c.OpenedAt),
                _ => (null, default, default),
            };
            if (rule is null)
                continue;
            yield return new Alert(
                $"complaint:{c.ComplaintId}:{rule}", AlertScope.Queue, c.QueueId, queueName(c.QueueId), rule,
                serious ? AlertSeverity.Critical : AlertSeverity.Warning,
                Math.Floor(Math.Max(0, (now - since).TotalMinutes)), Math.Round(allowed.TotalMinutes), since, null)
            {
                Reason = c.ComplaintId,
            };
        }
    }
}

/// <summary>Tells the floor, every few seconds, which complaint alerts stand as this host judges them (<see cref="ComplaintAlerts"/>).</summary>
public sealed partial class ComplaintAlertWatcher(
    IComplaintDesk desk, IGrainFactory grains, CenterDirectory directory, IOptions<ComplaintOptions> options, TimeProvider time,
    ILogger<ComplaintAlertWatcher> logger) : BackgroundService
{
    /// <summary>This host, as one source of the floor's department alerts.</summary>
    private readonly string _source = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Alerts)
            return;
        using var timer = new PeriodicTimer(options.Value.AlertEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReportAsync();
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
            {
                LogReportFailed(ex.Message);
            }
        }
    }

    public async Task ReportAsync()
    {
        var alerts = ComplaintAlerts.Of(await desk.ListAsync(), time.GetUtcNow(), directory.QueueName).ToImmutableArray();
        await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).SetDepartmentAlertsAsync(_source, alerts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint alerts: a look at the desk failed ({Error}); trying again")]
    private partial void LogReportFailed(string error);
}
