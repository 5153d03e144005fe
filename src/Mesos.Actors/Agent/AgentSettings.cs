using Akka.Configuration;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Settings;

namespace Mesos.Actors.Agent;

/// <summary>The agent's settings, bound from <c>mesos.agent</c> (see hocon/reference.conf).</summary>
public sealed record AgentSettings
{
    /// <summary>The masters to register with, as host:port.</summary>
    public required IReadOnlyList<string> Masters { get; init; }

    public required string Ip { get; init; }
    public required int Port { get; init; }
    public required string Hostname { get; init; }

    /// <summary>Without a hostname, whether the advertised IP's name is looked up once at start, rather than the IP advertised (<c>--hostname_lookup</c>).</summary>
    public bool HostnameLookup { get; init; } = true;
    public required string WorkDir { get; init; }

    /// <summary>Where the agent writes its log file besides the console; empty for the console only.</summary>
    public string LogDir { get; init; } = "";

    /// <summary>Empty when the agent detects its resources.</summary>
    public required string Resources { get; init; }

    public required string Attributes { get; init; }

    /// <summary>How long an executor may take to subscribe before it is killed and its tasks fail (Mesos: 1 min).</summary>
    public TimeSpan ExecutorRegistrationTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an executor told to shut down may take before it is killed, unless its ExecutorInfo says (Mesos: 5 s).</summary>
    public TimeSpan ExecutorShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>What a restarted agent does with what an earlier run of it left (Mesos' --recover).</summary>
    public RecoverMode Recover { get; init; } = RecoverMode.Reconnect;

    /// <summary>How long executors of checkpointing frameworks wait for a lost agent before they end themselves (Mesos: 15 min).</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an executor that lost its agent tries to subscribe again, at most (--executor_reconnect_retry_interval: 2 s, what Mesos tells its executors).</summary>
    public TimeSpan ExecutorReconnectRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a restarted agent waits for a checkpointing framework's executor that still runs to subscribe again, from
    /// the moment its executor API listens, before it kills the executor and its tasks fail (Mesos: 2 s, at most 15 s).
    /// </summary>
    public TimeSpan ExecutorReregistrationTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Mesos' bound on <see cref="ExecutorReregistrationTimeout"/>: a restarted agent must not hold its executors' tasks in doubt for long.</summary>
    public static readonly TimeSpan MaxExecutorReregistrationTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Which containerizers run tasks, with which isolation.</summary>
    public ContainerizerSettings Containerizer { get; init; } = new();

    public static AgentSettings FromConfig(Config config)
    {
        var c = ReferenceConfig.WithDefaults(config).GetConfig("mesos.agent");
        var settings = new AgentSettings
        {
            Masters = c.GetString("master").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Ip = c.GetString("ip"),
            Port = c.GetInt("port"),
            Hostname = c.GetString("hostname"),
            HostnameLookup = c.GetBoolean("hostname-lookup"),
            WorkDir = WorkDirs.OrDefault(c.GetString("work-dir"), "agent"),
            LogDir = c.GetString("log-dir"),
            Resources = c.GetString("resources"),
            Attributes = c.GetString("attributes"),
            ExecutorRegistrationTimeout = c.GetTimeSpan("executor-registration-timeout"),
            ExecutorShutdownGracePeriod = c.GetTimeSpan("executor-shutdown-grace-period"),
            Containerizer = ContainerizerSettings.FromConfig(c),
            Recover = c.GetString("recover") switch
            {
                "reconnect" => RecoverMode.Reconnect,
                "cleanup" => RecoverMode.Cleanup,
                var other => throw new ConfigurationException($"Invalid agent setting: recover must be reconnect or cleanup, not '{other}'"),
            },
            RecoveryTimeout = c.GetTimeSpan("recovery-timeout"),
            ExecutorReconnectRetryInterval = c.GetTimeSpan("executor-reconnect-retry-interval"),
            ExecutorReregistrationTimeout = c.GetTimeSpan("executor-reregistration-timeout"),
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        if (Masters.Count == 0) throw new ConfigurationException("Invalid agent setting: --master is required (host:port of a master)");
        foreach (var master in Masters)
        {
            var colon = master.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(master[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new ConfigurationException($"Invalid agent setting: master '{master}' is not host:port");
            }
        }
        if (Port is < 1 or > 65535) throw new ConfigurationException($"Invalid agent setting: port must be between 1 and 65535, not {Port}");
        if (string.IsNullOrWhiteSpace(WorkDir)) throw new ConfigurationException("Invalid agent setting: work_dir must not be empty");
        if (ExecutorRegistrationTimeout <= TimeSpan.Zero) throw new ConfigurationException("Invalid agent setting: executor_registration_timeout must be positive");
        if (ExecutorShutdownGracePeriod < TimeSpan.Zero) throw new ConfigurationException("Invalid agent setting: executor_shutdown_grace_period must not be negative");
        if (RecoveryTimeout <= TimeSpan.Zero) throw new ConfigurationException("Invalid agent setting: recovery_timeout must be positive");
        if (ExecutorReconnectRetryInterval <= TimeSpan.Zero) throw new ConfigurationException("Invalid agent setting: executor_reconnect_retry_interval must be positive");
        if (ExecutorReregistrationTimeout <= TimeSpan.Zero || ExecutorReregistrationTimeout > MaxExecutorReregistrationTimeout)
        {
            throw new ConfigurationException("Invalid agent setting: executor_reregistration_timeout must be positive and at most 15secs");
        }
    }
}

/// <summary>Mesos' --recover.</summary>
public enum RecoverMode
{
    /// <summary>Re-attach to the containers that kept running, register again as the same agent, send again what was not acknowledged.</summary>
    Reconnect,

    /// <summary>Kill every container an earlier run left, forget it, and exit: the next start is a new agent.</summary>
    Cleanup,
}
