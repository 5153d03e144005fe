namespace Mesos.Actors.Cluster;

/// <summary>The leader's own duties: its first entry, proposals, heartbeats and CheckQuorum (Raft §5.2, §8; thesis §6.2).</summary>
internal sealed partial class RaftCore
{
    private Dictionary<string, Progress> _progress = [];
    private bool _broadcastPending;

    private void BecomeLeader()
    {
        Role = RaftRole.Leader;
        Leader = Id;
        ResetTimers();
        _progress = [];
        foreach (var member in Members) AddProgress(member);
        _leadership = new LeadershipChange(true, Term);
        // A leader cannot know which earlier entries are committed until it commits one of its own term (Raft §5.4.2, §8).
        AppendAsLeader(EntryType.Noop, []);
    }

    /// <summary>Appends a command if this server leads and no transfer is under way.</summary>
    public ProposeResult Propose(byte[] data)
    {
        if (!IsLeader) return new ProposeResult(ProposeStatus.NotLeader, 0, Term, Leader);
        // The thesis (§3.10) stops client requests during a transfer so that the target can catch up.
        if (_transferee is not null) return new ProposeResult(ProposeStatus.Busy, 0, Term, Leader);
        var entry = AppendAsLeader(EntryType.Command, data);
        return new ProposeResult(ProposeStatus.Appended, entry.Index, entry.Term, Id);
    }

    private LogEntry AppendAsLeader(EntryType type, byte[] data)
    {
        var entry = new LogEntry(Term, Log.LastIndex + 1, type, data);
        AppendToLog(entry);
        _broadcastPending = true;
        return entry;
    }

    /// <summary>Sends what accumulated since the last Ready in as few messages as flow control allows (batching).</summary>
    private void FlushLeader()
    {
        if (!_broadcastPending) return;
        _broadcastPending = false;
        // A new commit index goes out even to followers with nothing new to receive.
        BroadcastAppend(allowEmpty: MaybeCommit());
        FlushReads();
    }

    private void TickLeader()
    {
        _heartbeatElapsed++;
        _electionElapsed++;
        if (_electionElapsed >= _options.ElectionTicks)
        {
            _electionElapsed = 0;
            if (_options.CheckQuorum && !QuorumActive())
            {
                // A leader cut off from a majority steps down within an election timeout (thesis §6.2).
                BecomeFollower(Term, null);
                return;
            }
            AbortTransfer();
        }
        if (_heartbeatElapsed >= _options.HeartbeatTicks)
        {
            _heartbeatElapsed = 0;
            BroadcastHeartbeat(_readSequence);
        }
    }

    private bool QuorumActive()
    {
        var active = 0;
        foreach (var member in Members)
        {
            if (member == Id || (_progress.TryGetValue(member, out var progress) && progress.RecentActive)) active++;
        }
        foreach (var progress in _progress.Values) progress.RecentActive = false;
        return active >= Quorum;
    }

    private void BroadcastHeartbeat(long readContext)
    {
        foreach (var (peer, progress) in _progress)
        {
            Send(new Heartbeat(Id, peer, Term, Math.Min(progress.Match, Commit), readContext));
        }
    }

    private void ResetLeaderState()
    {
        _progress = [];
        _broadcastPending = false;
        _transferee = null;
        _votes.Clear();
        DropReads();
    }
}
