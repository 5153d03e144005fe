using Mesos.Actors.Allocator.Compact;

namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// One role of the hierarchy (<c>eng</c>, <c>eng/web</c>): its weight and quota, what it consumes
/// (its own and its descendants' reservations and allocations, as Mesos counts a role), and the DRF
/// order of its frameworks. In its parent's order it stands for its whole subtree; when it has
/// frameworks of its own and children too, its own frameworks compete with the children as a
/// "<c>.</c>" entry of their own, as in Mesos' sorter.
/// </summary>
internal sealed class RoleNode
{
    public RoleNode(int id, string path, RoleNode? parent, DrfKeys clientKeys, DrfKeys entryKeys)
    {
        Id = id;
        Path = path;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Clients = new DrfOrder(clientKeys);
        ChildOrder = new DrfOrder(entryKeys);
        entryKeys.Set(SubtreeEntry, path);
        entryKeys.Set(SelfEntry, path + "/.");
    }

    public int Id { get; }

    public string Path { get; }

    public RoleNode? Parent { get; }

    public List<RoleNode> Children { get; } = [];

    /// <summary>1 for top-level roles; the root is 0.</summary>
    public int Depth { get; }

    /// <summary>Agents without the HIERARCHICAL_ROLE capability cannot be offered to it.</summary>
    public bool IsNested => Depth > 1;

    public double Weight { get; set; } = 1.0;

    public (int Dim, long Millis)[] Guarantees { get; set; } = [];

    public (int Dim, long Millis)[] Limits { get; set; } = [];

    /// <summary>Reservations to this role and its descendants, on every agent, allocated or not.</summary>
    public QuantityVector Reserved { get; } = new();

    /// <summary>Unreserved non-revocable scalars offered or allocated to this role and its descendants.</summary>
    public QuantityVector HeldUnreserved { get; } = new();

    /// <summary>All scalars offered or allocated to this role's own frameworks.</summary>
    public QuantityVector OwnAllocation { get; } = new();

    /// <summary>All scalars offered or allocated to this role and its descendants: its DRF allocation.</summary>
    public QuantityVector SubtreeAllocation { get; } = new();

    public long OwnCount { get; set; }

    public long SubtreeCount { get; set; }

    /// <summary>The active frameworks of this role (its framework sorter), by client id.</summary>
    public DrfOrder Clients { get; }

    /// <summary>Frameworks tracked under this role, active or not.</summary>
    public int TrackedClients { get; set; }

    /// <summary>Frameworks tracked under this role and its descendants: a role takes part in sorting when this is positive.</summary>
    public int SubtreeTracked { get; set; }

    /// <summary>Entries of the children (and of this role's own frameworks) in DRF order.</summary>
    public DrfOrder ChildOrder { get; }

    public int SubtreeEntry => 2 * Id;

    public int SelfEntry => 2 * Id + 1;

    /// <summary>Quota consumption, as Mesos counts it: reservations plus unreserved allocations.</summary>
    public long Consumed(int dim) => Reserved[dim] + HeldUnreserved[dim];

    public bool HasGuarantees => Guarantees.Length > 0;

    public bool IsSelfOrDescendantOf(RoleNode other)
    {
        var node = this;
        while (node.Depth > other.Depth) node = node.Parent!;
        return ReferenceEquals(node, other);
    }
}
