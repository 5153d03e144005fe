using Mesos.Actors.Allocator;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator;

/// <summary>What the allocator tells an operator about a framework: shares, quota, suppression, live filters, what is free.</summary>
public sealed class StandingTests
{
    [Fact]
    public void A_framework_is_told_its_roles_shares_quota_and_what_it_holds()
    {
        var allocator = WithAgents("cpus:4;mem:4096", "cpus:4;mem:4096");
        allocator.UpdateWeights(new Dictionary<string, double> { ["web"] = 2 });
        allocator.UpdateQuota("web", new Quota(ResourceQuantities.Parse("cpus:1"), ResourceQuantities.Parse("cpus:6;mem:2048")));
        allocator.AddFramework("f1", Spec("web"));
        allocator.Allocate(T0);

        var standing = allocator.Standing("f1", T0)!;

        standing.Active.Should().BeTrue();
        var web = standing.Roles.Should().ContainSingle().Subject;
        web.Role.Should().Be("web");
        web.Weight.Should().Be(2);
        web.Suppressed.Should().BeFalse();
        web.Held["cpus"].Should().Be(6);
        web.Held["mem"].Should().Be(2048);
        web.Consumed["cpus"].Should().Be(6);
        web.RoleShare.Should().Be(0.75);
        web.FrameworkShare.Should().Be(0.75);
        web.Quota.Guarantees["cpus"].Should().Be(1);
        web.Quota.Limits["cpus"].Should().Be(6);
        allocator.FreeUnreserved["cpus"].Should().Be(2);
        allocator.FreeUnreserved["mem"].Should().Be(6144);
    }

    [Fact]
    public void Declined_offers_leave_live_filters_that_expire_and_suppressed_roles_are_named()
    {
        var allocator = WithAgents("cpus:2;mem:1024");
        allocator.AddFramework("f1", Spec("web", "batch"));
        var offer = allocator.Allocate(T0).Single();
        allocator.RecoverResources(offer, T0, refuseSeconds: 60);
        allocator.SuppressOffers("f1", ["batch"]);

        var standing = allocator.Standing("f1", T0.AddSeconds(1))!;

        var filter = standing.Filters.Should().ContainSingle().Subject;
        filter.AgentId.Should().Be("agent1");
        filter.Role.Should().Be(offer.Role);
        filter.Refused.Scalar("cpus").Should().Be(offer.Resources.Scalar("cpus"));
        filter.Expires.Should().Be(T0.AddSeconds(60));
        standing.Roles.Single(r => r.Role == "batch").Suppressed.Should().BeTrue();
        standing.Roles.Single(r => r.Role == "web").Suppressed.Should().BeFalse();
        allocator.Standing("f1", T0.AddSeconds(61))!.Filters.Should().BeEmpty();
    }

    [Fact]
    public void Reviving_drops_the_filters_and_an_unknown_framework_has_no_standing()
    {
        var allocator = WithAgents("cpus:2;mem:1024");
        allocator.AddFramework("f1", Spec("web"));
        allocator.RecoverResources(allocator.Allocate(T0).Single(), T0, refuseSeconds: 60);
        allocator.ReviveOffers("f1");

        allocator.Standing("f1", T0)!.Filters.Should().BeEmpty();
        allocator.Standing("nobody", T0).Should().BeNull();
    }
}
