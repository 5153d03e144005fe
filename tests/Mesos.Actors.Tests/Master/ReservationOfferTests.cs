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

    [Fact]
    public void A_multi_role_framework_is_offered_each_role_reservation_in_an_offer_of_its_own()
    {
        SubscribeAgent("cpus(ads):1;mem(ads):64;cpus(web):2;mem(web):128");
        var info = new FrameworkInfo
        {
            Name = "multi",
            User = "root",
            Roles = { "ads", "web" },
            Capabilities = { new FrameworkInfo.Types.Capability { Type = FrameworkInfo.Types.Capability.Types.Type.MultiRole } },
        };
        var events = System.Threading.Channels.Channel.CreateUnbounded<V1.Scheduler.Event>();
        Master.Tell(new Actors.Master.SubscribeFramework(new V1.Scheduler.Call.Types.Subscribe { FrameworkInfo = info }, events.Writer), TestActor);
        ExpectMsg<Actors.Master.FrameworkSubscribed>();

        var offers = Drain(events.Reader).Where(e => e.Type == V1.Scheduler.Event.Types.Type.Offers).SelectMany(e => e.Offers.Offers_).ToList();

        offers.Select(o => o.AllocationInfo.Role).Should().BeEquivalentTo(["ads", "web"]);
        foreach (var offer in offers)
        {
            offer.Resources.Should().OnlyContain(r => r.AllocationInfo.Role == offer.AllocationInfo.Role && r.Reservations.Last().Role == offer.AllocationInfo.Role);
        }
        Resources.FromProtos(offers.Single(o => o.AllocationInfo.Role == "web").Resources).Scalar("cpus").Should().Be(2);
    }
}
