using Mesos.Actors.Allocator.Compact;
using Mesos.Actors.Allocator.Sorting;
using Mesos.Actors.Allocator.State;

namespace Mesos.Actors.Allocator;

/// <summary>
/// Builds the candidate offer of one agent for one role (Mesos' <c>toOffer</c>) into reusable buffers:
/// what is allocatable to the role, less what the framework cannot take, with the unreserved scalars
/// cut to the role's quota limits and to the headroom that other roles' guarantees need. Frameworks of
/// the role with the same relevant capabilities get the same candidate, so it is built once for them.
/// </summary>
internal sealed class OfferBuilder
{
    private const long Unlimited = long.MaxValue;
    private const FrameworkCapabilities Relevant =
        FrameworkCapabilities.RevocableResources | FrameworkCapabilities.SharedResources | FrameworkCapabilities.ReservationRefinement;

    private readonly ScalarDims _dims;
    private readonly QuantityVector _free;
    private readonly AmountBuffer _offer = new();
    private long[] _available = [];
    private long[] _quantities = [];
    private long[] _guaranteed = [];
    private long[] _eligible = [];
    private long[] _target = [];
    private long[] _guarantee = [];
    private long[] _rest = [];
    private AllocatorAgent _agent = null!;
    private RoleNode _role = null!;
    private bool _firstStage;
    private long[] _required = [];
    private bool _headroomRequired;
    private int _builtFor = -1;

    public OfferBuilder(ScalarDims dims, QuantityVector free)
    {
        _dims = dims;
        _free = free;
    }

    /// <summary>Changes with every candidate built: filters remember their answers by it.</summary>
    public long Stamp { get; private set; }

    /// <summary>The candidate last built.</summary>
    public ReadOnlySpan<Amount> Offer => _offer.Span;

    /// <summary>The candidate is everything the agent has available: taking it leaves nothing.</summary>
    public bool TakesAll { get; private set; }

    /// <summary>Scalars of the candidate by dimension.</summary>
    public ReadOnlySpan<long> Quantities => _quantities;

    /// <summary>Scalars of the agent allocatable to the role, before anything is stripped or cut: Mesos' early check.</summary>
    public ReadOnlySpan<long> AvailableQuantities => _available;

    /// <summary>The part of the candidate that counts toward the role's unsatisfied guarantees (first stage only).</summary>
    public ReadOnlySpan<long> Guaranteed => _guaranteed;

    /// <summary>Unreserved non-revocable scalars of the candidate: what it adds to the role's quota consumption.</summary>
    public ReadOnlySpan<long> Eligible => _eligible;

    /// <summary>Starts on a role of an agent; false when nothing on the agent is allocatable to the role.</summary>
    /// <param name="required">Headroom still required for unsatisfied guarantees, by dimension.</param>
    public bool Begin(AllocatorAgent agent, RoleNode role, bool firstStage, long[] required, bool headroomRequired)
    {
        _agent = agent;
        _role = role;
        _firstStage = firstStage;
        _required = required;
        _headroomRequired = headroomRequired;
        return Refresh();
    }

    /// <summary>After the agent's available resources changed: false when nothing is left for the role.</summary>
    public bool Refresh()
    {
        _builtFor = -1;
        var dims = _dims.Count;
        if (_available.Length != dims)
        {
            _available = new long[dims];
            _quantities = new long[dims];
            _guaranteed = new long[dims];
            _eligible = new long[dims];
            _target = new long[dims];
        }

        Array.Clear(_available);
        var any = false;
        foreach (ref readonly var amount in _agent.Available.Amounts)
        {
            if (!amount.Kind.AllocatableTo(_role)) continue;
            any = true;
            if (amount.Kind.Dim >= 0) _available[amount.Kind.Dim] += amount.Millis;
        }

        return any;
    }

