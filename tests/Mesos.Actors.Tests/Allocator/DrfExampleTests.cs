using Mesos.Actors.Allocator;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator;

public sealed class DrfExampleTests
{
    // Mesos' HierarchicalAllocatorTest.UnreservedDRF, step by step.
    [Fact]
    public void Each_new_agent_goes_whole_to_the_role_and_framework_with_the_lowest_dominant_share()
    {
        var allocator = new HierarchicalAllocator();
        allocator.AddAgent("agent1", R("cpus:2;mem:1024;disk:0"));
        allocator.AddFramework("framework1", Spec("role1"));
        allocator.Allocate(T0).Single().Should().BeEquivalentTo(new { FrameworkId = "framework1", AgentId = "agent1", Role = "role1" });

        allocator.AddFramework("framework2", Spec("role2"));
        allocator.AddAgent("agent2", R("cpus:1;mem:512;disk:0"));
        allocator.Allocate(T0).Single().FrameworkId.Should().Be("framework2");

        allocator.AddAgent("agent3", R("cpus:3;mem:2048;disk:0"));
        allocator.Allocate(T0).Single().FrameworkId.Should().Be("framework2");

        allocator.AddFramework("framework3", Spec("role1"));
        allocator.AddAgent("agent4", R("cpus:4;mem:4096;disk:0"));
        var offer = allocator.Allocate(T0).Single();
        offer.FrameworkId.Should().Be("framework3");
        offer.Resources.Should().Be(R("cpus:4;mem:4096"));

        allocator.AddFramework("framework4", Spec("role1"));
        allocator.AddAgent("agent5", R("cpus:1;mem:512;disk:0"));
        allocator.Allocate(T0).Single().FrameworkId.Should().Be("framework2", "role2's share (0.36) is below role1's (0.63), whatever framework4 holds");
    }

    [Fact]
    public void A_role_of_weight_two_gets_twice_the_share_of_a_role_of_weight_one()
    {
        var allocator = WithAgents(Enumerable.Repeat("cpus:1;mem:1024", 30).ToArray());
        allocator.UpdateWeights(new Dictionary<string, double> { ["heavy"] = 2 });
        allocator.AddFramework("f-heavy", Spec("heavy"));
        allocator.AddFramework("f-light", Spec("light"));

        var offers = allocator.Allocate(T0);

        offers.Count(o => o.Role == "heavy").Should().Be(20);
        offers.Count(o => o.Role == "light").Should().Be(10);
        allocator.RoleShare("heavy").Should().BeApproximately(2 * allocator.RoleShare("light"), 1e-9);
    }

    [Fact]
    public void Weights_set_while_roles_hold_resources_order_the_next_offers_after_a_full_re_sort()
    {
        // Equal shares first; "zheavy" sorts after "light" by name, so only its weight can put it first.
        var allocator = WithAgents(Enumerable.Repeat("cpus:1;mem:1024", 20).ToArray());
        allocator.AddFramework("f-heavy", Spec("zheavy"));
        allocator.AddFramework("f-light", Spec("light"));
        allocator.Allocate(T0).GroupBy(o => o.Role).Select(g => g.Count()).Should().Equal(10, 10);

        allocator.UpdateWeights(new Dictionary<string, double> { ["zheavy"] = 3 });
        for (var i = 0; i < 10; i++) allocator.AddAgent($"late{i}", R("cpus:1;mem:1024"));
        var offers = allocator.Allocate(T0);

        offers.Should().HaveCount(10).And.OnlyContain(o => o.Role == "zheavy",
            "with weight 3, zheavy's weighted share (at most 20/30/3) stays below light's 10/30 for all ten new agents");
    }

