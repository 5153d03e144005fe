namespace Mesos.Actors.Cluster;

/// <summary>Log compaction and InstallSnapshot (Raft §7).</summary>
internal sealed partial class RaftCore
{
    /// <summary>
    /// Replaces the log up to <paramref name="index"/> (already applied) by a snapshot of the application's state there.
    /// </summary>
    public void Compact(long index, byte[] data)
    {
        if (index > Applied) throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is not applied yet (applied {Applied}).");
        if (index <= Log.SnapshotIndex) return;
        var term = Log.TermAt(index) ?? throw new InvalidOperationException($"No term at {index}.");
        var snapshot = new RaftSnapshot(index, term, ConfigurationAt(index), data);
        Log.CompactTo(index, term);
        Snapshot = snapshot;
        _snapshotToPersist = snapshot;
        PruneConfigurationsBefore(index);
    }

    private void SendSnapshot(string peer, Progress progress)
    {
        var snapshot = Snapshot ?? throw new InvalidOperationException("The log is compacted but no snapshot exists.");
        Send(new InstallSnapshot(Id, peer, Term, snapshot));
        progress.BecomeSnapshot(snapshot.LastIndex, _ticks);
    }
}
