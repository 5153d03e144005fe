using Mesos.Actors.Cluster;

namespace Mesos.Actors.Tests.Cluster;

/// <summary>Rules of the Raft paper checked on one state machine, message by message.</summary>
public sealed class RaftCoreTests
{
    private static readonly string[] Members = ["n1", "n2", "n3"];

    private static RaftCore NewCore(HardState? hardState = null, params LogEntry[] entries) =>
        new("n1", new RaftOptions(), new Random(7), hardState ?? HardState.Empty, null, entries, Members);

    /// <summary>Ticks until n1 pre-votes, grants it n2's pre-vote and vote, and returns the leader's first Ready.</summary>
    private static RaftReady Elect(RaftCore core)
    {
        while (core.Role == RaftRole.Follower) core.Tick();
        core.TakeReady();
        core.Step(new RequestVoteResponse("n2", "n1", core.Term + 1, true, PreVote: true));
        core.Role.Should().Be(RaftRole.Candidate);
        core.TakeReady().HardState.Should().Be(new HardState(core.Term, "n1"), "the vote for itself is persisted before the requests go out");
        core.Step(new RequestVoteResponse("n2", "n1", core.Term, true, PreVote: false));
        core.IsLeader.Should().BeTrue();
        return core.TakeReady();
    }

    [Fact]
    public void A_leader_does_not_commit_an_entry_of_an_earlier_term_by_counting_replicas()
    {
        var core = NewCore(new HardState(2, null), new LogEntry(1, 1, EntryType.Command, [1]), new LogEntry(2, 2, EntryType.Command, [2]));
        Elect(core);
        core.Term.Should().Be(3);
        core.Step(new AppendEntriesResponse("n2", "n1", 3, true, 2, 0, 0, 0));
        core.Commit.Should().Be(0, "index 2 is of term 2: a majority holding it does not make it committed (Raft §5.4.2)");
        core.Step(new AppendEntriesResponse("n2", "n1", 3, true, 3, 0, 0, 0));
        core.Commit.Should().Be(3);
        core.TakeReady().Committed.Select(e => e.Index).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_new_leader_appends_a_noop_and_answers_reads_only_after_committing_it_and_hearing_from_a_majority()
    {
        var core = NewCore();
        var first = Elect(core);
        first.Entries.Should().ContainSingle(e => e.Type == EntryType.Noop);
        core.ReadIndex(42).Should().BeTrue();
        core.TakeReady().ReadStates.Should().BeEmpty("the noop is not committed yet");
        core.Step(new AppendEntriesResponse("n2", "n1", core.Term, true, 1, 0, 0, 0));
        var heartbeats = core.TakeReady().Messages.OfType<Heartbeat>().ToList();
        heartbeats.Should().NotBeEmpty();
        var context = heartbeats[0].ReadContext;
        context.Should().BePositive();
        core.TakeReady().ReadStates.Should().BeEmpty("leadership is not confirmed yet");
        core.Step(new HeartbeatResponse("n3", "n1", core.Term, context));
        core.TakeReady().ReadStates.Should().Equal(new ReadState(42, 1));
    }

    [Fact]
    public void A_follower_refuses_reads_and_proposals_and_names_the_leader()
    {
        var core = NewCore();
        core.Step(new Heartbeat("n2", "n1", 1, 0, 0));
        core.ReadIndex(1).Should().BeFalse();
        var result = core.Propose([1]);
        result.Status.Should().Be(ProposeStatus.NotLeader);
        result.LeaderHint.Should().Be("n2");
    }

    [Fact]
    public void A_server_that_heard_from_its_leader_ignores_a_candidate_with_a_higher_term()
    {
        var core = NewCore();
        core.Step(new Heartbeat("n2", "n1", 1, 0, 0));
        core.TakeReady();
        core.Step(new RequestVote("n3", "n1", 5, 10, 4, PreVote: false, Transfer: false));
        core.Term.Should().Be(1);
        core.TakeReady().Messages.Should().BeEmpty();
        core.Step(new RequestVote("n3", "n1", 5, 10, 4, PreVote: false, Transfer: true));
        core.Term.Should().Be(5, "a leadership transfer overrides the lease");
        core.TakeReady().Messages.Should().ContainSingle().Which.Should().BeOfType<RequestVoteResponse>().Which.Granted.Should().BeTrue();
    }

    [Fact]
    public void A_stale_leader_is_told_the_current_term()
    {
        var core = NewCore(new HardState(4, null));
        core.Step(new AppendEntries("n2", "n1", 2, 0, 0, [], 0));
        core.TakeReady().Messages.Should().ContainSingle().Which.Should().BeOfType<AppendEntriesResponse>().Which.Term.Should().Be(4);
    }

    [Fact]
    public void A_follower_truncates_a_conflicting_suffix_and_persists_the_replacement()
    {
        var core = NewCore(new HardState(2, null),
            new LogEntry(1, 1, EntryType.Command, [1]), new LogEntry(2, 2, EntryType.Command, [2]), new LogEntry(2, 3, EntryType.Command, [3]));
        core.TakeReady();
        core.Step(new AppendEntries("n2", "n1", 3, 1, 1, [new LogEntry(3, 2, EntryType.Command, [9])], 2));
        var ready = core.TakeReady();
        ready.Entries.Should().ContainSingle().Which.Term.Should().Be(3);
        core.Log.LastIndex.Should().Be(2);
        core.Commit.Should().Be(2);
        ready.Messages.Should().ContainSingle().Which.Should().Be(new AppendEntriesResponse("n1", "n2", 3, true, 2, 0, 0, 0));
    }

    [Fact]
    public void A_leader_steps_down_when_a_majority_stays_silent_for_an_election_timeout()
    {
        var core = NewCore();
        Elect(core);
        var options = new RaftOptions();
        for (var i = 0; i < 2 * options.ElectionTicks && core.IsLeader; i++) core.Tick();
        core.IsLeader.Should().BeFalse();
        core.TakeReady().Leadership.Should().Be(new LeadershipChange(false, core.Term));
    }
}
