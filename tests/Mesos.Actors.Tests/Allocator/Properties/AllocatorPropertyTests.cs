using FsCheck;
using FsCheck.Fluent;
using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;
using static Mesos.Actors.Tests.Allocator.AllocatorTestKit;

namespace Mesos.Actors.Tests.Allocator.Properties;

public sealed class AllocatorPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200);

    // Nothing offered twice, reservations only to their role's subtree, limits never exceeded,
    // filters honoured, nothing to suppressed or inactive frameworks, and nothing that could be
    // offered left unoffered: after every step of random clusters and events, against the
    // scenario's own ledger.
    [Fact]
    public void Random_clusters_and_events_never_break_the_allocators_promises() =>
        Prop.ForAll(Scenarios.Any, scenario => new ScenarioRun(scenario).Run()).Check(Quick);

    [Fact]
    public void Guarantees_are_met_whenever_the_free_resources_can_meet_them() =>
        Prop.ForAll(GuaranteeScenario, scenario =>
        {
            var (agents, guarantees, releases, seed) = scenario;
            var allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = seed });
            for (var i = 0; i < agents.Length; i++) allocator.AddAgent($"agent{i}", R($"cpus:{agents[i]};mem:{agents[i] * 512}"));
            allocator.AddFramework("greedy", Spec("greedy"));
            var held = allocator.Allocate(T0).ToList();
            for (var g = 0; g < guarantees.Length; g++)
            {
                allocator.UpdateQuota($"g{g}", new Quota(ResourceQuantities.Parse($"cpus:{guarantees[g]};mem:{guarantees[g] * 256}"), ResourceQuantities.Empty));
                allocator.AddFramework($"fw-g{g}", Spec($"g{g}"));
            }

            foreach (var release in releases)
            {
                if (held.Count > 0)
                {
                    var offer = held[release % held.Count];
                    held.Remove(offer);
                    allocator.RecoverResources(offer, T0);
                }

                var free = Enumerable.Range(0, agents.Length).Select(i => allocator.Available($"agent{i}")).Aggregate(Resources.Empty, (a, b) => a + b);
                var missing = Enumerable.Range(0, guarantees.Length).Select(g => Math.Max(0, guarantees[g] - allocator.ConsumedQuota($"g{g}")["cpus"])).Sum();
                var missingMem = Enumerable.Range(0, guarantees.Length).Select(g => Math.Max(0, guarantees[g] * 256 - allocator.ConsumedQuota($"g{g}")["mem"])).Sum();
                held.AddRange(allocator.Allocate(T0).Where(o => o.FrameworkId == "greedy"));
                if (missing > free.Scalar("cpus") || missingMem > free.Scalar("mem")) continue;
                for (var g = 0; g < guarantees.Length; g++)
                {
                    if (allocator.ConsumedQuota($"g{g}")["cpus"] < guarantees[g] || allocator.ConsumedQuota($"g{g}")["mem"] < guarantees[g] * 256) return false;
                }
            }

            return true;
        }).Check(Quick);

    [Fact]
    public void With_equal_weights_and_equal_demand_dominant_shares_converge() =>
        Prop.ForAll(ConvergenceScenario, scenario =>
        {
            var (roles, agents, head, seed) = scenario;
            var allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = seed });
            for (var r = 0; r < roles; r++) allocator.AddFramework($"f{r}", Spec($"r{r}"));

            // Role r0 starts with a head start of agents it already uses; everyone then releases one
            // agent a round, as frameworks with equal demand finishing equal tasks would.
            for (var i = 0; i < agents; i++)
            {
                allocator.AddAgent($"agent{i}", R("cpus:4;mem:4096"), i < head ? [new ResourceUse("f0", "r0", R("cpus:4;mem:4096"))] : null);
            }

            var held = Enumerable.Range(0, roles).ToDictionary(r => $"r{r}", _ => new Queue<Mesos.Actors.Allocator.Allocation>());
            foreach (var offer in allocator.Allocate(T0)) held[offer.Role].Enqueue(offer);
            var headStart = Enumerable.Range(0, head).Select(i => $"agent{i}").ToList();
            for (var round = 0; round < 2 * agents + 3; round++)
            {
                foreach (var (role, offers) in held)
                {
                    if (role == "r0" && headStart.Count > 0)
                    {
                        allocator.RecoverResources("f0", headStart[0], "r0", R("cpus:4;mem:4096"), T0);
                        headStart.RemoveAt(0);
                    }
                    else if (offers.Count > 0)
                    {
                        allocator.RecoverResources(offers.Dequeue(), T0);
                    }
                }

                foreach (var offer in allocator.Allocate(T0)) held[offer.Role].Enqueue(offer);
            }

            var shares = Enumerable.Range(0, roles).Select(r => allocator.RoleShare($"r{r}")).ToList();
            return shares.Max() - shares.Min() <= 1.0 / agents + 1e-9;
        }).Check(Quick);

    private static Arbitrary<(int[] Agents, int[] Guarantees, int[] Releases, int Seed)> GuaranteeScenario { get; } = (
        from agentCount in Gen.Choose(1, 6)
        from agents in Gen.ArrayOf(Gen.Choose(1, 8), agentCount)
        from guaranteeCount in Gen.Choose(1, 3)
        from guarantees in Gen.ArrayOf(Gen.Choose(1, 6), guaranteeCount)
        from releaseCount in Gen.Choose(1, 12)
        from releases in Gen.ArrayOf(Gen.Choose(0, 99), releaseCount)
        from seed in Gen.Choose(0, 1000)
        select (agents, guarantees, releases, seed)).ToArbitrary();

    private static Arbitrary<(int Roles, int Agents, int Head, int Seed)> ConvergenceScenario { get; } = (
        from roles in Gen.Choose(2, 5)
        from agents in Gen.Choose(roles, 30)
        from head in Gen.Choose(0, agents)
        from seed in Gen.Choose(0, 1000)
        select (roles, agents, head, seed)).ToArbitrary();
}
