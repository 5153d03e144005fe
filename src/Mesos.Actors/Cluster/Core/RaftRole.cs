namespace Mesos.Actors.Cluster;

public enum RaftRole
{
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}
