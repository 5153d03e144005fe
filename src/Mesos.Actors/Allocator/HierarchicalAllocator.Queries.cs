using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator;

// What the allocator holds, for the master's endpoints and for tests.
internal sealed partial class HierarchicalAllocator
{
    public Resources Total(string agentId) => KindTable.ToResources(KnownAgent(agentId).Total);

    /// <summary>What on the agent is neither offered nor used.</summary>
    public Resources Available(string agentId) => KindTable.ToResources(KnownAgent(agentId).Available);

    /// <summary>What the framework holds on the agent under the role, offered or used.</summary>
    public Resources Held(string frameworkId, string agentId, string role)
    {
        var agent = KnownAgent(agentId);
        if (!_frameworks.TryGetValue(frameworkId, out var framework) || _roles.Find(role) is not { } node) return Resources.Empty;
        return agent.Find(framework, node) is { } holding ? KindTable.ToResources(holding.Resources) : Resources.Empty;
    }

    /// <summary>A role's quota consumption: its and its descendants' reservations plus their unreserved allocations.</summary>
    public ResourceQuantities ConsumedQuota(string role)
    {
        var quantities = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_roles.Find(role) is not { } node) return ResourceQuantities.Empty;
        for (var dim = 0; dim < _kinds.Dims.Count; dim++)
        {
            var consumed = node.Consumed(dim);
            if (consumed > 0) quantities[_kinds.Dims.Name(dim)] = consumed / 1000.0;
        }

        return ResourceQuantities.Of(quantities);
    }

    /// <summary>The role's dominant share of the cluster, its descendants included, before weighting.</summary>
    public double RoleShare(string role)
    {
        RefreshShares();
        return _roles.Find(role) is { } node ? _shares.Share(node.SubtreeAllocation) : 0;
    }

    /// <summary>The framework's dominant share of the cluster under the role.</summary>
    public double FrameworkShare(string frameworkId, string role)
    {
        RefreshShares();
        return _frameworks.TryGetValue(frameworkId, out var framework) && _roles.Find(role) is { } node
            && framework.Clients.TryGetValue(node, out var client)
            ? _shares.Share(client.Allocation)
            : 0;
    }
}
