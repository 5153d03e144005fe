namespace Mesos.Actors.Cluster;

/// <summary>
/// Carries messages between servers, best effort: a message may be lost, duplicated, delayed or reordered, and Raft
/// stays safe. Send must not block the caller.
/// </summary>
public interface IRaftTransport
{
    void Send(RaftMessage message);
}
