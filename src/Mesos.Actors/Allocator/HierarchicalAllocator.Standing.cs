using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator;

// Why a framework is or is not offered resources, for operators.
internal sealed partial class HierarchicalAllocator
{
    /// <summary>The framework's roles, shares, quota and live filters; null when it is not added.</summary>
    public FrameworkStanding? Standing(string frameworkId, DateTimeOffset now)
    {
        if (AddedFramework(frameworkId) is not { } framework) return null;
        RefreshShares();
        var roles = framework.Roles.OrderBy(r => r.Path, StringComparer.Ordinal).Select(role =>
        {
            framework.Clients.TryGetValue(role, out var client);
            return new RoleStanding(
                role.Path,
                role.Weight,
                _shares.Share(role.SubtreeAllocation),
                client is null ? 0 : _shares.Share(client.Allocation),
                framework.Suppressed.Contains(role),
                client is null ? ResourceQuantities.Empty : Quantities(client.Allocation),
                new Quota(Quantities(role.Guarantees), Quantities(role.Limits)),
                ConsumedQuota(role.Path));
        }).ToList();
        return new FrameworkStanding(framework.Active, roles, LiveFilters(framework, Ticks(now)));
    }

    /// <summary>Unreserved, non-revocable scalars that nobody holds, on every agent.</summary>
    public ResourceQuantities FreeUnreserved => Quantities(_free);

    private List<FilterStanding> LiveFilters(AllocatorFramework framework, long now)
    {
        var filters = new List<FilterStanding>();
        foreach (var agent in _agentsById.Values)
        {
            foreach (ref readonly var filter in agent.Filters.Items)
            {
                if (now >= filter.ExpiresAt || _clients[filter.Client] is not { } client || client.Framework != framework
                    || client.FilterGeneration != filter.Generation) continue;
                filters.Add(new FilterStanding(agent.Id, client.Role.Path, KindTable.ToResources(filter.Refused), new DateTimeOffset(filter.ExpiresAt, TimeSpan.Zero)));
            }
        }
        return filters;
    }

    private ResourceQuantities Quantities(QuantityVector vector)
    {
        var quantities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var dim = 0; dim < _kinds.Dims.Count; dim++)
        {
            if (vector[dim] != 0) quantities[_kinds.Dims.Name(dim)] = vector[dim] / 1000.0;
        }
        return ResourceQuantities.Of(quantities);
    }

    private ResourceQuantities Quantities((int Dim, long Millis)[] amounts) =>
        ResourceQuantities.Of(amounts.ToDictionary(a => _kinds.Dims.Name(a.Dim), a => a.Millis / 1000.0, StringComparer.Ordinal));
}
