namespace Mesos.Actors.Cluster;

/// <summary>Log replication and commitment (Raft §5.3, §5.4.2), pipelined per follower.</summary>
internal sealed partial class RaftCore
{
    private void AddProgress(string member)
    {
        if (member == Id || _progress.ContainsKey(member)) return;
        _progress[member] = new Progress(Log.LastIndex + 1) { MaxInflight = _options.MaxInflightMessages };
    }

    private void BroadcastAppend(bool allowEmpty)
    {
        foreach (var peer in _progress.Keys) SendAppends(peer, allowEmpty);
    }

    /// <summary>Sends as many AppendEntries as the follower's flow control allows.</summary>
    private void SendAppends(string peer, bool allowEmpty)
    {
        var progress = _progress[peer];
        while (!progress.IsPaused)
        {
            if (progress.Next < Log.FirstIndex)
            {
                SendSnapshot(peer, progress);
                return;
            }
            var entries = Log.Slice(progress.Next, Log.LastIndex, _options.MaxEntriesPerMessage);
            if (entries.Count == 0 && !allowEmpty) return;
            var prevIndex = progress.Next - 1;
            var prevTerm = Log.TermAt(prevIndex) ?? throw new InvalidOperationException($"No term at {prevIndex}.");
            Send(new AppendEntries(Id, peer, Term, prevIndex, prevTerm, entries, Commit));
            progress.Sent(prevIndex + entries.Count);
            if (entries.Count == 0 || progress.State != ReplicationState.Replicate) return;
            allowEmpty = false;
        }
    }

    private void HandleAppendResponse(AppendEntriesResponse response)
    {
        if (!_progress.TryGetValue(response.From, out var progress)) return;
        progress.RecentActive = true;
        if (!response.Success)
        {
            HandleRejection(response, progress);
            return;
        }
        if (!progress.MaybeUpdate(response.MatchIndex))
        {
            SendAppends(response.From, allowEmpty: false);
            return;
        }
        if (progress.State == ReplicationState.Probe
            || (progress.State == ReplicationState.Snapshot && progress.Match >= progress.PendingSnapshotIndex))
        {
            progress.BecomeReplicate();
        }
        if (MaybeCommit()) BroadcastAppend(allowEmpty: true);
        else SendAppends(response.From, allowEmpty: false);
        if (_transferee == response.From && progress.Match == Log.LastIndex) SendTimeoutNow();
    }

    private void HandleRejection(AppendEntriesResponse response, Progress progress)
    {
        var stale = response.RejectedIndex <= progress.Match
            || progress.State == ReplicationState.Snapshot
            || (progress.State == ReplicationState.Probe && response.RejectedIndex != progress.Next - 1);
        if (stale) return;
        // Skip back a whole term at a time rather than one entry per round trip (Raft §5.3, last paragraphs).
        var next = response.ConflictTerm > 0 && Log.LastIndexOfTerm(response.ConflictTerm) is { } last
            ? last + 1
            : response.ConflictIndex;
        progress.BecomeProbe();
        progress.Next = Math.Clamp(next, progress.Match + 1, response.RejectedIndex);
        SendAppends(response.From, allowEmpty: true);
    }

    private void HandleHeartbeatResponse(HeartbeatResponse response)
    {
        if (!_progress.TryGetValue(response.From, out var progress)) return;
        progress.RecentActive = true;
        progress.FreeOne();
        if (progress.State == ReplicationState.Snapshot && _ticks - progress.SnapshotSentAtTick >= _options.ElectionTicks)
        {
            progress.BecomeProbe();
        }
        if (progress.Match < Log.LastIndex && progress.State == ReplicationState.Replicate && progress.Match == progress.MatchAtLastHeartbeat)
        {
            // No progress over a whole heartbeat: an AppendEntries was lost, so probe again from the match point.
            progress.BecomeProbe();
        }
        progress.MatchAtLastHeartbeat = progress.Match;
        if (progress.Match < Log.LastIndex) SendAppends(response.From, allowEmpty: false);
        if (response.ReadContext > 0) AcknowledgeRead(response.From, response.ReadContext);
    }

    /// <summary>
    /// Advances the commit index to the highest index stored on a majority, but only when that entry is of the
    /// current term: an older entry may be replicated on a majority and still be overwritten (Raft §5.4.2, Figure 8).
    /// </summary>
    private bool MaybeCommit()
    {
        var members = Members;
        var matches = new long[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            matches[i] = members[i] == Id ? Log.LastIndex : _progress.TryGetValue(members[i], out var p) ? p.Match : 0;
        }
        Array.Sort(matches);
        var candidate = matches[members.Count - Quorum];
        if (candidate <= Commit || Log.TermAt(candidate) != Term) return false;
        var firstInTerm = Log.TermAt(Commit) != Term;
        Commit = candidate;
        if (firstInTerm) ReleaseReadsAwaitingCommit();
        StepDownIfRemoved();
        return true;
    }
}
