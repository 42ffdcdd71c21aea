using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// The hub's one fan-out per host: each floor change goes to the groups that have members, so a subscription
/// gets at most one message per floor publication. The feed merges whatever changes while a broadcast is under
/// way, so a slow client coarsens the hub's updates instead of stalling ingestion.
/// A client that stops reading altogether is closed by SignalR after its transport send timeout (10 s), which
/// bounds how long it can hold up the others.
/// </summary>
internal sealed class HubBroadcaster(ILiveFeed feed, IHubContext<LiveHub> hub, HubGroups groups) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(BroadcastAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task BroadcastAsync(FloorChange change)
    {
        var sends = new List<Task>();
        if (groups.HasMembers(HubGroups.Floor))
        {
            sends.Add(hub.Clients.Group(HubGroups.Floor).SendAsync(HubGroups.FloorMessage, change.Delta with { Settings = null }));
        }
        foreach (var queue in change.Delta.Queues)
        {
            var group = HubGroups.Queue(queue.QueueId);
            if (groups.HasMembers(group))
            {
                sends.Add(hub.Clients.Group(group).SendAsync(HubGroups.QueueMessage, queue));
            }
        }
        foreach (var agent in change.Delta.Agents)
        {
            var group = HubGroups.Agent(agent.AgentId);
            if (groups.HasMembers(group))
            {
                sends.Add(hub.Clients.Group(group).SendAsync(HubGroups.AgentMessage, agent));
            }
        }
        await Task.WhenAll(sends);
    }
}
