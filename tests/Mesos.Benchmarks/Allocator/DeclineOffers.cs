using Mesos.Actors.Allocator;

namespace Mesos.Benchmarks.Allocator;

/// <summary>
/// Mesos' DeclineOffers: every framework declines every offer with an endless filter, so rounds go on
/// until every agent is filtered for every framework. Each agent starts with <c>cpus:16;mem:2014;disk:1024</c>
/// and sixteen port ranges used by framework <c>i mod M</c>. Mesos runs 2·M rounds; above
/// <see cref="MaxRounds"/> rounds we stop there and say so. The figure is the median time of one round.
/// </summary>
internal static class DeclineOffers
{
    public const int MaxRounds = 200;

    public static void Run(int agents, int frameworks, double? mesosMs)
    {
        var allocator = new HierarchicalAllocator(new AllocatorOptions { Seed = 1 });
        Cluster.AddFrameworks(allocator, frameworks, _ => "*");
        Cluster.AddAgents(allocator, agents, frameworks, Cluster.BigAgent,
            Actors.Protocol.Resources.Parse("cpus:16;mem:2014;disk:1024") + Cluster.SixteenPortRanges, _ => "*");
        var rounds = Math.Min(2 * frameworks, MaxRounds);
        var times = new List<double>(rounds);
        IReadOnlyList<Actors.Allocator.Allocation> offers = [];
        var offered = 0L;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var offer in offers) allocator.RecoverResources(offer, Cluster.Now, refuseSeconds: int.MaxValue);
            times.Add(Report.Time(() => offers = allocator.Allocate(Cluster.Now)));
            offered += offers.Count;
        }

        var capped = rounds < 2 * frameworks ? $", capped from {2 * frameworks}" : "";
        Report.Line($"DeclineOffers {agents:N0} agents x {frameworks:N0} frameworks", Report.Median(times), mesosMs,
            $"median of {rounds} rounds{capped}; {offered:N0} offers");
    }
}
