using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Filters;

namespace Mesos.Actors.Allocator.State;

/// <summary>An agent: its total, what is neither offered nor used, who holds the rest, and the offer filters on it.</summary>
internal sealed class AllocatorAgent
{
    public AllocatorAgent(int index, string id, AgentCapabilities capabilities)
    {
        Index = index;
        Id = id;
        Capabilities = capabilities;
    }

    public int Index { get; }

    public string Id { get; }

    public AgentCapabilities Capabilities { get; set; }

    public bool Active { get; set; } = true;

    public Bundle Total { get; set; } = Bundle.Empty;

    public Bundle Available { get; set; } = Bundle.Empty;

    public bool HasGpu { get; set; }

    public List<Holding> Holdings { get; } = [];

    public AgentFilters Filters { get; } = new();

    /// <summary>
    /// The last round offered nothing here to anyone, and nothing that could change that has happened
    /// since, as long as the allocator's epoch is still this one: the agent is skipped until then.
    /// </summary>
    public long SettledEpoch { get; set; } = -1;

    /// <summary>When the first filter on the agent expires, which unsettles it.</summary>
    public long SettledUntil { get; set; }

    public Holding? Find(AllocatorFramework framework, Sorting.RoleNode role)
    {
        foreach (var holding in Holdings)
        {
            if (holding.Framework == framework && holding.Role == role) return holding;
        }

        return null;
    }
}
