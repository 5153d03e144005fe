using Mesos.Actors.Protocol;

namespace Mesos.Actors.Allocator;

/// <summary>
/// Why a framework is or is not offered resources, as the allocator sees it: whether it is active,
/// its roles (shares, quota, suppression) and its live offer filters.
/// </summary>
internal sealed record FrameworkStanding(bool Active, IReadOnlyList<RoleStanding> Roles, IReadOnlyList<FilterStanding> Filters);

/// <summary>
/// One of a framework's roles: the role's weight and dominant share (its subtree included, unweighted),
/// the framework's share under it and what it holds there, whether it suppressed it, and the role's quota
/// with what the role consumes.
/// </summary>
internal sealed record RoleStanding(
    string Role,
    double Weight,
    double RoleShare,
    double FrameworkShare,
    bool Suppressed,
    ResourceQuantities Held,
    Quota Quota,
    ResourceQuantities Consumed);

/// <summary>A live offer filter: until <paramref name="Expires"/>, nothing <paramref name="Refused"/> holds is offered on the agent under the role.</summary>
internal sealed record FilterStanding(string AgentId, string Role, Resources Refused, DateTimeOffset Expires);
