namespace Mesos.Actors.Cluster;

internal enum ProposeStatus
{
    Appended,
    NotLeader,

    /// <summary>A leadership transfer or a configuration change is under way; retry later.</summary>
    Busy,
}

internal readonly record struct ProposeResult(ProposeStatus Status, long Index, long Term, string? LeaderHint);
