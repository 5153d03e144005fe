namespace Mesos.Actors.Cluster;

/// <summary>
/// Linearizable reads without writing to the log (Raft thesis §6.4): note the commit index, confirm leadership with a
/// round of heartbeats, then answer once the state machine has applied that index.
/// </summary>
internal sealed partial class RaftCore
{
    private readonly List<long> _readsAwaitingCommit = [];
    private readonly List<PendingRead> _pendingReads = [];
    private readonly List<ReadState> _readStates = [];
    private long _readSequence;
    private bool _readBroadcastPending;

    /// <summary>Registers a read; false when this server is not the leader.</summary>
    public bool ReadIndex(long requestId)
    {
        if (!IsLeader) return false;
        // Until an entry of its own term commits, the leader's commit index may be behind the cluster's (§6.4 step 1).
        if (Log.TermAt(Commit) != Term) _readsAwaitingCommit.Add(requestId);
        else RegisterRead(requestId);
        return true;
    }

    private void RegisterRead(long requestId)
    {
        if (Members.Count == 1 && IsVoter)
        {
            _readStates.Add(new ReadState(requestId, Commit));
            return;
        }
        _readSequence++;
        var read = new PendingRead(requestId, Commit, _readSequence);
        if (IsVoter) read.Acks.Add(Id);
        _pendingReads.Add(read);
        _readBroadcastPending = true;
        _broadcastPending = true;
    }

    private void ReleaseReadsAwaitingCommit()
    {
        foreach (var requestId in _readsAwaitingCommit) RegisterRead(requestId);
        _readsAwaitingCommit.Clear();
    }

    /// <summary>One heartbeat round confirms every read registered before it.</summary>
    private void FlushReads()
    {
        if (!_readBroadcastPending) return;
        _readBroadcastPending = false;
        _heartbeatElapsed = 0;
        BroadcastHeartbeat(_readSequence);
    }

    private void AcknowledgeRead(string from, long sequence)
    {
        if (!Members.Contains(from)) return;
        foreach (var read in _pendingReads)
        {
            if (read.Sequence > sequence) break;
            read.Acks.Add(from);
        }
        var members = Members;
        var confirmed = 0;
        while (confirmed < _pendingReads.Count && members.Count(_pendingReads[confirmed].Acks.Contains) >= Quorum) confirmed++;
        for (var i = 0; i < confirmed; i++) _readStates.Add(new ReadState(_pendingReads[i].RequestId, _pendingReads[i].Index));
        _pendingReads.RemoveRange(0, confirmed);
    }

    private List<ReadState> TakeReadStates()
    {
        if (_readStates.Count == 0) return [];
        var states = _readStates.ToList();
        _readStates.Clear();
        return states;
    }

    private void DropReads()
    {
        _readsAwaitingCommit.Clear();
        _pendingReads.Clear();
        _readBroadcastPending = false;
    }

    private sealed record PendingRead(long RequestId, long Index, long Sequence)
    {
        public HashSet<string> Acks { get; } = [];
    }
}