    [Fact]
    public void A_parent_role_competes_with_its_childrens_allocations_included()
    {
        var allocator = WithAgents(Enumerable.Repeat("cpus:1;mem:1024", 12).ToArray());
        allocator.AddFramework("web", Spec("eng/web"));
        allocator.AddFramework("db", Spec("eng/db"));
        allocator.AddFramework("ops", Spec("ops"));

        var offers = allocator.Allocate(T0);

        offers.Count(o => o.Role == "ops").Should().Be(6, "eng, with both children, and ops split the cluster evenly");
        offers.Count(o => o.Role == "eng/web").Should().Be(3);
        offers.Count(o => o.Role == "eng/db").Should().Be(3);
        allocator.RoleShare("eng").Should().BeApproximately(allocator.RoleShare("ops"), 1e-9);
    }

    [Fact]
    public void Frameworks_of_one_role_share_it_by_their_own_dominant_shares()
    {
        var allocator = WithAgents(Enumerable.Repeat("cpus:2;mem:2048", 9).ToArray());
        allocator.AddFramework("a", Spec("role"));
        allocator.AddFramework("b", Spec("role"));
        allocator.AddFramework("c", Spec("role"));

        var offers = allocator.Allocate(T0);

        offers.GroupBy(o => o.FrameworkId).Select(g => g.Count()).Should().Equal(3, 3, 3);
    }

    [Theory]
    [InlineData(true, 1, 2)]
    [InlineData(false, 0, 3)]
    public void Resources_excluded_from_fair_sharing_do_not_count_in_dominant_shares(bool excludeGpus, int toMl, int toWeb)
    {
        var allocator = new HierarchicalAllocator(new AllocatorOptions { FairSharingExcludedResourceNames = excludeGpus ? ["gpus"] : [] });
        allocator.AddAgent("gpu-agent", R("cpus:1;mem:512;gpus:8"));
        allocator.AddFramework("gpu-user", new FrameworkSpec(["ml"], FrameworkCapabilities.MultiRole | FrameworkCapabilities.GpuResources));
        allocator.Allocate(T0).Single().AgentId.Should().Be("gpu-agent");

        allocator.AddFramework("other", Spec("web"));
        for (var i = 2; i <= 4; i++) allocator.AddAgent($"agent{i}", R("cpus:1;mem:512"));
        var offers = allocator.Allocate(T0);

        offers.Count(o => o.Role == "ml").Should().Be(toMl);
        offers.Count(o => o.Role == "web").Should().Be(toWeb);
    }

    [Fact]
    public void Offers_smaller_than_the_minimum_allocatable_resources_are_not_made()
    {
        var allocator = WithAgents("cpus:0.005;mem:16", "cpus:0.01;mem:1", "cpus:0;mem:32");
        allocator.AddFramework("f", Spec("r"));

        allocator.Allocate(T0).Select(o => o.AgentId).Should().BeEquivalentTo(["agent2", "agent3"]);
    }

    [Fact]
    public void A_framework_may_ask_for_a_larger_minimum_for_one_of_its_roles()
    {
        var allocator = WithAgents("cpus:1;mem:128", "cpus:4;mem:4096");
        var minimum = new Dictionary<string, IReadOnlyList<ResourceQuantities>> { ["r"] = [ResourceQuantities.Parse("cpus:2;mem:1024")] };
        allocator.AddFramework("f", new FrameworkSpec(["r"], FrameworkCapabilities.MultiRole, MinAllocatableResources: minimum));

        allocator.Allocate(T0).Single().AgentId.Should().Be("agent2");
    }

    [Fact]
    public void The_same_seed_gives_the_same_offers()
    {
        string Run(int seed)
        {
            var allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = seed });
            for (var i = 0; i < 20; i++) allocator.AddAgent($"a{i}", R("cpus:1;mem:256"));
            for (var i = 0; i < 7; i++) allocator.AddFramework($"f{i}", Spec($"r{i % 3}"));
            return string.Join(",", allocator.Allocate(T0).Select(o => o.FrameworkId + "@" + o.AgentId));
        }

        Run(42).Should().Be(Run(42));
        Run(42).Should().NotBe(Run(43));
    }
}
