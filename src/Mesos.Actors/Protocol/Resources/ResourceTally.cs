using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>
/// A sum of many valid resources, by the role they are allocated to and without their allocation, equal to what
/// <see cref="Resources"/> would make of them. An agent coming back after a failover reports a hundred tasks or more,
/// each holding a few unreserved scalars (cpus, mem): a bag of resources built for them clones every proto to key it
/// and merges immutable dictionaries, which was most of a new leader's work re-admitting agents. So scalars that are
/// unreserved and of no particular kind are added up here by role and name, in thousandths as a bag keeps them; any
/// other resource (ranges, sets, reservations, disk info, revocable, shared, from a provider) is summed in a bag.
/// </summary>
internal sealed class ResourceTally
{
    private readonly Dictionary<(string Role, string Name), long> _plain = [];
    private List<(string Role, Resource Resource)>? _others;

    /// <summary>
    /// Adds <paramref name="resource"/>, which <see cref="Resources.Validate"/> accepts, under the role it is
    /// allocated to, or <paramref name="unallocatedRole"/> when it carries no allocation.
    /// </summary>
    public void Add(Resource resource, string unallocatedRole = "*")
    {
        var role = resource.AllocationInfo?.Role ?? unallocatedRole;
        if (IsPlainScalar(resource))
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_plain, (role, resource.Name), out _) += ResourceEntry.ToMillis(resource.Scalar.Value);
        }
        else
        {
            (_others ??= []).Add((role, resource));
        }
    }

    /// <summary>What each role holds, for the roles that hold anything.</summary>
    public IEnumerable<(string Role, Resources Resources)> ByRole()
    {
        var entries = new Dictionary<string, List<ResourceEntry>>(StringComparer.Ordinal);
        List<ResourceEntry> Of(string role)
        {
            if (!entries.TryGetValue(role, out var list)) entries[role] = list = [];
            return list;
        }
        foreach (var ((role, name), millis) in _plain) Of(role).Add(Plain(name, millis));
        foreach (var group in (_others ?? []).GroupBy(o => o.Role, StringComparer.Ordinal))
        {
            Of(group.Key).AddRange(Resources.FromProtos(group.Select(o => o.Resource)).Unallocated().Entries.Values);
        }
        foreach (var (role, list) in entries)
        {
            if (Resources.FromEntries(list) is { IsEmpty: false } resources) yield return (role, resources);
        }
    }

    /// <summary>Everything added, whatever role it is allocated to.</summary>
    public Resources Total()
    {
        var others = _others is null ? [] : Resources.FromProtos(_others.Select(o => o.Resource)).Unallocated().Entries.Values;
        return Resources.FromEntries(_plain.Select(p => Plain(p.Key.Name, p.Value)).Concat(others));
    }

    /// <summary>
    /// Whether everything added here fits within what was added to <paramref name="total"/>, whatever role either is
    /// allocated to, as the containment of their bags tells; without the bags when only plain scalars were added here.
    /// </summary>
    public bool IsWithin(ResourceTally total)
    {
        if (_others is not null) return total.Total().Contains(Total());
        var available = total.ScalarsByName();
        foreach (var (name, millis) in ScalarsByName())
        {
            if (millis > 0 && available.GetValueOrDefault(name) < millis) return false;
        }
        return true;
    }

    private Dictionary<string, long> ScalarsByName()
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((_, name), millis) in _plain) CollectionsMarshal.GetValueRefOrAddDefault(sums, name, out _) += millis;
        return sums;
    }

    // What a bag keys such a scalar by, whatever role and allocation it was given: none.
    private static bool IsPlainScalar(Resource resource) =>
        resource.Type == Value.Types.Type.Scalar && resource.Role == "*" && resource.Reservation is null && resource.Reservations.Count == 0
        && resource.Disk is null && resource.Revocable is null && resource.Shared is null && resource.ProviderId is null;

    private static ResourceEntry Plain(string name, long millis) =>
        new(new Resource { Name = name, Type = Value.Types.Type.Scalar }, millis, RangeSet.Empty, ImmutableSortedSet<string>.Empty);
}
