using Mesos.Actors.Allocator.Sorting;

namespace Mesos.Actors.Allocator.State;

/// <summary>
/// A framework the allocator knows: added by the master, or only named by an agent that reported
/// resources it holds (then its holdings are kept but not counted in any sorter until it is added).
/// </summary>
internal sealed class AllocatorFramework
{
    public AllocatorFramework(string id)
    {
        Id = id;
    }

    public string Id { get; }

    public bool Added { get; set; }

    public bool Active { get; set; }

    public FrameworkCapabilities Capabilities { get; set; }

    public HashSet<RoleNode> Roles { get; } = [];

    public HashSet<RoleNode> Suppressed { get; } = [];

    /// <summary>Per role, the framework's own <c>min_allocatable_resources</c>, replacing the master's.</summary>
    public Dictionary<RoleNode, MinimumOffer> MinimumOffers { get; } = [];

    public Dictionary<RoleNode, SorterClient> Clients { get; } = [];

    /// <summary>Holdings on agents, under any role; a framework that is not added and holds nothing is forgotten.</summary>
    public int HoldingCount { get; set; }

    public bool Has(FrameworkCapabilities capability) => (Capabilities & capability) != 0;
}
