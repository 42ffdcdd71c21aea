using Dashboard.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dashboard.Web.Components.Shared;

/// <summary>The formula behind every figure on screen, shown on hover; written from KPI.md so every screen
/// states the same definition the API and the reports use. Each constant is the key of its text in the UI resource
/// (<c>L[KpiFormulas.Waiting]</c>), in English and Chinese.</summary>
public static class KpiFormulas
{
    public const string Waiting = "Formula.Waiting";

    public const string LongestWait = "Formula.LongestWait";

    public const string Asa = "Formula.Asa";

    public const string Aht = "Formula.Aht";

    public const string AbandonRate = "Formula.AbandonRate";

    public const string AgentsByState = "Formula.AgentsByState";

    public const string ComplaintsInProgress = "Formula.ComplaintsInProgress";

    public const string TotalWaiting = "Formula.TotalWaiting";

    public const string FloorAgents = "Formula.FloorAgents";

    public const string TodayTotals = "Formula.TodayTotals";

    public const string Staffing = "Formula.Staffing";

    public const string LastUpdate = "Formula.LastUpdate";

    public const string Handled = "Formula.Handled";

    public const string AgentAht = "Formula.AgentAht";

    public const string Talk = "Formula.Talk";

    public const string Hold = "Formula.Hold";

    public const string WrapUp = "Formula.WrapUp";

    public const string NotReady = "Formula.NotReady";

    public const string Occupancy = "Formula.Occupancy";

    public const string Missed = "Formula.Missed";

    public const string TimeInState = "Formula.TimeInState";

    public const string CallDuration = "Formula.CallDuration";

    public const string Csat = "Formula.Csat";

    public const string AgentComplaints = "Formula.AgentComplaints";

    public const string Offered = "Formula.Offered";

    public const string Answered = "Formula.Answered";

    public const string Abandoned = "Formula.Abandoned";

    public const string TeamAverage = "Formula.TeamAverage";

    /// <summary>The queue's own service-level formula (KPI.md: three formulas, optionally counting flow-outs), over
    /// the last 30 minutes, or over one interval of a report when <paramref name="interval"/>.</summary>
    public static string ServiceLevel(IStringLocalizer text, QueueSettings settings, bool interval = false)
    {
        var threshold = settings.ServiceLevelThresholdSeconds;
        var flowOuts = settings.IncludeFlowOuts ? text["Formula.ServiceLevel.FlowOuts"].Value : "";
        var formula = settings.ServiceLevelFormula switch
        {
            ServiceLevelFormula.AnsweredOnly => text["Formula.ServiceLevel.AnsweredOnly", threshold, flowOuts],
            ServiceLevelFormula.AbandonsWithinThresholdMet => text["Formula.ServiceLevel.AbandonsWithinThresholdMet", threshold, flowOuts],
            _ => text["Formula.ServiceLevel.AbandonsAgainst", threshold, flowOuts],
        };
        var window = text[interval ? "Formula.Window.Interval" : "Formula.Window.Last30"];
        return text["Formula.ServiceLevel", window, formula, Format.Percent(settings.ServiceLevelTarget)];
    }
}
