namespace Mesos.Benchmarks.Allocator;

/// <summary>
/// Mesos' DeclineOffers: every framework declines every offer with an endless filter, so rounds go on
/// until every agent is filtered for every framework. Each agent starts with <c>cpus:16;mem:2014;disk:1024</c>
/// and sixteen port ranges used by framework <c>i mod M</c>. Mesos runs 2·M rounds; above
/// <see cref="MaxRounds"/> rounds we stop there and say so. The figure is the median time of one round.
/// After round M every agent is filtered for every framework and rounds make no offer; where such rounds
/// are among those timed, their median mixes both kinds, so the line also gives the median of the rounds
/// that made offers.
/// </summary>
internal static class DeclineOffers
{
    public const int MaxRounds = 200;

    public static void Run(int agents, int frameworks, double? mesosMs)
    {
        var rounds = Math.Min(2 * frameworks, MaxRounds);
        var repeats = Report.Repeats(rounds);
        var times = new List<double>(rounds * repeats);
        var offering = new List<double>(rounds * repeats);
        var offered = 0L;
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var allocator = Cluster.Create(agents, frameworks, Cluster.DeclineOffersUse, _ => "*");
            IReadOnlyList<Actors.Allocator.Allocation> offers = [];
            for (var round = 0; round < rounds; round++)
            {
                foreach (var offer in offers) allocator.RecoverResources(offer, Cluster.Now, refuseSeconds: int.MaxValue);
                var time = Report.Time(() => offers = allocator.Allocate(Cluster.Now));
                times.Add(time);
                if (offers.Count > 0) offering.Add(time);
                offered += offers.Count;
            }
        }

        var capped = rounds < 2 * frameworks ? $", capped from {2 * frameworks}" : "";
        var filtered = times.Count - offering.Count;
        var mix = filtered == 0
            ? "every round made offers"
            : $"{filtered} of {times.Count} rounds made no offer (every agent filtered); rounds that made offers: median {Report.Median(offering):N2} ms";
        Report.Line($"DeclineOffers {agents:N0} agents x {frameworks:N0} frameworks", Report.Median(times), mesosMs,
            $"median of {rounds} rounds{capped} x {repeats} runs; {offered / repeats:N0} offers a run; {mix}");
    }
}
