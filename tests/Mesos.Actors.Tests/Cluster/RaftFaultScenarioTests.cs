using Mesos.Actors.Cluster;
using Mesos.Actors.Tests.Cluster.Simulation;

namespace Mesos.Actors.Tests.Cluster;

/// <summary>Named fault patterns, each run over many seeds of the simulation.</summary>
[Collection(SimulationCollection.Name)]
public sealed class RaftFaultScenarioTests
{
    private const int ElectionTimeoutMs = 300;

    [Fact]
    public void Five_servers_where_two_each_see_only_one_other_settle_on_a_stable_leader()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(60, 10_000), nameof(Five_servers_where_two_each_see_only_one_other_settle_on_a_stable_leader), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: 5, clientCount: 2);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            // n1 sees only n3, n2 sees only n4; n3, n4 and n5 see each other.
            foreach (var peer in new[] { "n2", "n4", "n5" }) sim.Network.CutBothWays("n1", peer);
            foreach (var peer in new[] { "n3", "n5" }) sim.Network.CutBothWays("n2", peer);
            sim.RunFor(3000);
            var leader = sim.Leader ?? throw new RaftSafetyException("No leader after the partial partition settled.");
            var term = leader.Term;
            sim.AwaitProgress(2 * ElectionTimeoutMs).Should().BeTrue("a settled leader commits");
            sim.RunFor(3000);
            sim.Leader?.Id.Should().Be(leader.Id, "the leader stays put");
            sim.Nodes.Where(n => n.IsUp).Max(n => n.Core!.Term).Should().Be(term, "no server disrupts the cluster with a higher term");
        });
    }

    [Fact]
    public void A_leader_cut_off_from_the_majority_steps_down_and_the_majority_elects_another_without_raising_the_minority_term()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(60, 20_000), nameof(A_leader_cut_off_from_the_majority_steps_down_and_the_majority_elects_another_without_raising_the_minority_term), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: 5);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            var old = sim.Leader!;
            var oldTerm = old.Term;
            var others = sim.NodeIds.Where(id => id != old.Id).ToArray();
            sim.Network.Partition([old.Id, others[0]], others[1..]);
            sim.RunUntil(() => !old.IsLeader, 2 * ElectionTimeoutMs).Should().BeTrue("CheckQuorum deposes it within an election timeout");
            sim.RunUntil(() => sim.Leader is { } l && l.Id != old.Id, 1000).Should().BeTrue();
            sim.RunFor(2000);
            old.Term.Should().Be(oldTerm, "PreVote keeps a server that cannot win from raising its term");
            sim.Network.Heal();
            sim.AwaitProgress(2 * ElectionTimeoutMs).Should().BeTrue();
            sim.Leader!.Id.Should().NotBe(old.Id);
        });
    }

    [Fact]
    public void A_leader_that_can_send_but_not_receive_is_replaced()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(60, 30_000), nameof(A_leader_that_can_send_but_not_receive_is_replaced), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: 3);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            var old = sim.Leader!;
            foreach (var id in sim.NodeIds.Where(id => id != old.Id)) sim.Network.Cut(id, old.Id);
            sim.RunUntil(() => sim.Leader is { } l && l.Id != old.Id, 3000).Should().BeTrue();
            sim.AwaitProgress(2 * ElectionTimeoutMs).Should().BeTrue();
        });
    }

    [Fact]
    public void A_bridge_between_two_halves_that_cannot_see_each_other_still_gives_a_leader_that_commits()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(60, 40_000), nameof(A_bridge_between_two_halves_that_cannot_see_each_other_still_gives_a_leader_that_commits), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: 5, clientCount: 2);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            sim.BridgePartition(sim.NodeIds.ToArray());
            sim.RunFor(3000);
            sim.AwaitProgress(4 * ElectionTimeoutMs).Should().BeTrue();
        });
    }

    [Fact]
    public void Leadership_moves_to_the_chosen_server_within_an_election_timeout_under_message_loss()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(60, 50_000), nameof(Leadership_moves_to_the_chosen_server_within_an_election_timeout_under_message_loss), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: 3, clientCount: 2);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            sim.Network.DropRate = 0.05;
            var leader = sim.Leader!;
            var target = sim.NodeIds.First(id => id != leader.Id);
            var moved = false;
            for (var attempt = 0; attempt < 5 && !moved; attempt++)
            {
                if (sim.Leader is { } current) sim.OnNode(current.Id, core => core.TransferLeadership(target));
                moved = sim.RunUntil(() => sim.Leader?.Id == target, ElectionTimeoutMs);
            }
            moved.Should().BeTrue();
            sim.Network.DropRate = 0;
            sim.AwaitProgress(2 * ElectionTimeoutMs).Should().BeTrue();
        });
    }

    [Fact]
    public void A_server_added_to_a_compacted_cluster_catches_up_by_snapshot_and_a_removed_leader_hands_over()
    {
        SimulationSeeds.RunAll(SimulationSeeds.For(40, 60_000), nameof(A_server_added_to_a_compacted_cluster_catches_up_by_snapshot_and_a_removed_leader_hands_over), seed =>
        {
            var sim = new RaftSimulation(seed, nodeCount: 4, clientCount: 3, memberCount: 3);
            sim.RunUntil(() => sim.Leader is not null, 2000).Should().BeTrue();
            sim.RunFor(1500);
            sim.Leader!.Log.SnapshotIndex.Should().BeGreaterThan(0, "the clients wrote enough for a compaction");
            sim.RunUntil(() => sim.Leader is { } l && sim.OnNode(l.Id, c => c.ProposeMembershipChange("n4", add: true)).Status == ProposeStatus.Appended, 2000)
                .Should().BeTrue();
            sim.RunUntil(() => sim.Node("n4").Applied >= sim.Leader?.Commit && sim.Node("n4").Core!.Members.Contains("n4"), 2000).Should().BeTrue();
            sim.Node("n4").Core!.Log.SnapshotIndex.Should().BeGreaterThan(0, "n4 started from the leader's snapshot");

            var removed = sim.Leader!.Id;
            sim.RunUntil(() => sim.Leader is { } l && sim.OnNode(l.Id, c => c.ProposeMembershipChange(removed, add: false)).Status == ProposeStatus.Appended, 2000)
                .Should().BeTrue();
            sim.RunUntil(() => sim.Leader is { } l && l.Id != removed, 2000).Should().BeTrue();
            sim.Leader!.Members.Should().BeEquivalentTo(sim.NodeIds.Where(id => id != removed));
            sim.AwaitProgress(2 * ElectionTimeoutMs).Should().BeTrue();
            sim.RunFor(1000);
            sim.Node(removed).Core!.Role.Should().Be(RaftRole.Follower, "a removed server never campaigns");
        });
    }
}
