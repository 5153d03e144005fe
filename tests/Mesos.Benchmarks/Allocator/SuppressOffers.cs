namespace Mesos.Benchmarks.Allocator;

/// <summary>
/// Mesos' SuppressOffers: five rounds; before each, every offer comes back without a filter and another
/// fifth of the frameworks suppresses offers. The figure is the median time of one round.
/// </summary>
internal static class SuppressOffers
{
    private const int Rounds = 5;

    public static void Run(int agents, int frameworks, double? mesosMs)
    {
        var repeats = Report.Repeats(Rounds);
        var times = new List<double>(Rounds * repeats);
        var last = 0;
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var allocator = Cluster.Create(agents, frameworks, Actors.Protocol.Resources.Parse("cpus:16;mem:1024;disk:1024") + Cluster.SixteenPortRanges, _ => "*");
            IReadOnlyList<Actors.Allocator.Allocation> offers = [];
            var suppressed = 0;
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var offer in offers) allocator.RecoverResources(offer, Cluster.Now);
                for (var j = 0; j < frameworks / Rounds; j++) allocator.SuppressOffers(Cluster.FrameworkId(suppressed++));
                times.Add(Report.Time(() => offers = allocator.Allocate(Cluster.Now)));
            }

            last = offers.Count;
        }

        Report.Line($"SuppressOffers {agents:N0} agents x {frameworks:N0} frameworks", Report.Median(times), mesosMs,
            $"median of {Rounds} rounds x {repeats} runs; {last:N0} offers in the last round");
    }
}
