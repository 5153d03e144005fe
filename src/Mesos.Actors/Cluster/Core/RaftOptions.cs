namespace Mesos.Actors.Cluster;

/// <summary>
/// The tunables of one Raft server, counted in ticks of <see cref="TickInterval"/>. Defaults: 10 ms ticks, an election
/// timeout drawn from 150–300 ms, a heartbeat every 50 ms.
/// </summary>
public sealed record RaftOptions
{
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The least election timeout; each timeout is drawn from [ElectionTicks, 2 × ElectionTicks) (Raft §5.2).</summary>
    public int ElectionTicks { get; init; } = 15;

    public int HeartbeatTicks { get; init; } = 5;

    /// <summary>Most entries in one AppendEntries.</summary>
    public int MaxEntriesPerMessage { get; init; } = 1024;

    /// <summary>Most AppendEntries in flight to one follower while it keeps up (pipelining).</summary>
    public int MaxInflightMessages { get; init; } = 64;

    public bool PreVote { get; init; } = true;

    public bool CheckQuorum { get; init; } = true;

    public void Validate()
    {
        if (ElectionTicks <= HeartbeatTicks) throw new ArgumentException("ElectionTicks must exceed HeartbeatTicks.");
        if (HeartbeatTicks < 1 || MaxEntriesPerMessage < 1 || MaxInflightMessages < 1 || TickInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Raft options must be positive.");
        }
    }
}
