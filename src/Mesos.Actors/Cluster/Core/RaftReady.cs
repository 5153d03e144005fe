namespace Mesos.Actors.Cluster;

/// <summary>A confirmed linearizable read: answer it once the state machine has applied <see cref="Index"/> (Raft thesis §6.4).</summary>
public sealed record ReadState(long RequestId, long Index);

/// <summary>
/// What the state machine asks its driver to do, in this order: persist (and sync) <see cref="HardState"/>,
/// <see cref="Snapshot"/> and <see cref="Entries"/>; only then send <see cref="Messages"/>, restore the snapshot when
/// <see cref="RestoreSnapshot"/>, apply <see cref="Committed"/> and answer <see cref="ReadStates"/>.
/// </summary>
internal sealed class RaftReady
{
    public HardState? HardState { get; init; }
    public RaftSnapshot? Snapshot { get; init; }

    /// <summary>The snapshot came from the leader and replaces the whole log and the state machine.</summary>
    public bool RestoreSnapshot { get; init; }

    /// <summary>Entries to write; any stored entry at or after the first of them is replaced.</summary>
    public IReadOnlyList<LogEntry> Entries { get; init; } = [];
    public IReadOnlyList<RaftMessage> Messages { get; init; } = [];
    public IReadOnlyList<LogEntry> Committed { get; init; } = [];
    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    /// <summary>Set when leadership changed since the last Ready: the term now led, or null when no longer leader.</summary>
    public LeadershipChange? Leadership { get; init; }

    public bool NeedsPersistence => HardState is not null || Snapshot is not null || Entries.Count > 0;

    public bool IsEmpty => !NeedsPersistence && Messages.Count == 0 && Committed.Count == 0 && ReadStates.Count == 0 && Leadership is null;
}

internal sealed record LeadershipChange(bool IsLeader, long Term);
