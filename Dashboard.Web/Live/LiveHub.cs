using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// SignalR hub /hubs/live for clients other than the Blazor UI. A client subscribes to the floor, a queue or an
/// agent, gets the current snapshot at once (from the floor aggregate, so it includes every batch already
/// acknowledged), then every change (coalesced by the floor, one per publication interval at most). Snapshots carry a version; a
/// client keeps the highest.
/// </summary>
/// <remarks>Who: signed-in people and API keys with the read scope, not display links; an Agent only their own agent and the queues they serve (docs/permissions.md).</remarks>
[Authorize(Policy = Policies.LiveHub)]
public sealed class LiveHub(IGrainFactory grains, HubGroups groups) : Hub
{
    private IFloorGrain Floor => grains.GetGrain<IFloorGrain>(GrainKeys.Floor);

    [Authorize(Policy = Policies.LiveFloor)]
    public async Task SubscribeFloor()
    {
        await JoinAsync(HubGroups.Floor);
        // Settings are not part of the hub contract (their readers are fewer: GET /api/alerts/thresholds, /api/staffing).
        await Clients.Caller.SendAsync(HubGroups.FloorMessage, (await Floor.GetStateAsync()) with { Settings = null });
    }

    [Authorize(Policy = Policies.QueueFigures)]
    public async Task SubscribeQueue(string queueId)
    {
        var queue = await Floor.GetQueueAsync(queueId)
            ?? throw new HubException($"No queue with id '{queueId}' has been configured or seen in an event.");
        await JoinAsync(HubGroups.Queue(queueId));
        await Clients.Caller.SendAsync(HubGroups.QueueMessage, queue);
    }

    [Authorize(Policy = Policies.AgentFigures)]
    public async Task SubscribeAgent(string agentId)
    {
        var agent = await Floor.GetAgentAsync(agentId)
            ?? throw new HubException($"No agent with id '{agentId}' has been configured or seen in an event.");
        await JoinAsync(HubGroups.Agent(agentId));
        await Clients.Caller.SendAsync(HubGroups.AgentMessage, agent);
    }

    public Task UnsubscribeFloor() => LeaveAsync(HubGroups.Floor);

    public Task UnsubscribeQueue(string queueId) => LeaveAsync(HubGroups.Queue(queueId));

    public Task UnsubscribeAgent(string agentId) => LeaveAsync(HubGroups.Agent(agentId));

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        groups.LeaveAll(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private async Task JoinAsync(string group)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        groups.Join(Context.ConnectionId, group);
    }

    private async Task LeaveAsync(string group)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        groups.Leave(Context.ConnectionId, group);
    }
}

/// <summary>
/// Group names and message names of the hub, built in one place; and which groups have members, so the
/// broadcaster sends nothing for the thousands of agents nobody watches.
/// </summary>
public sealed class HubGroups
{
    public const string Floor = "floor";
    public const string FloorMessage = "floor";
    public const string QueueMessage = "queue";
    public const string AgentMessage = "agent";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _byConnection = [];
    private readonly Dictionary<string, int> _members = [];

    public static string Queue(string queueId) => "queue:" + queueId;

    public static string Agent(string agentId) => "agent:" + agentId;

    public bool HasMembers(string group)
    {
        lock (_gate)
        {
            return _members.ContainsKey(group);
        }
    }

    public void Join(string connectionId, string group)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var joined))
            {
                _byConnection[connectionId] = joined = [];
            }
            if (joined.Add(group))
            {
                _members[group] = _members.GetValueOrDefault(group) + 1;
            }
        }
    }

    public void Leave(string connectionId, string group)
    {
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connectionId, out var joined) && joined.Remove(group))
            {
                Decrement(group);
            }
        }
    }

    public void LeaveAll(string connectionId)
    {
        lock (_gate)
        {
            if (_byConnection.Remove(connectionId, out var joined))
            {
                foreach (var group in joined)
                {
                    Decrement(group);
                }
            }
        }
    }

    private void Decrement(string group)
    {
        if (--_members[group] == 0)
        {
            _members.Remove(group);
        }
    }
}
