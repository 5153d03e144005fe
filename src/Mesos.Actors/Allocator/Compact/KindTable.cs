using Mesos.Actors.Allocator.Sorting;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Allocator.Compact;

/// <summary>
/// Interns resource kinds and converts between <see cref="Resources"/>, the library's resource
/// arithmetic, and <see cref="Bundle"/>, the allocator's compact form.
/// </summary>
internal sealed class KindTable
{
    private readonly Dictionary<Resource, ResourceKind> _kinds = [];
    private readonly RoleTree _roles;
    private readonly AmountBuffer _buffer = new();

    public KindTable(RoleTree roles)
    {
        _roles = roles;
    }

    public ScalarDims Dims { get; } = new();

    /// <summary>The compact form of <paramref name="resources"/>; allocation info is dropped.</summary>
    public Bundle ToBundle(Resources resources)
    {
        _buffer.Clear();
        foreach (var (key, entry) in resources.Entries)
        {
            _buffer.Add(new Amount(Intern(key), entry.Millis,
                entry.Type == Value.Types.Type.Ranges ? entry.Ranges : null,
                entry.Type == Value.Types.Type.Set ? entry.Items : null));
        }

        _buffer.SortByKind();
        return _buffer.ToBundle();
    }

    public static Resources ToResources(Bundle bundle)
    {
        var entries = new List<ResourceEntry>(bundle.Amounts.Length);
        foreach (ref readonly var amount in bundle.Amounts)
        {
            entries.Add(amount.ToEntry());
        }

        return Resources.FromEntries(entries);
    }

    private ResourceKind Intern(Resource key)
    {
        if (key.AllocationInfo is not null)
        {
            key = key.Clone();
            key.AllocationInfo = null;
        }

        if (_kinds.TryGetValue(key, out var kind))
        {
            return kind;
        }

        var dim = key.Type == Value.Types.Type.Scalar ? Dims.Intern(key.Name) : -1;
        var role = key.Reservations.Count > 0 ? _roles.Intern(key.Reservations[^1].Role) : null;
        kind = new ResourceKind(_kinds.Count, key, dim, role);
        _kinds.Add(key, kind);
        return kind;
    }
}
