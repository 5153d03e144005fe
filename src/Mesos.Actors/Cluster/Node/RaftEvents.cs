namespace Mesos.Actors.Cluster;

/// <summary>Published on the event stream when this server becomes leader: start the leader-only actors.</summary>
public sealed record BecameLeader(string Node, long Term);

/// <summary>Published on the event stream when this server stops leading: stop them.</summary>
public sealed record LostLeadership(string Node, long Term);
