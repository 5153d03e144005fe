using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// A framework as tracked under one role: an entry of that role's framework sorter. It exists while
/// the framework is subscribed to the role or still holds resources allocated to it.
/// </summary>
internal sealed class SorterClient
{
    public SorterClient(int id, AllocatorFramework framework, RoleNode role, int filterGeneration)
    {
        Id = id;
        Framework = framework;
        Role = role;
        FilterGeneration = filterGeneration;
    }

    public int Id { get; }

    public AllocatorFramework Framework { get; }

    public RoleNode Role { get; }

    /// <summary>All scalars offered or allocated to the framework under this role.</summary>
    public QuantityVector Allocation { get; } = new();

    public long AllocationCount { get; set; }

    /// <summary>Agents on which the framework holds resources under this role.</summary>
    public int Holdings { get; set; }

    /// <summary>In the role's sorter: the framework is active, subscribed to the role and not suppressing it.</summary>
    public bool Active { get; set; }

    /// <summary>Filters carry the generation they were made in; raising it (revive, deactivation) drops them all at once.</summary>
    public int FilterGeneration { get; set; }
}
