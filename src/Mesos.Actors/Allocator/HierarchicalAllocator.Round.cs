using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Sorting;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator;

// One allocation round, as Mesos' __generateOffers: agents in random order; for each agent, roles in
// DRF order and, within a role, frameworks in DRF order. The first stage serves roles whose quota
// guarantees are not met yet; the second serves everyone, holding back the headroom those guarantees
// still need and never taking a role past its limits. Orders are snapshots per agent (per role for
// frameworks): an allocation moves its framework and role only once their loop is over.
internal sealed partial class HierarchicalAllocator
{
    private readonly List<SorterClient> _moved = [];
    private readonly List<RoleNode> _touched = [];
    private readonly Dictionary<long, Allocation> _firstStageOffers = [];
    private readonly List<(int Dim, long Millis)> _unsatisfied = [];
    private int[] _agentOrder = [];
    private long[] _required = [];
    private bool _headroomRequired;
    private List<Allocation> _made = [];

    /// <summary>Runs one allocation round over the active agents and returns the offers it made.</summary>
    public IReadOnlyList<Allocation> Allocate(DateTimeOffset now)
    {
        _made = [];
        var ticks = Ticks(now);
        if (Paused(ticks)) return _made;
        RefreshShares();
        ComputeRequiredHeadroom();
        var agents = ActiveAgents();
        if (_guaranteedRoles > 0) RunStage(agents, ticks, firstStage: true);
        RunStage(agents, ticks, firstStage: false);
        _firstStageOffers.Clear();
        return _made;
    }

    private int ActiveAgents()
    {
        if (_agentOrder.Length < _agents.Count) _agentOrder = new int[_agents.Count];
        var count = 0;
        foreach (var agent in _agents)
        {
            if (agent is { Active: true }) _agentOrder[count++] = agent.Index;
        }

        return count;
    }

    // Required headroom = the unsatisfied part of every guarantee, counting each subtree once.
    private void ComputeRequiredHeadroom()
    {
        if (_required.Length != _kinds.Dims.Count) _required = new long[_kinds.Dims.Count];
        Array.Clear(_required);
        _headroomRequired = false;
        foreach (var role in _roles.QuotaRoots())
        {
            foreach (var (dim, guarantee) in role.Guarantees)
            {
                var missing = Math.Max(0, guarantee - role.Consumed(dim));
                _required[dim] += missing;
                _headroomRequired |= missing > 0;
            }
        }
    }

    private void RunStage(int agents, long now, bool firstStage)
    {
        // Mesos shuffles the agents for each stage; the seed makes the shuffle repeatable.
        for (var i = agents - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (_agentOrder[i], _agentOrder[j]) = (_agentOrder[j], _agentOrder[i]);
        }

        for (var i = 0; i < agents; i++)
        {
            var agent = _agents[_agentOrder[i]]!;
            if (agent.Available.IsEmpty || (agent.SettledEpoch == _epoch && now < agent.SettledUntil)) continue;
            var filtersLoaded = false;
            var offers = _made.Count;
            foreach (var role in _roles.Order(_shares))
            {
                if (agent.Available.IsEmpty) break;
                if (role.Clients.Count == 0 || (firstStage && !Unsatisfied(role))) continue;
                if (!_offer.Begin(agent, role, firstStage, _required, _headroomRequired)) continue;
                AllocateToRole(agent, role, firstStage, now, ref filtersLoaded);
                foreach (var client in _moved) role.Clients.Update(client.Id, _shares.Share(client.Allocation), client.AllocationCount);
                _moved.Clear();
            }

            // Without quota, whether anyone can be offered this agent depends on nothing that a round changes.
            if (_made.Count == offers && _quotaRoles == 0)
            {
                agent.SettledEpoch = _epoch;
                agent.SettledUntil = filtersLoaded ? _filters.FirstExpiry : long.MaxValue;
            }

            if (filtersLoaded) _filters.Unload();
            foreach (var role in _touched) _roles.Reposition(role, _shares);
            _touched.Clear();
        }
    }

    private void AllocateToRole(AllocatorAgent agent, RoleNode role, bool firstStage, long now, ref bool filtersLoaded)
    {
        var clients = role.Clients;
        for (var i = 0; i < clients.Count; i++)
        {
            var id = clients[i];
            var client = _clients[id]!;
            var framework = client.Framework;
            if (!CanReceive(framework, role, agent)) continue;
            var minimum = framework.MinimumOffers.GetValueOrDefault(role) ?? _minimumOffer;
            if (!minimum.Accepts(_offer.AvailableQuantities)) continue;
            if (!_offer.Build(framework.Capabilities, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_unsatisfied))) continue;
            if (!minimum.Accepts(_offer.Quantities)) continue;
            if (!filtersLoaded)
            {
                _filters.Load(agent.Filters, now, _clients);
                filtersLoaded = true;
            }

            if (_filters.IsFiltered(id, _offer.Offer, _offer.Stamp)) continue;
            Offer(agent, client, firstStage);
            if (firstStage && !Unsatisfied(role)) break;
            if (!_offer.Refresh()) break;
        }
    }

    // Agents that cannot serve a framework at all, whatever is left on them.
    private bool CanReceive(AllocatorFramework framework, RoleNode role, AllocatorAgent agent)
    {
        if (framework.Has(FrameworkCapabilities.MultiRole) && (agent.Capabilities & AgentCapabilities.MultiRole) == 0) return false;
        if (role.IsNested && (agent.Capabilities & AgentCapabilities.HierarchicalRole) == 0) return false;
        return !(_options.FilterGpuResources && agent.HasGpu && !framework.Has(FrameworkCapabilities.GpuResources));
    }

    // Fills _unsatisfied with what the role's guarantees still miss; false when nothing.
    private bool Unsatisfied(RoleNode role)
    {
        _unsatisfied.Clear();
        foreach (var (dim, guarantee) in role.Guarantees)
        {
            var missing = guarantee - role.Consumed(dim);
            if (missing > 0) _unsatisfied.Add((dim, missing));
        }

        return _unsatisfied.Count > 0;
    }

    private void Offer(AllocatorAgent agent, SorterClient client, bool firstStage)
    {
        var offered = Bundle.Of(_offer.Offer);
        if (firstStage)
        {
            var guaranteed = _offer.Guaranteed;
            for (var dim = 0; dim < guaranteed.Length; dim++) _required[dim] = Math.Max(0, _required[dim] - guaranteed[dim]);
        }

        SetAvailable(agent, _offer.TakesAll ? Bundle.Empty : Bundle.Subtract(agent.Available, offered));
        Hold(agent, client.Framework, client.Role, client, offered);
        if (!_moved.Contains(client)) _moved.Add(client);
        if (!_touched.Contains(client.Role)) _touched.Add(client.Role);
        Record(agent, client, offered, firstStage);
    }

    private void Record(AllocatorAgent agent, SorterClient client, Bundle offered, bool firstStage)
    {
        var key = ((long)client.Id << 32) | (uint)agent.Index;
        if (!firstStage && _firstStageOffers.TryGetValue(key, out var earlier))
        {
            earlier.Merge(offered);
            return;
        }

        var allocation = new Allocation(client.Framework.Id, agent.Id, client.Role.Path, offered);
        _made.Add(allocation);
        if (firstStage) _firstStageOffers[key] = allocation;
    }
}
