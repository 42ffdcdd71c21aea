using Dashboard.Web.TimeSeries;

namespace Dashboard.Web.Reports;

/// <summary>
/// The two reports as CSV: the JSON rows' fields as columns, under the same names, flattened; with the queue's or
/// agent's name beside its id, since a spreadsheet cannot look it up.
/// </summary>
public static class ReportCsv
{
    public static Csv Queues(IReadOnlyList<QueueIntervalRow> rows, Func<string, string> queueName)
    {
        var csv = new Csv().Texts(["queueId", "queueName", "start", "end", "offered", "answered", "abandoned",
            "shortAbandoned", "flowedOut", "answeredWithinThreshold", "abandonedWithinThreshold", "handled",
            "serviceLevel", "asaSeconds", "ahtSeconds", "abandonRate"]).EndRow();
        foreach (var row in rows)
        {
            var f = row.Figures;
            csv.Text(row.QueueId).Text(queueName(row.QueueId)).Time(row.Start).Time(row.End)
                .Number(f.Offered).Number(f.Answered).Number(f.Abandoned).Number(f.ShortAbandoned).Number(f.FlowedOut)
                .Number(f.AnsweredWithinThreshold).Number(f.AbandonedWithinThreshold).Number(f.Handled)
                .Number(f.ServiceLevel).Number(f.AsaSeconds).Number(f.AhtSeconds).Number(f.AbandonRate)
                .EndRow();
        }
        return csv;
    }

    /// <summary>One column of not-ready seconds per reason code that occurs in the rows (notReady.break, …), after the fixed ones.</summary>
    public static Csv Agents(IReadOnlyList<AgentDayRow> rows, Func<string, string> agentName)
    {
        var reasons = rows.SelectMany(r => r.NotReadyByReason.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var csv = new Csv().Texts(["agentId", "agentName", "day", "from", "to", "handled", "ahtSeconds", "talkSeconds",
            "holdSeconds", "wrapUpSeconds", "availableSeconds", "notReadySeconds", "occupancy", "csatMean",
            "csatTopTwoBox", "csatResponses", .. reasons.Select(r => "notReady." + r)]).EndRow();
        foreach (var row in rows)
        {
            csv.Text(row.AgentId).Text(agentName(row.AgentId)).Date(row.Day).Time(row.From).Time(row.To)
                .Number(row.Handled).Number(row.AhtSeconds).Number(row.TalkSeconds).Number(row.HoldSeconds)
                .Number(row.WrapUpSeconds).Number(row.AvailableSeconds).Number(row.NotReadySeconds).Number(row.Occupancy)
                .Number(row.Csat?.Mean).Number(row.Csat?.TopTwoBox).Number(row.Csat?.Responses ?? 0);
            foreach (var reason in reasons)
            {
                csv.Number(row.NotReadyByReason.GetValueOrDefault(reason));
            }
            csv.EndRow();
        }
        return csv;
    }
}
