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
/// <item><c>callbacks-overdue</c>, one per agent: a callback (a return call among them) past its due time, a warning,
/// critical once one is an hour late.</item>
/// </list>
/// Each alert's id, raise time and figures follow from the complaint (or callbacks) and the due times alone, so every host reports
/// the same alerts (the floor takes their union, <see cref="Grains.Floor.DepartmentAlerts"/>).
/// </summary>
public static class ComplaintAlerts
{
    public const string SeriousOpenedRule = "complaint-serious-opened";
    public const string FirstResponseOverdueRule = "complaint-first-response-overdue";
    public const string ResolutionOverdueRule = "complaint-resolution-overdue";
    public const string CallbacksOverdueRule = "callbacks-overdue";

    /// <summary>A callback this late is critical; before, overdue is a warning.</summary>
    public static readonly TimeSpan CallbackCriticalAfter = TimeSpan.FromHours(1);

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

    /// <summary>The agents' overdue callbacks, one alert per agent (<c>callbacks-overdue</c>): a warning once one is past
    /// its due time, critical once one is <see cref="CallbackCriticalAfter"/> late. Raised at the oldest one's due time;
    /// <see cref="Alert.Value"/> is how many minutes late that one is, <see cref="Alert.Reason"/> how many are overdue.</summary>
    public static IEnumerable<Alert> CallbacksOverdue(IEnumerable<Grains.Callbacks.CallbackEntry> callbacks, DateTimeOffset now, Func<string, string> agentName) =>
        callbacks.Where(c => CallbackBoard.StandingOf(c, now) == CallbackStanding.Overdue)
            .GroupBy(c => c.AgentId, StringComparer.Ordinal)
            .Select(g =>
            {
                var oldest = g.Min(c => c.DueAt);
                return new Alert(
                    $"agent:{g.Key}:{CallbacksOverdueRule}", AlertScope.Agent, g.Key, agentName(g.Key), CallbacksOverdueRule,
                    now - oldest >= CallbackCriticalAfter ? AlertSeverity.Critical : AlertSeverity.Warning,
                    Math.Floor((now - oldest).TotalMinutes), CallbackCriticalAfter.TotalMinutes, oldest, null)
                {
                    Reason = g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            });
}

/// <summary>Tells the floor, every few seconds, which of the desk's alerts stand as this host judges them: the
/// complaints' (<see cref="ComplaintAlerts.Of"/>) and the agents' overdue callbacks (<see cref="ComplaintAlerts.CallbacksOverdue"/>).</summary>
public sealed partial class DeskAlertWatcher(
    IComplaintDesk desk, IGrainFactory grains, CenterDirectory directory, Reports.ReportService names, IOptions<ComplaintOptions> options,
    TimeProvider time, ILogger<DeskAlertWatcher> logger) : BackgroundService
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
        var now = time.GetUtcNow();
        var callbacks = await grains.GetGrain<Grains.Callbacks.ICallbackBoardGrain>(Grains.Callbacks.CallbackBoardGrain.Key).ListAsync();
        var alerts = ComplaintAlerts.Of(await desk.ListAsync(), now, directory.QueueName)
            .Concat(ComplaintAlerts.CallbacksOverdue(callbacks, now, names.AgentName)).ToImmutableArray();
        await grains.GetGrain<IFloorGrain>(GrainKeys.Floor).SetDepartmentAlertsAsync(_source, alerts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Desk alerts: a look at the complaints and callbacks failed ({Error}); trying again")]
    private partial void LogReportFailed(string error);
}
