namespace Mesos.Actors.Cluster;

/// <summary>Storage that lives as long as the object: for simulations (a crash keeps it, as a disk would) and for tests.</summary>
public sealed class InMemoryRaftStorage : IRaftStorage
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private HardState _hardState = HardState.Empty;
    private RaftSnapshot? _snapshot;

    public RaftPersistentState Load()
    {
        lock (_lock) return new RaftPersistentState(_hardState, _snapshot, _entries.ToArray());
    }

    public void Save(RaftWrite write)
    {
        lock (_lock)
        {
            if (write.HardState is { } hardState) _hardState = hardState;
            if (write.Snapshot is { } snapshot)
            {
                _snapshot = snapshot;
                if (write.DiscardLog) _entries.Clear();
                else _entries.RemoveAll(e => e.Index <= snapshot.LastIndex);
            }
            if (write.Entries.Count > 0)
            {
                var first = write.Entries[0].Index;
                _entries.RemoveAll(e => e.Index >= first);
                _entries.AddRange(write.Entries);
            }
        }
    }

    public void Dispose()
    {
    }
}
