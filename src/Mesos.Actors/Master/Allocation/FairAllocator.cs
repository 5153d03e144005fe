using Mesos.Actors.Protocol;

namespace Mesos.Actors.Master.Allocation;

/// <summary>
/// A simple fair allocator: each agent's available resources go, whole, to the eligible framework
/// that holds the smallest share of the cluster's cpus (then memory); between equal shares the one
/// offered least often goes first, as Mesos' sorter does, so that no framework starves. Reserved
/// resources go only to their role. Offers smaller than Mesos' minimum (cpus:0.01 or mem:32) are
/// not made. The hierarchical DRF allocator replaces this one.
/// </summary>
internal sealed class FairAllocator : IAllocator
{
    private const double MinCpus = 0.01;
    private const double MinMem = 32;

    public IReadOnlyList<Allocation> Allocate(IReadOnlyList<AgentSupply> agents, IReadOnlyList<FrameworkDemand> frameworks)
    {
        var totalCpus = Math.Max(agents.Sum(a => a.Available.Scalar("cpus")) + frameworks.Sum(f => f.Allocated.Scalar("cpus")), MinCpus);
        var totalMem = Math.Max(agents.Sum(a => a.Available.Scalar("mem")) + frameworks.Sum(f => f.Allocated.Scalar("mem")), MinMem);
        var held = frameworks.ToDictionary(f => f.FrameworkId, f => (Cpus: f.Allocated.Scalar("cpus"), Mem: f.Allocated.Scalar("mem")), StringComparer.Ordinal);
        var offersMade = frameworks.ToDictionary(f => f.FrameworkId, f => f.OffersMade, StringComparer.Ordinal);
        var result = new List<Allocation>();

        foreach (var agent in agents.OrderBy(a => a.AgentId, StringComparer.Ordinal))
        {
            var candidates = frameworks
                .Where(f => !f.DeclinedAgents.Contains(agent.AgentId))
                .OrderBy(f => held[f.FrameworkId].Cpus / totalCpus)
                .ThenBy(f => held[f.FrameworkId].Mem / totalMem)
                .ThenBy(f => offersMade[f.FrameworkId])
                .ThenBy(f => f.FrameworkId, StringComparer.Ordinal);
            foreach (var framework in candidates)
            {
                var usable = agent.Available.Unreserved() + agent.Available.Reserved(framework.Role);
                if (!IsAllocatable(usable)) continue;
                result.Add(new Allocation(framework.FrameworkId, agent.AgentId, framework.Role, usable));
                var (cpus, mem) = held[framework.FrameworkId];
                held[framework.FrameworkId] = (cpus + usable.Scalar("cpus"), mem + usable.Scalar("mem"));
                offersMade[framework.FrameworkId]++;
                break;
            }
        }
        return result;
    }

    private static bool IsAllocatable(Resources resources) =>
        resources.Scalar("cpus") >= MinCpus || resources.Scalar("mem") >= MinMem;
}
