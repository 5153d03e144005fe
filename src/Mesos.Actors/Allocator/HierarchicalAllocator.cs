using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Filters;
using Mesos.Actors.Allocator.Sorting;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator;

/// <summary>
/// Mesos' hierarchical DRF allocator as a pure class: no actors, no clock, no I/O. The master tells it
/// what happens (frameworks, agents, recovered resources, quota, weights, reservations) and asks
/// <see cref="Allocate"/> for offers; time is passed in. Offered resources stay with their framework
/// until recovered, so nothing is offered twice. Partial files by concern: frameworks, agents,
/// recovery of resources, roles (weights, quota), reservations, the allocation round, queries, and
/// the bookkeeping under them.
/// </summary>
internal sealed partial class HierarchicalAllocator
{
    private readonly AllocatorOptions _options;
    private readonly ClientTable _clients = new();
    private readonly RoleTree _roles;
    private readonly KindTable _kinds;
    private readonly ShareCalculator _shares;
    private readonly MinimumOffer _minimumOffer;
    private readonly Dictionary<string, AllocatorFramework> _frameworks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AllocatorAgent> _agentsById = new(StringComparer.Ordinal);
    private readonly List<AllocatorAgent?> _agents = [];
    private readonly Stack<int> _freeAgentSlots = new();

    // Unreserved non-revocable scalars that nobody holds, on every agent: the quota headroom.
    private readonly QuantityVector _free = new();
    private readonly FilterLookup _filters = new();
    private readonly OfferBuilder _offer;
    private readonly Random _random;
    private bool _sharesStale = true;
    private long _epoch;

    public HierarchicalAllocator(AllocatorOptions? options = null)
    {
        _options = options ?? new AllocatorOptions();
        _roles = new RoleTree(_clients.Keys);
        _kinds = new KindTable(_roles);
        _shares = new ShareCalculator(_kinds.Dims, _options.FairSharingExcludedResourceNames);
        _minimumOffer = new MinimumOffer(_options.MinAllocatableResources, _kinds.Dims);
        _offer = new OfferBuilder(_kinds.Dims, _free);
        _random = new Random(_options.Seed);
    }

    private static long Ticks(DateTimeOffset time) => time.UtcTicks;

    private AllocatorAgent? Agent(string agentId) => _agentsById.GetValueOrDefault(agentId);

    private AllocatorFramework? AddedFramework(string frameworkId) =>
        _frameworks.TryGetValue(frameworkId, out var framework) && framework.Added ? framework : null;

    private AllocatorFramework Framework(string frameworkId) =>
        AddedFramework(frameworkId) ?? throw new ArgumentException($"Unknown framework '{frameworkId}'", nameof(frameworkId));
}
