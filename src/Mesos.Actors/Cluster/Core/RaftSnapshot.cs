namespace Mesos.Actors.Cluster;

/// <summary>The application's state up to <see cref="LastIndex"/>, with the configuration in force there (Raft §7).</summary>
public sealed record RaftSnapshot(long LastIndex, long LastTerm, IReadOnlyList<string> Members, byte[] Data);
