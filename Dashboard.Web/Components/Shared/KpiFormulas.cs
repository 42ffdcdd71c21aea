namespace Dashboard.Web.Components.Shared;

/// <summary>The formula behind every figure on screen, shown on hover; written from KPI.md so every screen
/// states the same definition the API and the reports use.</summary>
public static class KpiFormulas
{
    public const string Waiting = "Calls waiting (now): contacts in the queue not yet answered, abandoned or flowed out.";

    public const string LongestWait = "Longest wait (now): now − enqueue time of the oldest waiting contact; 0 when none waits.";

    public const string Asa = "ASA (average speed of answer): sum of wait of answered contacts / answered.";

    public const string Aht = "AHT (average handle time): sum of (talk + hold + wrap-up) of contacts whose handling ended in the window / their count.";

    public const string AbandonRate =
        "Abandon rate: (abandoned − short abandoned) / (answered + abandoned − short abandoned + flowed out).";

    public const string AgentsByState = "Agents by state (now): agents assigned to the queue, counted by state; staffed = not offline.";

    public const string ComplaintsInProgress = "Complaints open: complaints opened from this queue not yet resolved or closed.";

    public const string TotalWaiting = "Total waiting (now): calls waiting summed over the queues shown.";

    public const string FloorAgents = "Agents on the floor by state (now), each agent counted once.";

    public const string Staffing =
        "Staffing (编制 / 在岗): for the shift in force now, each team's planned headcount against its agents on duty (logged in, any state but offline).";

    public const string LastUpdate = "When this screen last heard from the live model (heartbeats included); red when older than 5 s.";

    public const string Handled = "Handled: calls this agent answered whose handling ended today.";

    public const string AgentAht = "AHT: (talk + hold + wrap-up) of today's handled calls / handled.";

    public const string Talk = "Talk: time talking on today's handled calls.";

    public const string Hold = "Hold: time holding on today's handled calls.";

    public const string WrapUp = "Wrap-up: after-call work time of today's handled calls.";

    public const string NotReady = "Not ready: time in not-ready today, totalled per reason code.";

    public const string Occupancy =
        "Occupancy: (talk + hold + wrap-up time) / (talk + hold + wrap-up + available time); not-ready and offline time are outside both.";

    public const string Missed = "Missed: calls offered to the agent (call.offered) and not answered by them.";

    public const string TimeInState = "Time in state: now − start of the current state.";

    public const string CallDuration = "Current call: now − when the call was answered (or offered, while ringing).";

    public const string Csat = "CSAT: mean survey score (1–5), and top-two-box share = scores 4–5 / all scores.";

    public const string AgentComplaints = "Complaints open: complaints owned by the agent not resolved or closed.";

    public const string Offered = "Offered: contacts that entered the queue (queued, or transferred in), counted where they entered.";

    public const string Answered = "Answered: contacts that left the queue because an agent answered, counted where they left.";

    public const string Abandoned = "Abandoned: contacts whose caller hung up while waiting, counted where they left (short abandons included).";

    public const string TeamAverage = "Team average: mean over the agents of the same team on the floor now (agents without the figure left out).";

    /// <summary>The queue's own service-level formula (KPI.md: three formulas, optionally counting flow-outs), over <paramref name="window"/>.</summary>
    public static string ServiceLevel(QueueSettings settings, string window = "last 30 min")
    {
        var threshold = settings.ServiceLevelThresholdSeconds;
        var flowOuts = settings.IncludeFlowOuts ? " + flowed out" : "";
        var formula = settings.ServiceLevelFormula switch
        {
            ServiceLevelFormula.AnsweredOnly =>
                $"answered within {threshold} s / (answered{flowOuts})",
            ServiceLevelFormula.AbandonsWithinThresholdMet =>
                $"(answered within {threshold} s + abandoned within {threshold} s) / (answered + abandoned{flowOuts})",
            _ => $"answered within {threshold} s / (answered + abandoned − short abandoned{flowOuts})",
        };
        return $"Service level ({window}): {formula}; target {Format.Percent(settings.ServiceLevelTarget)}. — when there were no calls.";
    }
}
