using System.Text.Json;

namespace Dashboard.Tests.Support;

/// <summary>Test events as the ingestion contract's JSON (docs/events.md), for posting to the real host.</summary>
public static class ContractJson
{
    public static string Of(IEnumerable<CenterEvent> events) => JsonSerializer.Serialize(events.Select(e => new Dictionary<string, object?>
    {
        ["id"] = e.Id,
        ["type"] = e.Type.Name(),
        ["at"] = e.At.ToString("O"),
        ["agentId"] = e.AgentId,
        ["callId"] = e.CallId,
        ["queueId"] = e.QueueId,
        ["toQueueId"] = e.ToQueueId,
        ["state"] = e.State switch { AgentState.NotReady => "not_ready", AgentState.Available => "available", AgentState.WrapUp => "wrap_up", _ => null },
        ["reason"] = e.Reason,
        ["name"] = e.Name,
        ["team"] = e.Team,
        ["queues"] = e.Queues is { } queues ? queues.ToArray() : null,
        ["score"] = e.Score,
        ["complaintId"] = e.ComplaintId,
        ["severity"] = e.Severity?.ToString().ToLowerInvariant(),
        ["category"] = e.Category,
    }.Where(kv => kv.Value is not null).ToDictionary()));
}
