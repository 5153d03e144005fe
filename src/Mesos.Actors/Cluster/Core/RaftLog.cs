namespace Mesos.Actors.Cluster;

/// <summary>
/// The log in memory: a snapshot point (index and term of the last compacted entry) followed by entries. Tracks the
/// lowest index changed since the driver last took the unpersisted suffix.
/// </summary>
internal sealed class RaftLog
{
    private readonly List<LogEntry> _entries = [];
    private long _unpersistedFrom = long.MaxValue;

    public RaftLog(long snapshotIndex, long snapshotTerm, IEnumerable<LogEntry> persisted)
    {
        SnapshotIndex = snapshotIndex;
        SnapshotTerm = snapshotTerm;
        foreach (var entry in persisted)
        {
            if (entry.Index <= snapshotIndex) continue;
            if (entry.Index != LastIndex + 1) throw new InvalidOperationException($"The stored log has a gap before index {entry.Index}.");
            _entries.Add(entry);
        }
    }

    public long SnapshotIndex { get; private set; }
    public long SnapshotTerm { get; private set; }
    public long FirstIndex => SnapshotIndex + 1;
    public long LastIndex => SnapshotIndex + _entries.Count;
    public long LastTerm => _entries.Count == 0 ? SnapshotTerm : _entries[^1].Term;

    /// <summary>The term at <paramref name="index"/>, or null when it is compacted away or beyond the end.</summary>
    public long? TermAt(long index)
    {
        if (index == SnapshotIndex) return SnapshotTerm;
        if (index < SnapshotIndex || index > LastIndex) return null;
        return _entries[(int)(index - FirstIndex)].Term;
    }

    public bool Matches(long index, long term) => TermAt(index) == term;

    public LogEntry At(long index) => _entries[(int)(index - FirstIndex)];

    /// <summary>Entries from <paramref name="from"/> to <paramref name="to"/> inclusive, at most <paramref name="max"/>.</summary>
    public List<LogEntry> Slice(long from, long to, int max = int.MaxValue)
    {
        var count = (int)Math.Min(Math.Max(0, to - from + 1), max);
        return count == 0 ? [] : _entries.GetRange((int)(from - FirstIndex), count);
    }

    /// <summary>A candidate's log is at least as up-to-date as ours (Raft §5.4.1).</summary>
    public bool IsUpToDate(long lastIndex, long lastTerm) =>
        lastTerm > LastTerm || (lastTerm == LastTerm && lastIndex >= LastIndex);

    public void Append(LogEntry entry)
    {
        if (entry.Index != LastIndex + 1) throw new InvalidOperationException($"Appending index {entry.Index} after {LastIndex}.");
        _entries.Add(entry);
        _unpersistedFrom = Math.Min(_unpersistedFrom, entry.Index);
    }

    /// <summary>Drops every entry from <paramref name="index"/> on; the caller guarantees none of them is committed.</summary>
    public void TruncateFrom(long index)
    {
        _entries.RemoveRange((int)(index - FirstIndex), (int)(LastIndex - index + 1));
        _unpersistedFrom = Math.Min(_unpersistedFrom, index);
    }

    /// <summary>The entries written since the last call, which the driver must persist before acting on them.</summary>
    public List<LogEntry> TakeUnpersisted()
    {
        if (_unpersistedFrom > LastIndex)
        {
            _unpersistedFrom = long.MaxValue;
            return [];
        }
        var result = Slice(Math.Max(_unpersistedFrom, FirstIndex), LastIndex);
        _unpersistedFrom = long.MaxValue;
        return result;
    }

    /// <summary>Forgets entries up to <paramref name="index"/>, which a snapshot now covers.</summary>
    public void CompactTo(long index, long term)
    {
        var drop = (int)Math.Min(_entries.Count, index - SnapshotIndex);
        _entries.RemoveRange(0, drop);
        SnapshotIndex = index;
        SnapshotTerm = term;
    }

    /// <summary>Replaces the whole log by a snapshot point (InstallSnapshot whose last entry we do not hold).</summary>
    public void ResetTo(long index, long term)
    {
        _entries.Clear();
        SnapshotIndex = index;
        SnapshotTerm = term;
        _unpersistedFrom = long.MaxValue;
    }

    /// <summary>The first index of the term held at <paramref name="index"/>, for the conflict hint of a rejection.</summary>
    public long FirstIndexOfTermAt(long index)
    {
        var term = TermAt(index);
        var first = index;
        while (first - 1 > SnapshotIndex && TermAt(first - 1) == term) first--;
        return first;
    }

    /// <summary>The last index holding <paramref name="term"/>, or null when the log has none.</summary>
    public long? LastIndexOfTerm(long term)
    {
        for (var i = LastIndex; i > SnapshotIndex; i--)
        {
            var t = TermAt(i);
            if (t == term) return i;
            if (t < term) return null;
        }
        return null;
    }
}
