namespace Mesos.Actors.Cluster;

/// <summary>What a server must remember across a crash before it answers anyone (Raft Figure 2, "persistent state").</summary>
public sealed record HardState(long Term, string? VotedFor)
{
    public static readonly HardState Empty = new(0, null);
}
