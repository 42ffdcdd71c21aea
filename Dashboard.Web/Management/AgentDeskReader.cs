namespace Dashboard.Web.Management;

/// <summary>An agent's own work items (open complaints, callbacks owed), for their desk page.</summary>
public interface IAgentDeskReader
{
    Task<AgentDesk> ReadAsync(string agentId);
}

public sealed class AgentDeskReader(IGrainFactory grains) : IAgentDeskReader
{
    public Task<AgentDesk> ReadAsync(string agentId) => grains.GetGrain<IAgentGrain>(agentId).GetDeskAsync();
}
