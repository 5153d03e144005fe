using System.Text;
using Mesos.Actors.Cluster;
using Mesos.Actors.Runtime;

namespace Mesos.Actors.Tests.Cluster.Node;

/// <summary>Three RaftNode actors on the deterministic dispatcher and the manual clock.</summary>
public sealed class RaftNodeTests : Mesos.TestKit.TestKit
{
    private static readonly string[] Ids = ["n1", "n2", "n3"];
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly ActorRaftTransport _network = new();
    private readonly Dictionary<string, IActorRef> _nodes = [];
    private readonly Dictionary<string, RecordingStateMachine> _machines = [];
    private readonly Dictionary<string, InMemoryRaftStorage> _disks = [];
    private readonly List<object> _events = [];

    public RaftNodeTests() : base(new() { Deterministic = true, Seed = 3 })
    {
        var collector = Sys.ActorOf(Props.Create(() => new EventCollector(_events)), "events");
        Sys.EventStream.Subscribe(collector, typeof(BecameLeader));
        Sys.EventStream.Subscribe(collector, typeof(LostLeadership));
        foreach (var id in Ids) Start(id);
    }

    private void Start(string id, IReadOnlyList<string>? initialMembers = null)
    {
        var disk = _disks.TryGetValue(id, out var existing) ? existing : _disks[id] = new InMemoryRaftStorage();
        var machine = _machines[id] = new RecordingStateMachine();
        var settings = new RaftNodeSettings { Self = id, InitialMembers = initialMembers ?? Ids, Seed = Array.IndexOf(Ids, id) * 7919 + Options.Seed, SnapshotEvery = 20 };
        _nodes[id] = Sys.ActorOf(RaftNode.CreateProps(settings, disk, _network.For(id), machine), $"raft-{id}-{_events.Count}-{Dispatcher!.Steps}");
        _network.Register(id, _nodes[id]);
    }

    private void AdvanceUntil(Func<bool> condition, TimeSpan max)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += Tick)
        {
            if (waited > max) throw new Xunit.Sdk.XunitException($"The condition did not hold within {max} of simulated time.");
            Advance(Tick);
        }
    }

    private string AwaitLeader(string? other = null)
    {
        BecameLeader? Latest() => _events.OfType<BecameLeader>().LastOrDefault(e => e.Node != other);
        AdvanceUntil(() => Latest() is not null, TimeSpan.FromSeconds(2));
        return Latest()!.Node;
    }

    private T Request<T>(string node, object request)
    {
        var probe = CreateTestProbe();
        probe.Send(_nodes[node], request);
        return probe.ExpectMsg<T>();
    }

    private static byte[] Data(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void A_leader_is_elected_and_announced_and_its_proposals_commit_on_every_server()
    {
        var leader = AwaitLeader();
        Request<ProposalCommitted>(leader, new Propose(Data("a"))).Index.Should().BePositive();
        AdvanceUntil(() => Ids.All(id => _machines[id].Applied.SequenceEqual(["a"])), TimeSpan.FromSeconds(1));
        var state = Request<ClusterState>(leader, GetClusterState.Instance);
        state.Role.Should().Be(RaftRole.Leader);
        state.Members.Should().BeEquivalentTo(Ids);
    }

    [Fact]
    public void A_follower_refuses_proposals_and_reads_naming_the_leader()
    {
        var leader = AwaitLeader();
        AdvanceUntil(() => Ids.All(id => Request<ClusterState>(id, GetClusterState.Instance).Leader == leader), TimeSpan.FromSeconds(1));
        var follower = Ids.First(id => id != leader);
        Request<NotLeader>(follower, new Propose(Data("x"))).LeaderHint.Should().Be(leader);
        Request<NotLeader>(follower, ReadIndex.Instance).LeaderHint.Should().Be(leader);
    }

    [Fact]
    public void A_read_through_the_leader_sees_every_write_committed_before_it()
    {
        var leader = AwaitLeader();
        var written = Request<ProposalCommitted>(leader, new Propose(Data("w"))).Index;
        var probe = CreateTestProbe();
        probe.Send(_nodes[leader], ReadIndex.Instance);
        Advance(Tick);
        probe.ExpectMsg<ReadIndexReady>().Index.Should().BeGreaterThanOrEqualTo(written);
        _machines[leader].Applied.Should().Contain("w");
    }

    [Fact]
    public void A_graceful_handover_moves_leadership_to_a_follower_and_announces_both_changes()
    {
        var leader = AwaitLeader();
        Request<ProposalCommitted>(leader, new Propose(Data("before")));
        Request<TransferStarted>(leader, new TransferLeadership(null)).Target.Should().NotBe(leader);
        var next = AwaitLeader(other: leader);
        _events.OfType<LostLeadership>().Should().Contain(e => e.Node == leader);
        Request<ProposalCommitted>(next, new Propose(Data("after")));
        AdvanceUntil(() => _machines[next].Applied.SequenceEqual(["before", "after"]), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void When_the_leader_dies_another_is_elected_and_committed_entries_survive_a_restart_from_disk()
    {
        var leader = AwaitLeader();
        for (var i = 0; i < 30; i++) Request<ProposalCommitted>(leader, new Propose(Data($"e{i}")));
        Sys.Stop(_nodes[leader]);
        _network.Isolate(leader);
        RunUntilIdle();
        var next = AwaitLeader(other: leader);
        Request<ProposalCommitted>(next, new Propose(Data("e30")));
        _machines[next].Applied.Should().Equal(Enumerable.Range(0, 31).Select(i => $"e{i}"));
        _disks[next].Load().Snapshot.Should().NotBeNull("30 entries passed the snapshot threshold of 20");

        Start(leader);
        _network.Reconnect(leader);
        AdvanceUntil(() => _machines[leader].Applied.Count == 31, TimeSpan.FromSeconds(1));
        _machines[leader].Applied.Should().Equal(_machines[next].Applied, "the restarted server recovers from its disk and catches up");
    }

    [Fact]
    public void A_server_added_through_the_leader_receives_the_log_and_a_removed_leader_hands_over()
    {
        var leader = AwaitLeader();
        for (var i = 0; i < 25; i++) Request<ProposalCommitted>(leader, new Propose(Data($"e{i}")));
        Start("n4", initialMembers: []);
        Request<MembershipChanged>(leader, new AddMember("n4")).Members.Should().BeEquivalentTo(["n1", "n2", "n3", "n4"]);
        AdvanceUntil(() => _machines["n4"].Applied.Count == 25, TimeSpan.FromSeconds(1));
        _machines["n4"].Applied.Should().Equal(_machines[leader].Applied);

        Request<MembershipChanged>(leader, new RemoveMember(leader)).Members.Should().NotContain(leader);
        var next = AwaitLeader(other: leader);
        Request<ClusterState>(next, GetClusterState.Instance).Members.Should().BeEquivalentTo(new[] { "n1", "n2", "n3", "n4" }.Where(id => id != leader));
        Request<ProposalCommitted>(next, new Propose(Data("e25")));
    }

    [Fact]
    public void A_server_restarted_by_its_supervisor_applies_each_entry_once()
    {
        var leader = AwaitLeader();
        var follower = Ids.First(id => id != leader);
        _machines[follower].FailOnce = "boom";
        foreach (var command in new[] { "a", "boom", "c" }) Request<ProposalCommitted>(leader, new Propose(Data(command)));
        AdvanceUntil(() => _machines[follower].Applied.Count >= 3, TimeSpan.FromSeconds(2));
        _machines[follower].Applied.Should().Equal("a", "boom", "c");
    }
}
