using System.Collections.Concurrent;
using Dashboard.Grains.History;

namespace Dashboard.Tests.Support;

/// <summary>
/// A history sink that keeps what agents a test watches post, in the order posted; the rest is dropped, as
/// <see cref="NoHistory"/> does, so a cluster shared by many tests holds only what one of them reads.
/// </summary>
public sealed class WatchedHistory : IHistorySink
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HistoryRecord>> _watched = new(StringComparer.Ordinal);

    /// <summary>Keeps what <paramref name="agentId"/> posts from now on.</summary>
    public void Watch(string agentId) => _watched.TryAdd(agentId, new ConcurrentQueue<HistoryRecord>());

    /// <summary>What the agent posted since <see cref="Watch"/>.</summary>
    public IReadOnlyList<HistoryRecord> Of(string agentId) => _watched.TryGetValue(agentId, out var posted) ? [.. posted] : [];

    public void Post(HistoryRecord record)
    {
        var agentId = record switch
        {
            AgentSpanRecord span => span.AgentId,
            ContactRecord contact => contact.AgentId,
            SurveyRecord survey => survey.AgentId,
            _ => null,
        };
        if (agentId is not null && _watched.TryGetValue(agentId, out var posted))
        {
            posted.Enqueue(record);
        }
    }
}
