using Mesos.V1;
using CapabilityType = Mesos.V1.FrameworkInfo.Types.Capability.Types.Type;

namespace Mesos.Actors.Allocator;

/// <summary>
/// What the allocator needs of a framework: its roles, the capabilities that decide what it may be
/// offered, the roles it suppresses, and its own minimum offer per role (FrameworkInfo.offer_filters).
/// </summary>
internal sealed record FrameworkSpec(
    IReadOnlyCollection<string> Roles,
    FrameworkCapabilities Capabilities = FrameworkCapabilities.MultiRole,
    IReadOnlyCollection<string>? SuppressedRoles = null,
    IReadOnlyDictionary<string, IReadOnlyList<ResourceQuantities>>? MinAllocatableResources = null)
{
    public static FrameworkSpec From(FrameworkInfo info, IEnumerable<string>? suppressedRoles = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        var capabilities = FrameworkCapabilities.None;
        foreach (var capability in info.Capabilities)
        {
            capabilities |= capability.Type switch
            {
                CapabilityType.RevocableResources => FrameworkCapabilities.RevocableResources,
                CapabilityType.GpuResources => FrameworkCapabilities.GpuResources,
                CapabilityType.SharedResources => FrameworkCapabilities.SharedResources,
                CapabilityType.MultiRole => FrameworkCapabilities.MultiRole,
                CapabilityType.ReservationRefinement => FrameworkCapabilities.ReservationRefinement,
                _ => FrameworkCapabilities.None,
            };
        }

        // A framework without MULTI_ROLE has the one legacy role.
        IReadOnlyCollection<string> roles = capabilities.HasFlag(FrameworkCapabilities.MultiRole) ? info.Roles.ToList() : [info.Role];
        var minimums = info.OfferFilters
            .Where(pair => pair.Value.MinAllocatableResources is not null)
            .ToDictionary(
                pair => pair.Key,
                pair => (IReadOnlyList<ResourceQuantities>)pair.Value.MinAllocatableResources.Quantities
                    .Select(q => ResourceQuantities.Of(q.Quantities.ToDictionary(e => e.Key, e => e.Value.Value)))
                    .ToList(),
                StringComparer.Ordinal);
        return new FrameworkSpec(roles, capabilities, suppressedRoles?.ToList(), minimums.Count > 0 ? minimums : null);
    }
}
