namespace Mesos.Actors.Cluster;

/// <summary>How one server of the group is set up.</summary>
public sealed record RaftNodeSettings
{
    /// <summary>This server's id: its "host:port", which is also where its peers reach it.</summary>
    public required string Self { get; init; }

    /// <summary>The servers of a new group (all of them, this one included); ignored once the log holds a configuration.</summary>
    public required IReadOnlyList<string> InitialMembers { get; init; }

    public RaftOptions Raft { get; init; } = new();

    /// <summary>Compact the log once this many applied entries follow the last snapshot.</summary>
    public int SnapshotEvery { get; init; } = 10_000;

    /// <summary>The seed of election timeouts; null for a random one.</summary>
    public int? Seed { get; init; }
}
