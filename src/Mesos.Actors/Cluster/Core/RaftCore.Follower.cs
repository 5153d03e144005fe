namespace Mesos.Actors.Cluster;

/// <summary>What a follower does with the leader's messages (Raft §5.3, §7; thesis §3.10).</summary>
internal sealed partial class RaftCore
{
    private void StepFollowerMessage(RaftMessage message)
    {
        if (message is TimeoutNow)
        {
            if (Role == RaftRole.Follower && IsVoter) Campaign(preVote: false, transfer: true);
            return;
        }
        if (Role != RaftRole.Follower) BecomeFollower(Term, message.From);
        Leader = message.From;
        _electionElapsed = 0;
        switch (message)
        {
            case AppendEntries append:
                HandleAppendEntries(append);
                break;
            case Heartbeat heartbeat:
                // The leader sends min(match, commit), so everything up to it is in our log as in the leader's.
                CommitTo(Math.Min(heartbeat.Commit, Log.LastIndex));
                Send(new HeartbeatResponse(Id, heartbeat.From, Term, heartbeat.ReadContext));
                break;
            case InstallSnapshot install:
                HandleInstallSnapshot(install);
                break;
        }
    }

    private void HandleAppendEntries(AppendEntries append)
    {
        if (append.PrevLogIndex < Commit)
        {
            Send(Accepted(append.From, Commit));
            return;
        }
        if (!Log.Matches(append.PrevLogIndex, append.PrevLogTerm))
        {
            var (conflictIndex, conflictTerm) = append.PrevLogIndex > Log.LastIndex
                ? (Log.LastIndex + 1, 0L)
                : (Log.FirstIndexOfTermAt(append.PrevLogIndex), Log.TermAt(append.PrevLogIndex) ?? 0);
            Send(new AppendEntriesResponse(Id, append.From, Term, false, 0, append.PrevLogIndex, conflictIndex, conflictTerm));
            return;
        }
        foreach (var entry in append.Entries)
        {
            var existing = Log.TermAt(entry.Index);
            if (existing == entry.Term) continue;
            if (existing is not null)
            {
                if (entry.Index <= Commit) throw new InvalidOperationException($"{Id}: the leader conflicts with committed index {entry.Index}.");
                Log.TruncateFrom(entry.Index);
                DropConfigurationsFrom(entry.Index);
            }
            AppendToLog(entry);
        }
        var lastNew = append.PrevLogIndex + append.Entries.Count;
        CommitTo(Math.Min(append.LeaderCommit, lastNew));
        Send(Accepted(append.From, lastNew));
    }

    private void HandleInstallSnapshot(InstallSnapshot install)
    {
        var snapshot = install.Snapshot;
        if (snapshot.LastIndex <= Commit)
        {
            Send(Accepted(install.From, Commit));
            return;
        }
        if (Log.Matches(snapshot.LastIndex, snapshot.LastTerm))
        {
            // We hold the snapshot's last entry: keep the log after it (Raft §7, "retain the following entries").
            CommitTo(snapshot.LastIndex);
            Send(Accepted(install.From, Commit));
            return;
        }
        Log.ResetTo(snapshot.LastIndex, snapshot.LastTerm);
        Snapshot = snapshot;
        _snapshotToPersist = snapshot;
        _restoreSnapshot = true;
        Commit = Applied = snapshot.LastIndex;
        ResetConfigurations(snapshot.LastIndex, snapshot.Members);
        Send(Accepted(install.From, snapshot.LastIndex));
    }

    private AppendEntriesResponse Accepted(string to, long match) => new(Id, to, Term, true, match, 0, 0, 0);

    /// <summary>Appends an entry, and a configuration entry takes effect at once (thesis §4.1).</summary>
    private void AppendToLog(LogEntry entry)
    {
        Log.Append(entry);
        if (entry.Type == EntryType.Configuration) AddConfiguration(entry.Index, Membership.Decode(entry.Data));
    }
}
