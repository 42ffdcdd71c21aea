using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Grains.Center;

/// <summary>What the configuration says about queues and agents: names, teams, settings, and the defaults for
/// anything first seen in an event.</summary>
public sealed class CenterDirectory
{
    private readonly ImmutableDictionary<string, QueueDefinition> _queues;
    private readonly ImmutableDictionary<string, AgentDefinition> _agents;

    public CenterDirectory(IOptions<CenterOptions> options)
    {
        var center = options.Value;
        _queues = center.Queues.ToImmutableDictionary(q => q.Id, StringComparer.Ordinal);
        _agents = center.Agents.ToImmutableDictionary(a => a.Id, StringComparer.Ordinal);
        ReasonCodes = [.. center.ReasonCodes];
    }

    public ImmutableArray<ReasonCode> ReasonCodes { get; }

    public IEnumerable<QueueDefinition> Queues => _queues.Values.OrderBy(q => q.Id, StringComparer.Ordinal);

    public IEnumerable<AgentDefinition> Agents => _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal);

    public bool IsConfiguredQueue(string queueId) => _queues.ContainsKey(queueId);

    public bool IsConfiguredAgent(string agentId) => _agents.ContainsKey(agentId);

    public QueueSettings QueueSettings(string? queueId) =>
        queueId is not null && _queues.TryGetValue(queueId, out var q) ? q.ToSettings() : Abstractions.QueueSettings.Default;

    public string QueueName(string queueId) =>
        _queues.TryGetValue(queueId, out var q) && !string.IsNullOrEmpty(q.Name) ? q.Name : queueId;

    public Channel QueueChannel(string queueId) => _queues.TryGetValue(queueId, out var q) ? q.Channel : Channel.Voice;

    public AgentDefinition? Agent(string agentId) => _agents.GetValueOrDefault(agentId);
}
