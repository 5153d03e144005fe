using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.State;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator;

// Agents: added with what frameworks already hold on them, updated, removed, (de)activated.
internal sealed partial class HierarchicalAllocator
{
    /// <summary>
    /// Adds an agent with its total resources and what frameworks already hold on it (tasks and
    /// executors an agent reports when it re-registers). Holdings of frameworks not added yet are kept
    /// aside from the sorters until the framework is added.
    /// </summary>
    /// <exception cref="InvalidOperationException">The agent is already added.</exception>
    public void AddAgent(string agentId, Resources total, IReadOnlyList<ResourceUse>? used = null, AgentCapabilities capabilities = AgentCapabilities.All)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(total);
        if (_agentsById.ContainsKey(agentId)) throw new InvalidOperationException($"Agent '{agentId}' is already added");
        var index = _freeAgentSlots.Count > 0 ? _freeAgentSlots.Pop() : _agents.Count;
        var agent = new AllocatorAgent(index, agentId, capabilities);
        if (index == _agents.Count) _agents.Add(agent);
        else _agents[index] = agent;
        _agentsById.Add(agentId, agent);
        SetTotal(agent, _kinds.ToBundle(total));
        var available = agent.Total;
        foreach (var use in used ?? [])
        {
            if (!_frameworks.TryGetValue(use.FrameworkId, out var framework))
            {
                framework = new AllocatorFramework(use.FrameworkId);
                _frameworks.Add(use.FrameworkId, framework);
            }

            var role = _roles.Intern(use.Role);
            var client = framework.Added ? Client(framework, role) : null;
            var resources = _kinds.ToBundle(use.Resources);
            Hold(agent, framework, role, client, resources);
            available = Bundle.Subtract(available, resources);
            if (client is not null) Reposition(client);
        }

        SetAvailable(agent, available);
        ResumeWhenAgentsAreBack();
    }

    /// <summary>
    /// A new total (e.g. with revocable resources from oversubscription) or new capabilities. Changed
    /// attributes drop the offer filters on the agent, since frameworks may now want it.
    /// </summary>
    public void UpdateAgent(string agentId, Resources? total = null, AgentCapabilities? capabilities = null, bool attributesChanged = false)
    {
        var agent = KnownAgent(agentId);
        agent.SettledEpoch = -1;
        if (attributesChanged) agent.Filters.Clear();
        if (capabilities is { } changed) agent.Capabilities = changed;
        if (total is null) return;
        var old = agent.Total;
        SetTotal(agent, _kinds.ToBundle(total));

        // A total that only grew (oversubscription adding revocable resources) adds to what is available.
        if (agent.Total.Contains(old))
        {
            SetAvailable(agent, Bundle.Add(agent.Available, Bundle.Subtract(agent.Total, old)));
            return;
        }

        var held = Bundle.Empty;
        foreach (var holding in agent.Holdings) held = Bundle.Add(held, holding.Resources);
        SetAvailable(agent, Bundle.Subtract(agent.Total, held));
    }

    /// <summary>Removes an agent with everything held and filtered on it.</summary>
    public void RemoveAgent(string agentId)
    {
        var agent = KnownAgent(agentId);
        for (var i = agent.Holdings.Count - 1; i >= 0; i--) Release(agent, agent.Holdings[i], agent.Holdings[i].Resources);
        SetAvailable(agent, Bundle.Empty);
        SetTotal(agent, Bundle.Empty);
        _agentsById.Remove(agentId);
        _agents[agent.Index] = null;
        _freeAgentSlots.Push(agent.Index);
    }

    /// <summary>Offers from the agent resume (after maintenance, or once it is reachable again).</summary>
    public void ActivateAgent(string agentId) => KnownAgent(agentId).Active = true;

    /// <summary>No offers from the agent; its resources still count in the cluster's totals.</summary>
    public void DeactivateAgent(string agentId) => KnownAgent(agentId).Active = false;

    private AllocatorAgent KnownAgent(string agentId) =>
        Agent(agentId) ?? throw new ArgumentException($"Unknown agent '{agentId}'", nameof(agentId));
}
