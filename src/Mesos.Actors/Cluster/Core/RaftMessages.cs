namespace Mesos.Actors.Cluster;

/// <summary>A message between Raft servers. Every message carries the sender's term (Raft §5.1).</summary>
public abstract record RaftMessage(string From, string To, long Term);

/// <summary>RequestVote (Raft §5.2); with <see cref="PreVote"/>, the trial round of the thesis §9.6 that changes no term.</summary>
public sealed record RequestVote(string From, string To, long Term, long LastLogIndex, long LastLogTerm, bool PreVote, bool Transfer)
    : RaftMessage(From, To, Term);

public sealed record RequestVoteResponse(string From, string To, long Term, bool Granted, bool PreVote)
    : RaftMessage(From, To, Term);

/// <summary>AppendEntries carrying entries (Raft §5.3).</summary>
public sealed record AppendEntries(string From, string To, long Term, long PrevLogIndex, long PrevLogTerm, IReadOnlyList<LogEntry> Entries, long LeaderCommit)
    : RaftMessage(From, To, Term);

/// <summary>
/// The answer to AppendEntries or InstallSnapshot. On success <see cref="MatchIndex"/> is the last index known to match;
/// on failure <see cref="RejectedIndex"/> is the PrevLogIndex refused and the conflict fields let the leader skip a whole term back.
/// </summary>
public sealed record AppendEntriesResponse(string From, string To, long Term, bool Success, long MatchIndex, long RejectedIndex, long ConflictIndex, long ConflictTerm)
    : RaftMessage(From, To, Term);

/// <summary>An empty AppendEntries: keeps followers quiet and, with <see cref="ReadContext"/>, confirms leadership for ReadIndex (Raft thesis §6.4).</summary>
public sealed record Heartbeat(string From, string To, long Term, long Commit, long ReadContext)
    : RaftMessage(From, To, Term);

public sealed record HeartbeatResponse(string From, string To, long Term, long ReadContext)
    : RaftMessage(From, To, Term);

/// <summary>InstallSnapshot (Raft §7), sent whole.</summary>
public sealed record InstallSnapshot(string From, string To, long Term, RaftSnapshot Snapshot)
    : RaftMessage(From, To, Term);

/// <summary>Tells the target of a leadership transfer to start an election now (Raft thesis §3.10).</summary>
public sealed record TimeoutNow(string From, string To, long Term)
    : RaftMessage(From, To, Term);
