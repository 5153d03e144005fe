using Mesos.Actors.Cluster;

namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>One simulated server: its disk survives crashes; its core, state machine and pending requests do not.</summary>
internal sealed class SimNode(string id, int tickOffset)
{
    public string Id { get; } = id;
    public int TickOffset { get; } = tickOffset;
    public InMemoryRaftStorage Storage { get; } = new();
    public RaftCore? Core { get; set; }
    public KeyValueStore Store { get; } = new();
    public long Applied { get; set; }
    public int Incarnation { get; set; }

    /// <summary>Proposals of clients waiting to be applied here, by index.</summary>
    public Dictionary<long, (long Term, SimClient Client, long RequestId)> PendingWrites { get; } = [];

    public Dictionary<long, SimClient> PendingReads { get; } = [];

    /// <summary>Reads confirmed by a quorum, waiting for the state machine to reach their index.</summary>
    public List<(long Index, SimClient Client, long RequestId)> ConfirmedReads { get; } = [];

    public bool IsUp => Core is not null;
}
