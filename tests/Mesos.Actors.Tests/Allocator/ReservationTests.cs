using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;
using Mesos.V1;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator;

public sealed class ReservationTests
{
    [Fact]
    public void Statically_reserved_resources_go_only_to_their_role()
    {
        var allocator = WithAgents("cpus(ads):8;mem(ads):4096;cpus:1;mem:512");
        allocator.AddFramework("web", Spec("web"));

        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus:1;mem:512"));
        allocator.AddFramework("ads", Spec("ads"));
        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus(ads):8;mem(ads):4096"));
    }

    [Fact]
    public void Resources_reserved_for_a_role_are_offered_to_its_subroles_but_not_the_other_way()
    {
        var allocator = WithAgents("cpus(eng):4;mem(eng):1024", "cpus(eng/web):2;mem(eng/web):512");
        allocator.AddFramework("engineering", Spec("engineering"));
        allocator.AddFramework("eng", Spec("eng"));
        allocator.Allocate(T0).Single().Should().BeEquivalentTo(new { FrameworkId = "eng", AgentId = "agent1" });

        allocator.AddFramework("web", Spec("eng/web"));
        allocator.Allocate(T0).Single().Should().BeEquivalentTo(new { FrameworkId = "web", AgentId = "agent2" });
        allocator.RemoveFramework("eng");
        allocator.Allocate(T0).Single().Should().BeEquivalentTo(new { FrameworkId = "web", AgentId = "agent1", Role = "eng/web" });
    }

    [Fact]
    public void A_dynamic_reservation_made_by_an_operator_binds_available_resources_to_the_role_until_unreserved()
    {
        var allocator = WithAgents("cpus:4;mem:1024");
        var reserve = Operation(Offer.Types.Operation.Types.Type.Reserve, "cpus:2;mem:512", Dynamic("ads", "ops"));

        allocator.TryUpdateAvailable("agent1", [reserve], out var error).Should().BeTrue(error);
        allocator.AddFramework("web", Spec("web"));
        var toWeb = allocator.Allocate(T0).Single().Resources;

        toWeb.Should().Be(R("cpus:2;mem:512"));
        allocator.Total("agent1").Reserved("ads").Scalar("cpus").Should().Be(2);
        allocator.ConsumedQuota("ads")["cpus"].Should().Be(2);
        allocator.TryUpdateAvailable("agent1", [Operation(Offer.Types.Operation.Types.Type.Unreserve, "cpus:2;mem:512", Dynamic("ads", "ops"))], out error)
            .Should().BeTrue(error);
        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus:2;mem:512"));
    }

    [Fact]
    public void A_reservation_cannot_take_what_is_not_available()
    {
        var allocator = WithAgents("cpus:4;mem:1024");
        allocator.AddFramework("web", Spec("web"));
        allocator.Allocate(T0);

        allocator.TryUpdateAvailable("agent1", [Operation(Offer.Types.Operation.Types.Type.Reserve, "cpus:1", Dynamic("ads", "ops"))], out var error)
            .Should().BeFalse();
        error.Should().NotBeNullOrEmpty();
        allocator.Total("agent1").Should().Be(R("cpus:4;mem:1024"));
    }

    [Fact]
    public void A_framework_reserves_what_it_was_offered_and_its_role_consumes_it_as_a_reservation()
    {
        var allocator = WithAgents("cpus:4;mem:1024");
        allocator.AddFramework("ads", Spec("ads"));
        allocator.Allocate(T0);

        allocator.TryUpdateAllocation("ads", "agent1", "ads", [Operation(Offer.Types.Operation.Types.Type.Reserve, "cpus:1", Dynamic("ads", "ads-principal"))], out var error)
            .Should().BeTrue(error);

        allocator.Held("ads", "agent1", "ads").Reserved("ads").Scalar("cpus").Should().Be(1);
        allocator.ConsumedQuota("ads")["cpus"].Should().Be(4);
        allocator.RecoverResources("ads", "agent1", "ads", allocator.Held("ads", "agent1", "ads"), T0);
        allocator.AddFramework("web", Spec("web"));
        allocator.Allocate(T0).Where(o => o.FrameworkId == "web").Sum(o => o.Resources.Scalar("cpus")).Should().BeLessThanOrEqualTo(3);
    }

    [Fact]
    public void A_refined_reservation_goes_only_to_the_subrole_and_only_to_frameworks_that_understand_refinement()
    {
        var allocator = WithAgents("cpus(eng):4;mem(eng):1024");
        var refine = new Offer.Types.Operation
        {
            Type = Offer.Types.Operation.Types.Type.Reserve,
            Reserve = new Offer.Types.Operation.Types.Reserve(),
        };
        refine.Reserve.Resources.AddRange(Resources.Parse("cpus(eng):2").ToProtos().Select(p =>
        {
            p.Reservations.Add(Dynamic("eng/web", "ops"));
            return p;
        }));
        allocator.TryUpdateAvailable("agent1", [refine], out var error).Should().BeTrue(error);

        allocator.AddFramework("old-web", Spec("eng/web"));
        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus(eng):2;mem(eng):1024"));
        allocator.AddFramework("web", new FrameworkSpec(["eng/web"], FrameworkCapabilities.MultiRole | FrameworkCapabilities.ReservationRefinement));
        var offer = allocator.Allocate(T0).Single();

        offer.FrameworkId.Should().Be("web");
        offer.Resources.Reserved("eng/web").Scalar("cpus").Should().Be(2);
    }

    private static Resource.Types.ReservationInfo Dynamic(string role, string principal) => new()
    {
        Type = Resource.Types.ReservationInfo.Types.Type.Dynamic,
        Role = role,
        Principal = principal,
        Labels = new Labels { Labels_ = { new Label { Key = "owner", Value = principal } } },
    };

    private static Offer.Types.Operation Operation(Offer.Types.Operation.Types.Type type, string resources, Resource.Types.ReservationInfo reservation)
    {
        var protos = Resources.Parse(resources).ToProtos().Select(p =>
        {
            p.Reservations.Add(reservation);
            return p;
        });
        var operation = new Offer.Types.Operation { Type = type };
        if (type == Offer.Types.Operation.Types.Type.Reserve) operation.Reserve = new Offer.Types.Operation.Types.Reserve { Resources = { protos } };
        else operation.Unreserve = new Offer.Types.Operation.Types.Unreserve { Resources = { protos } };
        return operation;
    }
}
