using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Tests.Master;

/// <summary>The master offers through the hierarchical allocator: an agent's static reservations go only to their role.</summary>
public sealed class ReservationOfferTests : MasterHarness
{
    private const string Agent = "cpus(ads):2;mem(ads):256;cpus:1;mem:128";

    [Fact]
    public void A_framework_of_another_role_is_offered_only_the_unreserved_resources()
    {
        SubscribeAgent(Agent);
        var framework = SubscribeFramework("web", role: "web");

        var offer = Offers(framework).Single();

        offer.AllocationInfo.Role.Should().Be("web");
        offer.Resources.Should().OnlyContain(r => r.Reservations.Count == 0);
        Resources.FromProtos(offer.Resources).Scalar("cpus").Should().Be(1);
    }

    [Fact]
    public void A_framework_of_the_reserved_role_is_offered_the_reservation()
    {
        SubscribeAgent(Agent);
        var framework = SubscribeFramework("ads", role: "ads");

        var offered = Offers(framework).SelectMany(o => o.Resources).ToList();

        offered.Should().OnlyContain(r => r.AllocationInfo.Role == "ads");
        offered.Where(r => r.Reservations.Count > 0).Should().OnlyContain(r => r.Reservations.Last().Role == "ads");
        Resources.FromProtos(offered).Scalar("cpus").Should().Be(3, "the role's reservation and the unreserved cpu");
    }
}
