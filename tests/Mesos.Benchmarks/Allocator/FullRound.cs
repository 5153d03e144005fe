using Mesos.Actors.Allocator;
using Mesos.Actors.Protocol;

namespace Mesos.Benchmarks.Allocator;

/// <summary>
/// One allocation round over the whole cluster: frameworks spread over ten roles, every agent partly
/// used as in DeclineOffers. With quota, half the roles are guaranteed 10% of the cluster's cpus and
/// memory and limited to 12% of its cpus, so the first stage and the headroom rule both work. With
/// filters, ten earlier rounds were declined with long filters, so each agent refuses ten frameworks.
/// </summary>
internal static class FullRound
{
    private const int Roles = 10;
    private const int FilterRounds = 10;

    public static void Run(int agents, int frameworks, bool quota, bool filters, double? mesosMs)
    {
        var repeats = Report.Repeats(1);
        var times = new List<double>(repeats);
        var offers = 0;
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var allocator = Prepare(agents, frameworks, quota, filters);
            times.Add(Report.Time(() => offers = allocator.Allocate(Cluster.Now).Count));
        }

        var variant = (quota, filters) switch
        {
            (false, false) => "",
            (true, false) => ", quota",
            (false, true) => ", filters",
            _ => ", quota and filters",
        };
        Report.Line($"Full round {agents:N0} agents x {frameworks:N0} frameworks{variant}", Report.Median(times), mesosMs,
            $"median of {repeats} runs; {offers:N0} offers");
    }

    /// <summary>What the allocator's state (with the offers of a full round outstanding) adds to the GC heap.</summary>
    public static void Memory(int agents, int frameworks)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocator = Prepare(agents, frameworks, quota: false, filters: false);
        var offers = allocator.Allocate(Cluster.Now);
        var heap = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(allocator);
        GC.KeepAlive(offers);
        Console.WriteLine($"{$"Allocator memory (GC heap delta) {agents:N0} x {frameworks:N0}",-58} ours {heap / 1048576.0,9:N1} MB   target < 500 MB{(heap < 500L << 20 ? "  meets" : "  MISSES")}");
    }

    private static HierarchicalAllocator Prepare(int agents, int frameworks, bool quota, bool filters)
    {
        var allocator = Cluster.Create(agents, frameworks, Cluster.DeclineOffersUse, Role);
        if (quota) SetQuota(allocator, agents);
        if (filters) Decline(allocator);
        return allocator;
    }

    private static string Role(int framework) => $"role{framework % Roles}";

    private static void SetQuota(HierarchicalAllocator allocator, int agents)
    {
        var cpus = 24.0 * agents;
        var mem = 4096.0 * agents;
        for (var role = 0; role < Roles / 2; role++)
        {
            allocator.UpdateQuota($"role{role}", new Quota(
                ResourceQuantities.Of(new Dictionary<string, double> { ["cpus"] = cpus * 0.10, ["mem"] = mem * 0.10 }),
                ResourceQuantities.Of(new Dictionary<string, double> { ["cpus"] = cpus * 0.12 })));
        }
    }

    private static void Decline(HierarchicalAllocator allocator)
    {
        for (var round = 0; round < FilterRounds; round++)
        {
            foreach (var offer in allocator.Allocate(Cluster.Now)) allocator.RecoverResources(offer, Cluster.Now, refuseSeconds: 3600);
        }
    }
}
