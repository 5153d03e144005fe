namespace Mesos.Actors.Allocator.Sorting;

/// <summary>
/// The role hierarchy and its DRF order (Mesos' role sorter). Roles are created when first named
/// (by a framework, a reservation, a weight or a quota) and kept, as their weights and quotas are.
/// </summary>
internal sealed class RoleTree
{
    private readonly Dictionary<string, RoleNode> _byPath = new(StringComparer.Ordinal);
    private readonly List<RoleNode> _all = [];
    private readonly DrfKeys _clientKeys;
    private readonly List<RoleNode> _order = [];
    private readonly List<RoleNode> _quotaRoots = [];
    private bool _structureDirty = true;
    private bool _orderDirty = true;
    private bool _quotaDirty = true;

    public RoleTree(DrfKeys clientKeys)
    {
        _clientKeys = clientKeys;
        Root = new RoleNode(0, "", null, clientKeys, EntryKeys);
        _all.Add(Root);
    }

    public RoleNode Root { get; }

    public DrfKeys EntryKeys { get; } = new();

    public IReadOnlyList<RoleNode> All => _all;

    public RoleNode? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The role of <paramref name="path"/>, created with any missing ancestors.</summary>
    public RoleNode Intern(string path)
    {
        if (_byPath.TryGetValue(path, out var found)) return found;
        var parent = Root;
        var end = path.LastIndexOf('/');
        if (end > 0) parent = Intern(path[..end]);
        var node = new RoleNode(_all.Count, path, parent, _clientKeys, EntryKeys);
        parent.Children.Add(node);
        _all.Add(node);
        _byPath.Add(path, node);
        return node;
    }

    /// <summary>A framework started or stopped being tracked under <paramref name="role"/>.</summary>
    public void Tracked(RoleNode role, int delta)
    {
        role.TrackedClients += delta;
        for (var node = role; node is not null; node = node.Parent) node.SubtreeTracked += delta;
        _structureDirty = true;
    }

    /// <summary>Every share may have changed (cluster totals, weights): the next order is rebuilt.</summary>
    public void Invalidate()
    {
        EntryKeys.Invalidate();
        _structureDirty = true;
    }

    public void QuotaChanged() => _quotaDirty = true;

    /// <summary>Roles with frameworks, in DRF order: a depth-first walk of the sorted tree, as Mesos' <c>sort()</c>.</summary>
    public List<RoleNode> Order(ShareCalculator shares)
    {
        if (_structureDirty) Rebuild(shares);
        if (_orderDirty)
        {
            _order.Clear();
            Flatten(Root);
            _orderDirty = false;
        }

        return _order;
    }

    /// <summary>Moves the entries of <paramref name="role"/> and its ancestors after its allocation changed.</summary>
    public void Reposition(RoleNode role, ShareCalculator shares)
    {
        _orderDirty = true;
        if (_structureDirty) return;
        if (HasSortedChildren(role)) role.ChildOrder.Update(role.SelfEntry, shares.Share(role.OwnAllocation), role.OwnCount);
        for (var node = role; node.Parent is { } parent; node = parent)
        {
            parent.ChildOrder.Update(node.SubtreeEntry, shares.Share(node.SubtreeAllocation) / node.Weight, node.SubtreeCount);
        }
    }

    /// <summary>The outermost roles with quota guarantees: the unsatisfied part of theirs is the headroom to hold back.</summary>
    public IReadOnlyList<RoleNode> QuotaRoots()
    {
        if (!_quotaDirty) return _quotaRoots;
        _quotaRoots.Clear();
        foreach (var node in _all)
        {
            if (node.HasGuarantees && !HasGuaranteedAncestor(node)) _quotaRoots.Add(node);
        }

        _quotaDirty = false;
        return _quotaRoots;
    }

    private static bool HasGuaranteedAncestor(RoleNode node)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.HasGuarantees) return true;
        }

        return false;
    }

    private static bool HasSortedChildren(RoleNode node) => node.SubtreeTracked > node.TrackedClients;

    private void Rebuild(ShareCalculator shares)
    {
        foreach (var node in _all)
        {
            node.ChildOrder.Clear();
            if (node.SubtreeTracked == 0 || !HasSortedChildren(node)) continue;
            foreach (var child in node.Children)
            {
                if (child.SubtreeTracked == 0) continue;
                EntryKeys.Update(child.SubtreeEntry, shares.Share(child.SubtreeAllocation) / child.Weight, child.SubtreeCount);
                node.ChildOrder.Insert(child.SubtreeEntry);
            }

            if (node.TrackedClients > 0 && node != Root)
            {
                EntryKeys.Update(node.SelfEntry, shares.Share(node.OwnAllocation), node.OwnCount);
                node.ChildOrder.Insert(node.SelfEntry);
            }
        }

        _structureDirty = false;
        _orderDirty = true;
    }

    private void Flatten(RoleNode node)
    {
        for (var i = 0; i < node.ChildOrder.Count; i++)
        {
            var entry = node.ChildOrder[i];
            var role = _all[entry >> 1];
            if ((entry & 1) == 1 || !HasSortedChildren(role)) _order.Add(role);
            else Flatten(role);
        }
    }
}
