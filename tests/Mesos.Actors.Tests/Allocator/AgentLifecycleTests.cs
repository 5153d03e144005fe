using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator;

public sealed class AgentLifecycleTests
{
    [Fact]
    public void What_frameworks_already_use_on_a_new_agent_is_not_offered_and_counts_for_them()
    {
        var allocator = new HierarchicalAllocator();
        allocator.AddFramework("old", Spec("r"));
        allocator.AddFramework("new", Spec("r"));
        allocator.AddAgent("agent1", R("cpus:4;mem:1024;ports:[31000-32000]"), [new ResourceUse("old", "r", R("cpus:3;mem:512;ports:[31000-31009]"))]);
        allocator.AddAgent("agent2", R("cpus:4;mem:1024"));

        var offers = allocator.Allocate(T0);

        offers.Single(o => o.AgentId == "agent1").Resources.Should().Be(R("cpus:1;mem:512;ports:[31010-32000]"));
        offers.Single(o => o.AgentId == "agent2").FrameworkId.Should().Be("new", "old already holds most of agent1");
    }

    [Fact]
    public void Resources_of_a_framework_not_added_yet_count_for_it_once_it_is_added()
    {
        var allocator = new HierarchicalAllocator();
        allocator.AddAgent("agent1", R("cpus:4;mem:1024"), [new ResourceUse("returning", "r", R("cpus:4;mem:1024"))]);
        allocator.AddAgent("agent2", R("cpus:4;mem:1024"));
        allocator.AddFramework("other", Spec("r"));
        allocator.RoleShare("r").Should().Be(0);

        allocator.AddFramework("returning", Spec("r"));

        allocator.RoleShare("r").Should().Be(0.5);
        allocator.Allocate(T0).Single().FrameworkId.Should().Be("other");
    }

    [Fact]
    public void A_removed_agent_takes_its_holdings_and_filters_with_it()
    {
        var allocator = WithAgents("cpus:2;mem:256", "cpus:2;mem:256");
        allocator.AddFramework("f", Spec("r"));
        allocator.Allocate(T0);

        allocator.RemoveAgent("agent1");

        allocator.RoleShare("r").Should().Be(1);
        allocator.AddAgent("agent1", R("cpus:2;mem:256"));
        allocator.Allocate(T0).Single().AgentId.Should().Be("agent1");
    }

    [Fact]
    public void Revocable_resources_of_an_updated_agent_go_only_to_frameworks_that_accept_them()
    {
        var allocator = WithAgents("cpus:2;mem:1024");
        allocator.AddFramework("plain", Spec("r"));
        allocator.Allocate(T0);
        var revocable = Resources.FromProtos(R("cpus:10").ToProtos().Select(p =>
        {
            p.Revocable = new Mesos.V1.Resource.Types.RevocableInfo();
            return p;
        }));

        allocator.UpdateAgent("agent1", R("cpus:2;mem:1024") + revocable);
        allocator.Allocate(T0).Should().BeEmpty();
        allocator.AddFramework("batch", new FrameworkSpec(["r"], FrameworkCapabilities.MultiRole | FrameworkCapabilities.RevocableResources));

        allocator.Allocate(T0).Single().Resources.Should().Be(revocable);
    }

    [Fact]
    public void Agents_with_gpus_go_only_to_gpu_frameworks_and_inactive_agents_to_nobody()
    {
        var allocator = WithAgents("cpus:2;mem:1024;gpus:1", "cpus:2;mem:1024");
        allocator.DeactivateAgent("agent2");
        allocator.AddFramework("f", Spec("r"));
        allocator.Allocate(T0).Should().BeEmpty();

        allocator.ActivateAgent("agent2");
        allocator.AddFramework("ml", new FrameworkSpec(["r"], FrameworkCapabilities.MultiRole | FrameworkCapabilities.GpuResources));

        allocator.Allocate(T0).Summary().Select(o => (o.Framework, o.Agent)).Should().BeEquivalentTo([("f", "agent2"), ("ml", "agent1")]);
    }

    [Fact]
    public void Multi_role_frameworks_skip_agents_without_the_capability_and_nested_roles_skip_agents_without_hierarchical_roles()
    {
        var allocator = new HierarchicalAllocator();
        allocator.AddAgent("old", R("cpus:1;mem:128"), capabilities: AgentCapabilities.None);
        allocator.AddAgent("flat", R("cpus:1;mem:128"), capabilities: AgentCapabilities.MultiRole);
        allocator.AddFramework("multi", Spec("eng/web"));
        allocator.AddFramework("legacy", new FrameworkSpec(["ops"], FrameworkCapabilities.None));

        allocator.Allocate(T0).Summary().Select(o => (o.Framework, o.Agent)).Should().BeEquivalentTo([("legacy", "old"), ("legacy", "flat")]);
    }

    [Fact]
    public void After_a_failover_with_quota_allocation_waits_for_most_agents_or_the_timeout()
    {
        var allocator = new HierarchicalAllocator(new AllocatorOptions { RecoveryTimeout = TimeSpan.FromMinutes(1), AgentRecoveryFactor = 0.5 });
        allocator.StartRecovery(4, new Dictionary<string, Quota> { ["r"] = new(ResourceQuantities.Parse("cpus:1"), ResourceQuantities.Empty) }, T0);
        allocator.AddFramework("f", Spec("r"));
        allocator.AddAgent("agent1", R("cpus:1;mem:128"));

        allocator.Allocate(T0).Should().BeEmpty();
        allocator.IsPaused(T0).Should().BeTrue();
        allocator.AddAgent("agent2", R("cpus:1;mem:128"));
        allocator.Allocate(T0).Should().HaveCount(2);

        var timedOut = new HierarchicalAllocator(new AllocatorOptions { RecoveryTimeout = TimeSpan.FromMinutes(1) });
        timedOut.StartRecovery(100, new Dictionary<string, Quota> { ["r"] = new(ResourceQuantities.Parse("cpus:1"), ResourceQuantities.Empty) }, T0);
        timedOut.AddFramework("f", Spec("r"));
        timedOut.AddAgent("agent1", R("cpus:1;mem:128"));
        timedOut.Allocate(T0.AddSeconds(59)).Should().BeEmpty();
        timedOut.Allocate(T0.AddSeconds(60)).Should().ContainSingle();
    }

    [Fact]
    public void Without_quota_a_failover_does_not_pause_allocation()
    {
        var allocator = new HierarchicalAllocator();
        allocator.StartRecovery(10, new Dictionary<string, Quota>(), T0);
        allocator.AddFramework("f", Spec("r"));
        allocator.AddAgent("agent1", R("cpus:1;mem:128"));

        allocator.Allocate(T0).Should().ContainSingle();
    }
}
