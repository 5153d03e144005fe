namespace Mesos.Actors.Cluster;

/// <summary>What a server recovers after a restart.</summary>
public sealed record RaftPersistentState(HardState HardState, RaftSnapshot? Snapshot, IReadOnlyList<LogEntry> Entries);

/// <summary>
/// One atomic, synced write. Applied in this order: the hard state; the snapshot (entries it covers are dropped, and
/// all entries when <see cref="DiscardLog"/>); then <see cref="Entries"/>, replacing any stored entry at or after the first.
/// </summary>
public sealed record RaftWrite(HardState? HardState, RaftSnapshot? Snapshot, bool DiscardLog, IReadOnlyList<LogEntry> Entries);

/// <summary>
/// Durable storage of one Raft server. <see cref="Save"/> returns only once the write is on stable storage, because
/// the server answers votes and AppendEntries on the strength of it (Raft Figure 2).
/// </summary>
public interface IRaftStorage : IDisposable
{
    RaftPersistentState Load();

    void Save(RaftWrite write);
}
