using Mesos.Actors.Allocator;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator;

public sealed class QuotaTests
{
    private static Quota Guarantee(string quantities) => new(ResourceQuantities.Parse(quantities), ResourceQuantities.Empty);

    private static Quota Limit(string quantities) => new(ResourceQuantities.Empty, ResourceQuantities.Parse(quantities));

    [Fact]
    public void A_guarantee_is_met_before_fair_sharing_starts()
    {
        var allocator = WithAgents("cpus:2;mem:1024", "cpus:2;mem:1024", "cpus:2;mem:1024", "cpus:2;mem:1024");
        allocator.UpdateQuota("analytics", Guarantee("cpus:5"));
        allocator.AddFramework("greedy", Spec("web"));
        allocator.AddFramework("batch", Spec("analytics"));

        allocator.Allocate(T0);

        allocator.ConsumedQuota("analytics")["cpus"].Should().BeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Headroom_for_an_unmet_guarantee_is_held_back_even_before_the_role_has_a_framework()
    {
        var allocator = WithAgents("cpus:2;mem:1024", "cpus:2;mem:1024", "cpus:2;mem:1024", "cpus:2;mem:1024");
        allocator.UpdateQuota("analytics", Guarantee("cpus:3;mem:1024"));
        allocator.AddFramework("greedy", Spec("web"));

        var toGreedy = allocator.Allocate(T0);

        toGreedy.Sum(o => o.Resources.Scalar("cpus")).Should().Be(5);
        toGreedy.Sum(o => o.Resources.Scalar("mem")).Should().Be(3072);
        allocator.AddFramework("batch", Spec("analytics"));
        allocator.Allocate(T0).Sum(o => o.Resources.Scalar("cpus")).Should().Be(3);
        allocator.ConsumedQuota("analytics")["cpus"].Should().Be(3);
    }

    [Fact]
    public void A_role_is_never_offered_beyond_its_limit_and_the_rest_of_an_agent_stays_for_others()
    {
        var allocator = WithAgents("cpus:2;mem:1024", "cpus:2;mem:1024");
        allocator.UpdateQuota("capped", Limit("cpus:3"));
        allocator.AddFramework("f", Spec("capped"));

        var offers = allocator.Allocate(T0);

        offers.Sum(o => o.Resources.Scalar("cpus")).Should().Be(3);
        offers.Sum(o => o.Resources.Scalar("mem")).Should().Be(2048, "a name without a limit is not limited");
        allocator.AddFramework("other", Spec("free"));
        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus:1"));
    }

    [Fact]
    public void A_parents_limit_holds_its_children_too()
    {
        var allocator = WithAgents("cpus:4;mem:1024", "cpus:4;mem:1024");
        allocator.UpdateQuota("eng", Limit("cpus:2"));
        allocator.AddFramework("web", Spec("eng/web"));
        allocator.AddFramework("db", Spec("eng/db"));

        allocator.Allocate(T0).Sum(o => o.Resources.Scalar("cpus")).Should().Be(2);
        allocator.ConsumedQuota("eng")["cpus"].Should().Be(2);
    }

    [Fact]
    public void Reservations_count_toward_a_roles_guarantee()
    {
        var allocator = WithAgents("cpus(analytics):2;mem(analytics):512", "cpus:2;mem:1024");
        allocator.UpdateQuota("analytics", Guarantee("cpus:2"));
        allocator.AddFramework("greedy", Spec("web"));

        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus:2;mem:1024"), "the reservation already meets the guarantee: no headroom is held back");
        allocator.ConsumedQuota("analytics")["cpus"].Should().Be(2);
    }

    [Fact]
    public void Removing_a_quota_frees_its_headroom()
    {
        var allocator = WithAgents("cpus:4;mem:1024");
        allocator.UpdateQuota("analytics", Guarantee("cpus:4"));
        allocator.AddFramework("greedy", Spec("web"));
        allocator.Allocate(T0).Single().Resources.Should().Be(R("mem:1024"), "the guarantee names cpus only");

        allocator.UpdateQuota("analytics", Quota.None);

        allocator.Allocate(T0).Single().Resources.Should().Be(R("cpus:4"));
    }
}
