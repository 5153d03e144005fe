using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Sorting;

namespace Mesos.Actors.Allocator.State;

/// <summary>
/// What one framework holds on one agent under one role, offered or in use: the allocator does not
/// tell the two apart. <see cref="Client"/> is null while the framework is not added. Offers are kept
/// as added, unmerged, until someone needs the sum: an offer that comes back whole (declined, or
/// rescinded) is then taken back without any arithmetic.
/// </summary>
internal sealed class Holding
{
    private const int MaxParts = 8;

    private Bundle _merged;
    private List<Bundle>? _parts;

    public Holding(AllocatorFramework framework, RoleNode role, SorterClient? client, Bundle resources)
    {
        Framework = framework;
        Role = role;
        Client = client;
        _merged = resources;
    }

    public AllocatorFramework Framework { get; }

    public RoleNode Role { get; }

    public SorterClient? Client { get; set; }

    public bool IsEmpty => _merged.IsEmpty && (_parts is null || _parts.Count == 0);

    public Bundle Resources
    {
        get
        {
            if (_parts is null) return _merged;
            foreach (var part in _parts) _merged = Bundle.Add(_merged, part);
            _parts.Clear();
            return _merged;
        }

        set
        {
            _merged = value;
            _parts?.Clear();
        }
    }

    public void Add(Bundle resources)
    {
        if (resources.IsEmpty) return;
        if (IsEmpty) _merged = resources;
        else if (_parts is null || _parts.Count < MaxParts) (_parts ??= []).Add(resources);
        else Resources = Bundle.Add(Resources, resources);
    }

    /// <summary>Whether <paramref name="resources"/> is a bundle added whole and not merged since.</summary>
    public bool HasPart(Bundle resources) => ReferenceEquals(_merged, resources) || (_parts?.Contains(resources) ?? false);

    /// <summary>Takes back <paramref name="resources"/> if it is a bundle added whole and not merged since.</summary>
    public bool TryTakeBack(Bundle resources)
    {
        var index = _parts?.LastIndexOf(resources) ?? -1;
        if (index >= 0)
        {
            _parts!.RemoveAt(index);
            return true;
        }

        if (!ReferenceEquals(_merged, resources)) return false;
        _merged = Bundle.Empty;
        return true;
    }
}
