using Mesos.Actors.Allocator;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator;

public sealed class FilterAndSuppressionTests
{
    [Fact]
    public void A_declined_offer_is_not_made_again_until_its_filter_expires()
    {
        var allocator = WithAgents("cpus:2;mem:1024");
        allocator.AddFramework("f", Spec("r"));
        allocator.RecoverResources(allocator.Allocate(T0).Single(), T0, refuseSeconds: 10);

        allocator.Allocate(T0.AddSeconds(9.999)).Should().BeEmpty();
        allocator.Allocate(T0.AddSeconds(10)).Single().AgentId.Should().Be("agent1");
    }

    [Fact]
    public void Without_a_filter_or_with_zero_seconds_the_offer_is_made_again_at_once()
    {
        var allocator = WithAgents("cpus:2;mem:1024");
        allocator.AddFramework("f", Spec("r"));
        allocator.RecoverResources(allocator.Allocate(T0).Single(), T0);
        allocator.RecoverResources(allocator.Allocate(T0).Single(), T0, refuseSeconds: 0);

        allocator.Allocate(T0).Should().ContainSingle();
    }

    [Fact]
    public void A_filter_lasts_at_least_one_allocation_interval_and_negative_seconds_mean_five()
    {
        var allocator = new HierarchicalAllocator(new AllocatorOptions { AllocationInterval = TimeSpan.FromSeconds(2) });
        allocator.AddAgent("a", R("cpus:1;mem:128"));
        allocator.AddAgent("b", R("cpus:1;mem:128"));
        allocator.AddFramework("f", Spec("r"));
        var offers = allocator.Allocate(T0);
        allocator.RecoverResources(offers.Single(o => o.AgentId == "a"), T0, refuseSeconds: 0.5);
        allocator.RecoverResources(offers.Single(o => o.AgentId == "b"), T0, refuseSeconds: -1);

        allocator.Allocate(T0.AddSeconds(1.9)).Should().BeEmpty();
        allocator.Allocate(T0.AddSeconds(2)).Single().AgentId.Should().Be("a");
        allocator.Allocate(T0.AddSeconds(5)).Single().AgentId.Should().Be("b");
    }

    [Fact]
    public void A_filter_refuses_only_what_it_covers()
    {
        var allocator = WithAgents("cpus:4;mem:1024");
        allocator.AddFramework("f", Spec("r"));
        allocator.Allocate(T0);
        allocator.RecoverResources("f", "agent1", "r", R("cpus:2;mem:512"), T0, refuseSeconds: 60);
        allocator.Allocate(T0).Should().BeEmpty();

        allocator.RecoverResources("f", "agent1", "r", R("cpus:2;mem:512"), T0);

        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus:4;mem:1024"), "more is available than was refused");
    }

    [Fact]
    public void Reviving_drops_the_filters_of_the_revived_roles_only()
    {
        var allocator = WithAgents("cpus:1;mem:128");
        allocator.AddFramework("f", Spec("a", "b"));
        var offer = allocator.Allocate(T0).Single();
        var first = offer.Role;
        var second = first == "a" ? "b" : "a";
        allocator.RecoverResources(offer, T0, refuseSeconds: 3600);
        var next = allocator.Allocate(T0).Single();
        next.Role.Should().Be(second);
        allocator.RecoverResources(next, T0, refuseSeconds: 3600);
        allocator.Allocate(T0).Should().BeEmpty();

        allocator.ReviveOffers("f", [second]);

        allocator.Allocate(T0).Single().Role.Should().Be(second);
    }

    [Fact]
    public void A_suppressed_role_is_offered_nothing_until_revived()
    {
        var allocator = WithAgents("cpus:1;mem:128", "cpus:1;mem:128");
        allocator.AddFramework("f", new FrameworkSpec(["a", "b"], FrameworkCapabilities.MultiRole, SuppressedRoles: ["a"]));

        allocator.Allocate(T0).Should().OnlyContain(o => o.Role == "b").And.HaveCount(2);
        allocator.RecoverResources("f", "agent1", "b", allocator.Held("f", "agent1", "b"), T0);
        allocator.SuppressOffers("f");
        allocator.Allocate(T0).Should().BeEmpty();
        allocator.ReviveOffers("f", ["a"]);
        allocator.Allocate(T0).Single().Role.Should().Be("a");
    }

    [Fact]
    public void A_deactivated_framework_is_offered_nothing_and_comes_back_without_its_filters()
    {
        var allocator = WithAgents("cpus:1;mem:128");
        allocator.AddFramework("f", Spec("r"));
        allocator.RecoverResources(allocator.Allocate(T0).Single(), T0, refuseSeconds: 3600);
        allocator.DeactivateFramework("f");
        allocator.Allocate(T0).Should().BeEmpty();

        allocator.ActivateFramework("f");

        allocator.Allocate(T0).Should().ContainSingle();
    }

    [Fact]
    public void Frameworks_that_leave_a_role_lose_its_filters_and_are_not_offered_for_it()
    {
        var allocator = WithAgents("cpus:1;mem:128");
        allocator.AddFramework("f", Spec("a"));
        allocator.RecoverResources(allocator.Allocate(T0).Single(), T0, refuseSeconds: 3600);
        allocator.UpdateFramework("f", Spec("b"));
        allocator.Allocate(T0).Single().Role.Should().Be("b");
    }
}
