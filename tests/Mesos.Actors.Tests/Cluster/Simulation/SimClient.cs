using Mesos.TestKit.Linearizability;

namespace Mesos.Actors.Tests.Cluster.Simulation;

/// <summary>A client with at most one operation outstanding, as in Porcupine's model of a history.</summary>
internal sealed class SimClient(int id)
{
    public int Id { get; } = id;
    public string? LeaderHint { get; set; }
    public long NextActionAt { get; set; }

    public KeyValueInput? Current { get; set; }
    public long CallTime { get; set; }
    public long Deadline { get; set; }

    /// <summary>The node and request the current operation waits on.</summary>
    public string? WaitingOn { get; set; }
    public long RequestId { get; set; }

    public bool Busy => WaitingOn is not null;
}
