namespace Mesos.Actors.Runtime;

/// <summary>The runtime's settings, bound from <c>mesos.actor</c> in hocon/reference.conf.</summary>
public sealed record ActorSettings
{
    /// <summary>Used by Ask when no timeout is given; infinite as in Akka.NET.</summary>
    public TimeSpan AskTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How many dead letters are logged before logging pauses; 0 turns it off.</summary>
    public int LogDeadLetters { get; init; } = 10;

    public TimeSpan LogDeadLettersSuspendDuration { get; init; } = TimeSpan.FromMinutes(5);

    public bool LogDeadLettersDuringShutdown { get; init; }

    public IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; } =
        new Dictionary<string, DispatcherSettings>
        {
            [Props.DefaultDispatcherId] = new(DispatcherSettings.ThreadPool, Throughput: 30, ThreadCount: 0),
        };

    public IReadOnlyDictionary<string, MailboxSettings> Mailboxes { get; init; } =
        new Dictionary<string, MailboxSettings>
        {
            [Props.DefaultMailboxId] = new(Bounded: false, Capacity: 0),
            ["bounded-mailbox"] = new(Bounded: true, Capacity: 1000),
        };

    public static ActorSettings Default { get; } = new();
}

/// <param name="Type"><c>thread-pool</c> or <c>dedicated-threads</c>.</param>
public sealed record DispatcherSettings(string Type, int Throughput, int ThreadCount)
{
    public const string ThreadPool = "thread-pool";
    public const string DedicatedThreads = "dedicated-threads";
}

public sealed record MailboxSettings(bool Bounded, int Capacity);
