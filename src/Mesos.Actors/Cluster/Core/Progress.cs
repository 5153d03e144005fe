namespace Mesos.Actors.Cluster;

internal enum ReplicationState
{
    /// <summary>One AppendEntries at a time until the follower's match point is found.</summary>
    Probe,

    /// <summary>The follower keeps up: entries stream in a pipeline of up to MaxInflightMessages.</summary>
    Replicate,

    /// <summary>The follower needs entries we compacted; a snapshot is on its way.</summary>
    Snapshot,
}

/// <summary>The leader's view of one follower: nextIndex and matchIndex of Raft Figure 2, plus flow control.</summary>
internal sealed class Progress(long next)
{
    private readonly Queue<long> _inflight = new();

    public long Match { get; set; }
    public long Next { get; set; } = next;
    public ReplicationState State { get; private set; } = ReplicationState.Probe;
    public bool ProbeSent { get; set; }

    /// <summary>Heard from since the last quorum check (CheckQuorum, Raft thesis §6.2).</summary>
    public bool RecentActive { get; set; }

    public long PendingSnapshotIndex { get; private set; }
    public int SnapshotSentAtTick { get; private set; }

    /// <summary>Match when the previous heartbeat answer came: no change in between means a lost AppendEntries.</summary>
    public long MatchAtLastHeartbeat { get; set; } = -1;

    public bool IsPaused => State switch
    {
        ReplicationState.Probe => ProbeSent,
        ReplicationState.Replicate => _inflight.Count >= MaxInflight,
        _ => true,
    };

    public int MaxInflight { get; init; } = 1;

    public void BecomeProbe()
    {
        if (State == ReplicationState.Snapshot)
        {
            Next = Math.Max(Match + 1, PendingSnapshotIndex + 1);
            PendingSnapshotIndex = 0;
        }
        else
        {
            Next = Match + 1;
        }
        State = ReplicationState.Probe;
        ProbeSent = false;
        _inflight.Clear();
    }

    public void BecomeReplicate()
    {
        State = ReplicationState.Replicate;
        Next = Match + 1;
        ProbeSent = false;
        _inflight.Clear();
    }

    public void BecomeSnapshot(long index, int tick)
    {
        State = ReplicationState.Snapshot;
        PendingSnapshotIndex = index;
        SnapshotSentAtTick = tick;
        _inflight.Clear();
    }

    /// <summary>Records an AppendEntries sent whose last entry is <paramref name="last"/>.</summary>
    public void Sent(long last)
    {
        if (State == ReplicationState.Replicate)
        {
            Next = last + 1;
            _inflight.Enqueue(last);
        }
        else
        {
            ProbeSent = true;
        }
    }

    /// <summary>Raises the match point; false when the answer is stale.</summary>
    public bool MaybeUpdate(long match)
    {
        var updated = false;
        if (Match < match)
        {
            Match = match;
            ProbeSent = false;
            updated = true;
        }
        Next = Math.Max(Next, match + 1);
        while (_inflight.Count > 0 && _inflight.Peek() <= match) _inflight.Dequeue();
        return updated;
    }

    /// <summary>A heartbeat answer shows the follower is alive: let one more message through.</summary>
    public void FreeOne()
    {
        if (State == ReplicationState.Replicate && _inflight.Count >= MaxInflight) _inflight.Dequeue();
        ProbeSent = false;
    }
}
