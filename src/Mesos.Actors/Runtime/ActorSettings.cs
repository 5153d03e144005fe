using Mesos.Actors.Configuration;

namespace Mesos.Actors.Runtime;

/// <summary>The runtime's settings, bound from <c>mesos.actor</c> in hocon/reference.conf.</summary>
public sealed record ActorSettings
{
    /// <summary>Used by Ask when no timeout is given.</summary>
    public required TimeSpan AskTimeout { get; init; }

    /// <summary>How many dead letters are logged before logging pauses; 0 turns it off.</summary>
    public required int LogDeadLetters { get; init; }

    public required TimeSpan LogDeadLettersSuspendDuration { get; init; }

    public required bool LogDeadLettersDuringShutdown { get; init; }

    public required IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; }

    public required IReadOnlyDictionary<string, MailboxSettings> Mailboxes { get; init; }

    /// <summary>The defaults of reference.conf.</summary>
    public static ActorSettings Default { get; } = FromConfig(ReferenceConfig.Get());

    /// <summary>Binds <c>mesos.actor</c>; settings the config leaves out come from reference.conf.</summary>
    public static ActorSettings FromConfig(Config config)
    {
        var actor = ReferenceConfig.WithDefaults(config).GetConfig("mesos.actor");
        var dispatchers = actor.GetConfig("dispatchers");
        var mailboxes = actor.GetConfig("mailboxes");
        return new ActorSettings
        {
            AskTimeout = actor.GetTimeSpan("ask-timeout"),
            LogDeadLetters = actor.GetInt("log-dead-letters"),
            LogDeadLettersSuspendDuration = actor.GetTimeSpan("log-dead-letters-suspend-duration"),
            LogDeadLettersDuringShutdown = actor.GetBoolean("log-dead-letters-during-shutdown"),
            Dispatchers = dispatchers.Keys.ToDictionary(id => id, id => BindDispatcher(dispatchers.GetConfig(id), id)),
            Mailboxes = mailboxes.Keys.ToDictionary(id => id, id => BindMailbox(mailboxes.GetConfig(id), id)),
        };
    }

    private static DispatcherSettings BindDispatcher(Config c, string id)
    {
        var type = c.GetString("type", DispatcherSettings.ThreadPool);
        if (type is not (DispatcherSettings.ThreadPool or DispatcherSettings.DedicatedThreads))
        {
            throw new ConfigException($"mesos.actor.dispatchers.{id}.type is '{type}'; expected {DispatcherSettings.ThreadPool} or {DispatcherSettings.DedicatedThreads}.");
        }
        var throughput = c.GetInt("throughput", 30);
        var threads = c.GetInt("thread-count", 1);
        if (throughput < 1 || threads < 1)
        {
            throw new ConfigException($"mesos.actor.dispatchers.{id}: throughput and thread-count must be at least 1.");
        }
        return new DispatcherSettings(type, throughput, threads);
    }

    private static MailboxSettings BindMailbox(Config c, string id)
    {
        var type = c.GetString("mailbox-type", "unbounded");
        if (type is not ("unbounded" or "bounded"))
        {
            throw new ConfigException($"mesos.actor.mailboxes.{id}.mailbox-type is '{type}'; expected unbounded or bounded.");
        }
        var capacity = c.GetInt("mailbox-capacity", 1000);
        if (type == "bounded" && capacity < 1)
        {
            throw new ConfigException($"mesos.actor.mailboxes.{id}.mailbox-capacity must be at least 1.");
        }
        return new MailboxSettings(type == "bounded", capacity);
    }
}

/// <param name="Type"><c>thread-pool</c> or <c>dedicated-threads</c>.</param>
public sealed record DispatcherSettings(string Type, int Throughput, int ThreadCount)
{
    public const string ThreadPool = "thread-pool";
    public const string DedicatedThreads = "dedicated-threads";
}

public sealed record MailboxSettings(bool Bounded, int Capacity);
