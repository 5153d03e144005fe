namespace Mesos.Actors.Cluster;

/// <summary>
/// One Raft server as a pure state machine: fed messages (<see cref="Step"/>), ticks (<see cref="Tick"/>) and requests,
/// it answers with a <see cref="RaftReady"/> of things to persist, send and apply. No clock, no I/O, no threads; the
/// only randomness (election timeouts) comes from the injected generator, so a seeded run replays exactly.
/// Partial files follow the Raft paper: election, follower, leader, replication, snapshots, membership, transfer, reads.
/// </summary>
internal sealed partial class RaftCore
{
    private readonly RaftOptions _options;
    private readonly Random _random;
    private readonly List<RaftMessage> _outbox = [];
    private HardState _persistedHardState;
    private RaftSnapshot? _snapshotToPersist;
    private bool _restoreSnapshot;
    private LeadershipChange? _leadership;
    private int _electionElapsed;
    private int _heartbeatElapsed;
    private int _randomizedElectionTimeout;
    private int _ticks;

    public RaftCore(string id, RaftOptions options, Random random, HardState hardState, RaftSnapshot? snapshot,
        IEnumerable<LogEntry> entries, IReadOnlyList<string> initialMembers)
    {
        options.Validate();
        Id = id;
        _options = options;
        _random = random;
        Term = hardState.Term;
        VotedFor = hardState.VotedFor;
        _persistedHardState = hardState;
        Snapshot = snapshot;
        Log = new RaftLog(snapshot?.LastIndex ?? 0, snapshot?.LastTerm ?? 0, entries);
        Commit = Applied = Log.SnapshotIndex;
        InitConfigurations(snapshot, initialMembers);
        BecomeFollower(Term, null);
        _leadership = null;
    }

    public string Id { get; }
    public long Term { get; private set; }
    public string? VotedFor { get; private set; }
    public string? Leader { get; private set; }
    public RaftRole Role { get; private set; }
    public long Commit { get; private set; }

    /// <summary>The last index handed to the driver to apply.</summary>
    public long Applied { get; private set; }

    public RaftLog Log { get; }

    /// <summary>The latest snapshot, taken here or installed from a leader.</summary>
    public RaftSnapshot? Snapshot { get; private set; }

    public bool IsLeader => Role == RaftRole.Leader;

    /// <summary>Handles one message from another server.</summary>
    public void Step(RaftMessage message)
    {
        if (message.To != Id) return;
        if (message.Term > Term)
        {
            if (message is RequestVote vote && !vote.Transfer && InLease())
            {
                // A server that hears from a leader ignores candidates, so that a removed or partitioned server
                // cannot depose a working leader (Raft thesis §4.2.3).
                return;
            }
            if (!IsPreVoteTraffic(message))
            {
                var leader = message is AppendEntries or Heartbeat or InstallSnapshot ? message.From : null;
                BecomeFollower(message.Term, leader);
            }
        }
        else if (message.Term < Term)
        {
            AnswerStaleMessage(message);
            return;
        }

        switch (message)
        {
            case RequestVote vote:
                HandleRequestVote(vote);
                break;
            case RequestVoteResponse response:
                HandleVoteResponse(response);
                break;
            case AppendEntriesResponse response:
                if (IsLeader) HandleAppendResponse(response);
                break;
            case HeartbeatResponse response:
                if (IsLeader) HandleHeartbeatResponse(response);
                break;
            case AppendEntries or Heartbeat or InstallSnapshot or TimeoutNow:
                StepFollowerMessage(message);
                break;
        }
    }

    /// <summary>One tick of the logical clock: drives election timeouts, heartbeats and the quorum check.</summary>
    public void Tick()
    {
        _ticks++;
        if (IsLeader)
        {
            TickLeader();
            return;
        }
        _electionElapsed++;
        if (IsVoter && _electionElapsed >= _randomizedElectionTimeout)
        {
            Campaign(preVote: _options.PreVote, transfer: false);
        }
    }

    /// <summary>Takes everything produced since the last call. The caller must honour the order described on <see cref="RaftReady"/>.</summary>
    public RaftReady TakeReady()
    {
        if (IsLeader) FlushLeader();
        var hardState = new HardState(Term, VotedFor);
        var changedHardState = hardState == _persistedHardState ? null : hardState;
        _persistedHardState = hardState;
        var entries = Log.TakeUnpersisted();
        var committed = Commit > Applied ? Log.Slice(Math.Max(Applied + 1, Log.FirstIndex), Commit) : [];
        Applied = Commit;
        var ready = new RaftReady
        {
            HardState = changedHardState,
            Snapshot = _snapshotToPersist,
            RestoreSnapshot = _restoreSnapshot,
            Entries = entries,
            Messages = _outbox.ToArray(),
            Committed = committed,
            ReadStates = TakeReadStates(),
            Leadership = _leadership,
        };
        _outbox.Clear();
        _snapshotToPersist = null;
        _restoreSnapshot = false;
        _leadership = null;
        return ready;
    }

    private bool InLease() =>
        _options.CheckQuorum && Leader is not null && _electionElapsed < _options.ElectionTicks;

    private static bool IsPreVoteTraffic(RaftMessage message) =>
        message is RequestVote { PreVote: true } or RequestVoteResponse { PreVote: true, Granted: true };

    private void AnswerStaleMessage(RaftMessage message)
    {
        switch (message)
        {
            case AppendEntries or Heartbeat when _options.CheckQuorum || _options.PreVote:
                // A deposed leader that cannot see a higher term would keep sending forever; tell it (etcd does the same).
                Send(new AppendEntriesResponse(Id, message.From, Term, false, 0, 0, 0, 0));
                break;
            case RequestVote { PreVote: true }:
                Send(new RequestVoteResponse(Id, message.From, Term, false, true));
                break;
        }
    }

    private void BecomeFollower(long term, string? leader)
    {
        var wasLeader = IsLeader;
        if (term != Term)
        {
            Term = term;
            VotedFor = null;
        }
        Role = RaftRole.Follower;
        Leader = leader;
        ResetTimers();
        ResetLeaderState();
        if (wasLeader) _leadership = new LeadershipChange(false, Term);
    }

    private void ResetTimers()
    {
        _electionElapsed = 0;
        _heartbeatElapsed = 0;
        _randomizedElectionTimeout = _options.ElectionTicks + _random.Next(_options.ElectionTicks);
    }

    private void Send(RaftMessage message) => _outbox.Add(message);

    private void CommitTo(long index)
    {
        if (index > Commit) Commit = Math.Min(index, Log.LastIndex);
    }
}
