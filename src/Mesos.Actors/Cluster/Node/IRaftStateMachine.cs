namespace Mesos.Actors.Cluster;

/// <summary>
/// The application replicated by Raft. Called on the RaftNode's thread, in log order, only with entries that are
/// committed and durable on this server.
/// </summary>
public interface IRaftStateMachine
{
    /// <summary>Applies one committed entry (commands; the Raft-internal no-op and configuration entries come too, to skip).</summary>
    void Apply(LogEntry entry);

    /// <summary>The state after the last applied entry, for log compaction.</summary>
    byte[] TakeSnapshot();

    /// <summary>
    /// Replaces the state by a snapshot: at every start of the RaftNode (with empty <see cref="RaftSnapshot.Data"/>
    /// when none was taken yet, meaning the initial state) and when the leader sends one.
    /// </summary>
    void Restore(RaftSnapshot snapshot);
}
