using Mesos.TestKit.Simulation;

namespace Mesos.Actors.Tests.TestKit;

public sealed class SimulatedNetworkTests
{
    private static List<(long Time, string To, int Message)> Run(SimulatedNetwork<int> network, int messages, long until = 100)
    {
        for (var i = 0; i < messages; i++) network.Send(0, "a", "b", i);
        var delivered = new List<(long, string, int)>();
        for (long now = 0; now <= until; now++)
        {
            while (network.TryDeliver(now, out var to, out var message)) delivered.Add((now, to, message));
        }
        return delivered;
    }

    [Fact]
    public void A_run_replays_exactly_from_its_seed()
    {
        SimulatedNetwork<int> Network() => new(new Random(17)) { DropRate = 0.2, DuplicateRate = 0.2, MaxDelay = 20 };

        Run(Network(), 200).Should().Equal(Run(Network(), 200));
    }

    [Fact]
    public void Messages_arrive_within_their_delay_bounds_reordered_but_none_early()
    {
        var delivered = Run(new SimulatedNetwork<int>(new Random(3)) { MinDelay = 2, MaxDelay = 9 }, 100);

        delivered.Select(d => d.Message).Should().BeEquivalentTo(Enumerable.Range(0, 100));
        delivered.Should().OnlyContain(d => d.Time >= 2 && d.Time <= 9);
        delivered.Select(d => d.Message).Should().NotBeInAscendingOrder("random delays reorder messages");
    }

    [Fact]
    public void A_cut_link_loses_what_is_sent_one_way_until_healed()
    {
        var network = new SimulatedNetwork<int>(new Random(5));
        network.Cut("a", "b");

        network.CanReach("b", "a").Should().BeTrue("a cut is one direction only");
        Run(network, 10).Should().BeEmpty();

        network.Heal();
        Run(network, 10).Should().HaveCount(10);
    }

    [Fact]
    public void Drops_and_duplicates_follow_their_rates()
    {
        var delivered = Run(new SimulatedNetwork<int>(new Random(11)) { DropRate = 0.5, DuplicateRate = 0.5 }, 2_000);

        delivered.Count.Should().BeInRange(1_300, 1_700, "half are dropped, and half of the rest arrive twice: about 1,500");
        delivered.GroupBy(d => d.Message).Should().OnlyContain(g => g.Count() <= 2);
    }
}
