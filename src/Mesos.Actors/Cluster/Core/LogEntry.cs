namespace Mesos.Actors.Cluster;

public enum EntryType
{
    /// <summary>A command of the application.</summary>
    Command = 0,

    /// <summary>The empty entry a new leader appends so that it can commit in its own term (Raft §5.4.2, §8).</summary>
    Noop = 1,

    /// <summary>A new member list; it takes effect as soon as it is appended (Raft thesis §4.1).</summary>
    Configuration = 2,
}

/// <summary>One entry of the replicated log.</summary>
public sealed record LogEntry(long Term, long Index, EntryType Type, byte[] Data);
