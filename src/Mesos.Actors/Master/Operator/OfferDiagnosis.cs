using Mesos.Actors.Protocol;

namespace Mesos.Actors.Master.Operator;

/// <summary>
/// Asks the master why a framework is, or is not, offered resources: answered with an
/// <see cref="OfferDiagnosis"/>, or <see cref="UnknownFramework"/> when no subscribed framework has the id.
/// </summary>
public sealed record DiagnoseOffers(string FrameworkId);

/// <summary>No subscribed framework has the id.</summary>
public sealed record UnknownFramework(string FrameworkId);

/// <summary>
/// Everything that decides whether a framework gets offers. The master's part: its connection, the
/// roles it suppressed, the offers it holds and those it declined lately. The allocator's part: whether
/// allocation is paused (recovery after a failover), the framework's standing in each of its roles, its
/// live offer filters, what is free to offer, and the least an offer must hold (one of the alternatives).
/// </summary>
public sealed record OfferDiagnosis(
    string FrameworkId,
    bool Connected,
    IReadOnlyList<string> SuppressedRoles,
    IReadOnlyList<OutstandingOfferView> Offers,
    IReadOnlyList<DeclinedOffer> RecentDeclines)
{
    /// <summary>The allocator knows the framework and offers to it (it is connected).</summary>
    public bool AllocatorActive { get; init; }

    public bool AllocationPaused { get; init; }

    public IReadOnlyList<RoleStandingView> Roles { get; init; } = [];

    public IReadOnlyList<ActiveFilter> Filters { get; init; } = [];

    /// <summary>Unreserved, non-revocable scalars that nobody holds, on every agent.</summary>
    public IReadOnlyDictionary<string, double> FreeUnreserved { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<IReadOnlyDictionary<string, double>> MinAllocatable { get; init; } = [];
}

/// <summary>An offer the framework holds and has not answered.</summary>
public sealed record OutstandingOfferView(string OfferId, string AgentId, string Role, Resources Resources);

/// <summary>An offer the framework declined, with the refuse_seconds of the filter it asked for.</summary>
public sealed record DeclinedOffer(string OfferId, string AgentId, string Role, Resources Resources, DateTimeOffset Time, double RefuseSeconds);

/// <summary>
/// One of the framework's roles: the role's weight and dominant share (DRF over the cluster, its subtree
/// included, before weighting), the framework's own share under it and what it holds there, whether the
/// framework suppressed it, and the role's quota with what the role consumes.
/// </summary>
public sealed record RoleStandingView(
    string Role,
    double Weight,
    double RoleShare,
    double FrameworkShare,
    bool Suppressed,
    IReadOnlyDictionary<string, double> Held,
    IReadOnlyDictionary<string, double> Guarantees,
    IReadOnlyDictionary<string, double> Limits,
    IReadOnlyDictionary<string, double> Consumed);

/// <summary>An offer filter: until <paramref name="Expires"/>, nothing <paramref name="Refused"/> holds is offered to the framework on the agent under the role.</summary>
public sealed record ActiveFilter(string AgentId, string Role, Resources Refused, DateTimeOffset Expires);
