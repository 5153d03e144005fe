using Mesos.Actors.Runtime;

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

    /// <summary>
    /// Where the server runs. It blocks on one synced write per batch; on a local disk that takes well under a
    /// millisecond, and the thread pool then answers in 0.3 ms where a dedicated thread's wake-up costs 2.5 ms
    /// (docs/PERFORMANCE.md). On a slow disk, name "blocking-io-dispatcher" instead.
    /// </summary>
    public string Dispatcher { get; init; } = Props.DefaultDispatcherId;

    /// <summary>The seed of election timeouts; null for a random one.</summary>
    public int? Seed { get; init; }
}
