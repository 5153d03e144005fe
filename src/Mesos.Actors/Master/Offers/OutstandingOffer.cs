using Mesos.Actors.Master.Allocation;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.Offers;

/// <summary>An offer the master made and nobody answered yet: <paramref name="Resources"/> are allocated to <paramref name="Role"/>.</summary>
internal sealed record OutstandingOffer(Offer Offer, Resources Resources, string Role)
{
    public string Id => Offer.Id.Value;
    public string FrameworkId => Offer.FrameworkId.Value;
    public string AgentId => Offer.AgentId.Value;

    /// <summary>The offer's resources back to the allocator, refused to its framework for <paramref name="refuseSeconds"/> when given.</summary>
    public ResourcesRecovered Recovered(double? refuseSeconds) => new(FrameworkId, AgentId, Role, Resources.Unallocated(), refuseSeconds);
}