    /// <summary>Builds the candidate for a framework with <paramref name="capabilities"/>; false when it is empty.</summary>
    public bool Build(FrameworkCapabilities capabilities, ReadOnlySpan<(int Dim, long Millis)> unsatisfied)
    {
        var key = (int)(capabilities & Relevant);
        if (key == _builtFor) return _offer.Count > 0;
        _builtFor = key;
        Stamp++;
        _offer.Clear();
        Array.Clear(_quantities);
        Array.Clear(_guaranteed);
        Array.Clear(_eligible);
        var amounts = _agent.Available.Amounts;
        if (_rest.Length < amounts.Length)
        {
            _rest = new long[amounts.Length * 2];
            _guarantee = new long[amounts.Length * 2];
        }

        TakesAll = false;
        if (!Cut(amounts, capabilities, unsatisfied)) return false;
        var all = true;
        for (var j = 0; j < amounts.Length; j++)
        {
            ref readonly var amount = ref amounts[j];
            var take = _guarantee[j] + _rest[j];
            all &= take < 0 || take == amount.Millis;
            if (take < 0) _offer.Add(amount);
            else if (take > 0) _offer.Add(amount with { Millis = take });
            else continue;
            if (amount.Kind.Dim < 0) continue;
            var millis = take < 0 ? amount.Millis : take;
            _quantities[amount.Kind.Dim] += millis;
            if (amount.Kind.QuotaEligible) _eligible[amount.Kind.Dim] += millis;
        }

        TakesAll = all;
        return _offer.Count > 0;
    }

    // Decides how much of each amount to take: −1 in _rest means all of it (never cut), otherwise
    // _guarantee[j] + _rest[j] thousandths. False when the first stage would not advance a guarantee.
    private bool Cut(ReadOnlySpan<Amount> amounts, FrameworkCapabilities capabilities, ReadOnlySpan<(int Dim, long Millis)> unsatisfied)
    {
        for (var j = 0; j < amounts.Length; j++)
        {
            var kind = amounts[j].Kind;
            _guarantee[j] = 0;
            _rest[j] = !Takes(kind, capabilities) ? 0 : kind.QuotaEligible ? amounts[j].Millis : -1;
        }

        // Limits first, on guaranteed resources too: a role's guarantee never takes it, or an
        // ancestor, past a limit (Mesos checks only the role's own, which cannot be below its guarantee).
        if (LimitTargets()) Shrink(amounts);
        if (_firstStage && !CutToGuarantees(amounts, unsatisfied)) return false;
        if (_headroomRequired)
        {
            for (var dim = 0; dim < _target.Length; dim++) _target[dim] = Math.Max(0, _free[dim] - _required[dim]);
            Shrink(amounts);
        }

        return true;
    }

    private bool Takes(ResourceKind kind, FrameworkCapabilities capabilities)
    {
        if (!kind.AllocatableTo(_role)) return false;
        if (kind.Shared && (capabilities & FrameworkCapabilities.SharedResources) == 0) return false;
        if (kind.Revocable && (capabilities & FrameworkCapabilities.RevocableResources) == 0) return false;
        if (kind.Refined && (capabilities & FrameworkCapabilities.ReservationRefinement) == 0) return false;

        // The first stage offers only the role's own reservations; ancestors' wait for the second.
        return !_firstStage || kind.ReservationRole is null || kind.ReservationRole == _role;
    }

    private bool CutToGuarantees(ReadOnlySpan<Amount> amounts, ReadOnlySpan<(int Dim, long Millis)> unsatisfied)
    {
        Array.Clear(_target);
        foreach (var (dim, millis) in unsatisfied) _target[dim] = millis;
        var progress = false;
        for (var j = 0; j < amounts.Length; j++)
        {
            if (_rest[j] <= 0) continue;
            var take = Take(amounts[j].Kind, _rest[j]);
            _guarantee[j] = take;
            _rest[j] -= take;
            _guaranteed[amounts[j].Kind.Dim] += take;
            progress |= take > 0;
        }

        return progress;
    }

    // The room left under the quota limits of the role and of each ancestor; false when none has limits.
    private bool LimitTargets()
    {
        var limited = false;
        for (var role = _role; role is not null; role = role.Parent)
        {
            foreach (var (dim, limit) in role.Limits)
            {
                if (!limited) Array.Fill(_target, Unlimited);
                limited = true;
                _target[dim] = Math.Min(_target[dim], Math.Max(0, limit - role.Consumed(dim)));
            }
        }

        return limited;
    }

    // Mesos' shrinkResources: amounts in order use up the target of their name; one that does not fit
    // whole is cut to what is left, unless it cannot be cut.
    private void Shrink(ReadOnlySpan<Amount> amounts)
    {
        for (var j = 0; j < amounts.Length; j++)
        {
            if (_rest[j] <= 0) continue;
            _rest[j] = Take(amounts[j].Kind, _rest[j]);
        }
    }

    private long Take(ResourceKind kind, long wanted)
    {
        var room = _target[kind.Dim];
        if (room >= wanted)
        {
            if (room != Unlimited) _target[kind.Dim] = room - wanted;
            return wanted;
        }

        _target[kind.Dim] = 0;
        return room > 0 && kind.Shrinkable ? room : 0;
    }
}
