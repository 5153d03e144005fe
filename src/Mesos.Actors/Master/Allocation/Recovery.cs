using Mesos.Actors.Protocol;

namespace Mesos.Actors.Master.Allocation;

/// <summary>Resources a framework held going back to the allocator, under the roles they were allocated to.</summary>
internal static class Recovery
{
    /// <summary>
    /// One <see cref="ResourcesRecovered"/> per role the resources are allocated to; resources that carry
    /// no allocation (tasks of frameworks that predate multiple roles) count as <paramref name="fallbackRole"/>'s.
    /// </summary>
    public static IEnumerable<ResourcesRecovered> Of(string frameworkId, string agentId, Resources resources, string fallbackRole, double? refuseSeconds = null) =>
        ByRole(resources, fallbackRole).Select(part => new ResourcesRecovered(frameworkId, agentId, part.Role, part.Resources, refuseSeconds));

    /// <summary>The resources by the role they are allocated to, without their allocation.</summary>
    public static IEnumerable<(string Role, Resources Resources)> ByRole(Resources resources, string fallbackRole) =>
        resources.ToProtos()
            .GroupBy(r => r.AllocationInfo?.Role ?? fallbackRole, StringComparer.Ordinal)
            .Select(g => (g.Key, Resources.FromProtos(g).Unallocated()));
}
