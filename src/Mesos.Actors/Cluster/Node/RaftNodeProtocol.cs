namespace Mesos.Actors.Cluster;

/// <summary>Appends <see cref="Data"/> to the replicated log. Answered with <see cref="ProposalCommitted"/>, <see cref="NotLeader"/> or <see cref="ProposalFailed"/>.</summary>
public sealed record Propose(byte[] Data);

/// <summary>The entry is committed and applied to the local state machine at <see cref="Index"/>.</summary>
public sealed record ProposalCommitted(long Index, long Term);

/// <summary>This server does not lead; <see cref="LeaderHint"/> names the leader it follows, if it knows one.</summary>
public sealed record NotLeader(string? LeaderHint);

/// <summary>
/// The request did not complete here. When leadership was lost after the entry was appended, the entry may still
/// commit under the next leader: the caller cannot know, and must make its commands safe to retry.
/// </summary>
public sealed record ProposalFailed(string Reason, string? LeaderHint);

/// <summary>A linearizable read (Raft thesis §6.4): answered with <see cref="ReadIndexReady"/> once the local state machine may be read.</summary>
public sealed record ReadIndex
{
    public static readonly ReadIndex Instance = new();
}

/// <summary>The state machine has applied at least <see cref="Index"/>, and this server was the leader when the read arrived.</summary>
public sealed record ReadIndexReady(long Index);

/// <summary>Adds one server (Raft thesis §4.1); answered with <see cref="MembershipChanged"/> once the change commits.</summary>
public sealed record AddMember(string Member);

/// <summary>Removes one server; a leader that removes itself steps down once the change commits.</summary>
public sealed record RemoveMember(string Member);

public sealed record MembershipChanged(long Index, IReadOnlyList<string> Members);

/// <summary>Hands leadership to <see cref="Target"/>, or to the most up-to-date follower when null (for a graceful shutdown).</summary>
public sealed record TransferLeadership(string? Target);

/// <summary>The transfer began; <see cref="LostLeadership"/> follows on the event stream when it succeeds.</summary>
public sealed record TransferStarted(string Target);

public sealed record GetClusterState
{
    public static readonly GetClusterState Instance = new();
}

public sealed record ClusterState(string Self, string? Leader, long Term, RaftRole Role, IReadOnlyList<string> Members, long CommitIndex, long AppliedIndex);
