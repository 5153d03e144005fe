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
    private readonly List<ResourceKind> _byId = [];
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
        foreach (var entry in resources.Entries)
        {
            _buffer.Add(new Amount(Intern(entry.Key), entry.Millis,
                entry.Type == Value.Types.Type.Ranges ? entry.Ranges : null,
                entry.Type == Value.Types.Type.Set ? entry.Items : null));
        }

        return Sorted(_buffer);
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
        kind = new ResourceKind(_byId.Count, key, dim, role);
        _kinds.Add(key, kind);
        _byId.Add(kind);
        return kind;
    }

    // Entries come in the dictionary's order; two keys that differ only by allocation info are one kind.
    private static Bundle Sorted(AmountBuffer buffer)
    {
        var amounts = buffer.Span.ToArray();
        Array.Sort(amounts, static (a, b) => a.Kind.Id.CompareTo(b.Kind.Id));
        var n = 0;
        for (var i = 0; i < amounts.Length; i++)
        {
            if (n > 0 && amounts[n - 1].Kind == amounts[i].Kind) amounts[n - 1] = amounts[n - 1].Plus(amounts[i]);
            else amounts[n++] = amounts[i];
        }

        return Bundle.Of(amounts.AsSpan(0, n));
    }
}
