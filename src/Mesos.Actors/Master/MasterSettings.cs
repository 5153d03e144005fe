using Mesos.Actors.Allocator;
using Akka.Configuration;
using Mesos.Actors.Master.Registrar;
using Mesos.Actors.Settings;

namespace Mesos.Actors.Master;

/// <summary>The master's settings, bound from <c>mesos.master</c> (see hocon/reference.conf).</summary>
public sealed record MasterSettings
{
    public required string Ip { get; init; }
    public required int Port { get; init; }
    public required string Hostname { get; init; }

    /// <summary>Without a hostname, whether the advertised IP's name is looked up once at start, rather than the IP advertised (<c>--hostname_lookup</c>).</summary>
    public bool HostnameLookup { get; init; } = true;

    public required string WorkDir { get; init; }
    public required string Cluster { get; init; }

    /// <summary>Null when offers never time out.</summary>
    public required TimeSpan? OfferTimeout { get; init; }

    public required TimeSpan AgentPingTimeout { get; init; }
    public required int MaxAgentPingTimeouts { get; init; }
    public required TimeSpan AllocationInterval { get; init; }

    /// <summary>The allocator's own settings (min_allocatable_resources, fair sharing exclusions, failover recovery).</summary>
    internal AllocatorOptions Allocator => new()
    {
        AllocationInterval = AllocationInterval,
        MinAllocatableResources = ResourceQuantities.ParseAlternatives(MinAllocatableResources),
        FairSharingExcludedResourceNames = FairSharingExcludedResourceNames,
        RecoveryTimeout = AllocatorRecoveryTimeout,
        AgentRecoveryFactor = AllocatorAgentRecoveryFactor,
    };

    /// <summary>Alternatives (separated by |) of which an offer must hold one, as "cpus:0.01|mem:32".</summary>
    public string MinAllocatableResources { get; init; } = "cpus:0.01|mem:32";

    public IReadOnlyList<string> FairSharingExcludedResourceNames { get; init; } = [];
    public TimeSpan AllocatorRecoveryTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public double AllocatorAgentRecoveryFactor { get; init; } = 0.8;

    /// <summary>Operator event streams open at once; a new one beyond this closes the oldest.</summary>
    public required int MaxOperatorEventStreamSubscribers { get; init; }

    public int MaxCompletedFrameworks { get; init; } = 50;
    public int MaxCompletedTasksPerFramework { get; init; } = 1000;

    /// <summary>Whether metric snapshots list each framework's metrics.</summary>
    public bool PublishPerFrameworkMetrics { get; init; } = true;

    /// <summary>Where and how the registry is kept (--registry and its companions).</summary>
    public RegistrySettings Registry { get; init; } = new();

    public static MasterSettings FromConfig(Config config)
    {
        try
        {
            return Bind(config);
        }
        catch (FormatException e)
        {
            throw new ConfigurationException("Invalid master setting: " + e.Message);
        }
    }

    private static MasterSettings Bind(Config config)
    {
        var c = ReferenceConfig.WithDefaults(config).GetConfig("mesos.master");
        var offerTimeout = c.GetTimeSpan("offer-timeout");
        var settings = new MasterSettings
        {
            Ip = c.GetString("ip"),
            Port = c.GetInt("port"),
            Hostname = c.GetString("hostname"),
            HostnameLookup = c.GetBoolean("hostname-lookup"),
            WorkDir = WorkDirs.OrDefault(c.GetString("work-dir"), "master"),
            Cluster = c.GetString("cluster"),
            OfferTimeout = offerTimeout == Timeout.InfiniteTimeSpan ? null : offerTimeout,
            AgentPingTimeout = c.GetTimeSpan("agent-ping-timeout"),
            MaxAgentPingTimeouts = c.GetInt("max-agent-ping-timeouts"),
            AllocationInterval = c.GetTimeSpan("allocation-interval"),
            MaxOperatorEventStreamSubscribers = c.GetInt("max-operator-event-stream-subscribers"),
            MaxCompletedFrameworks = c.GetInt("max-completed-frameworks"),
            MaxCompletedTasksPerFramework = c.GetInt("max-completed-tasks-per-framework"),
            PublishPerFrameworkMetrics = c.GetBoolean("publish-per-framework-metrics"),
            MinAllocatableResources = c.GetString("min-allocatable-resources"),
            FairSharingExcludedResourceNames = c.GetString("fair-sharing-excluded-resource-names")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            AllocatorRecoveryTimeout = c.GetTimeSpan("allocator-recovery-timeout"),
            AllocatorAgentRecoveryFactor = c.GetDouble("allocator-agent-recovery-factor"),
            Registry = new RegistrySettings
            {
                Backend = RegistrySettings.ParseBackend(c.GetString("registry")),
                Store = c.GetString("registry-store"),
                Strict = c.GetBoolean("registry-strict"),
                AgentReregisterTimeout = c.GetTimeSpan("agent-reregister-timeout"),
                MaxAgentAge = c.GetTimeSpan("registry-max-agent-age"),
                MaxAgentCount = c.GetInt("registry-max-agent-count"),
                GcInterval = c.GetTimeSpan("registry-gc-interval"),
                SnapshotInterval = c.GetInt("registry-snapshot-interval"),
            },
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        Check(Port is > 0 and < 65536, $"port must be between 1 and 65535, not {Port}");
        Check(!string.IsNullOrWhiteSpace(WorkDir), "work_dir must not be empty");
        Check(OfferTimeout is null || OfferTimeout > TimeSpan.Zero, "offer_timeout must be positive");
        Check(AgentPingTimeout > TimeSpan.Zero, "agent_ping_timeout must be positive");
        Check(MaxAgentPingTimeouts >= 1, "max_agent_ping_timeouts must be at least 1");
        Check(AllocationInterval > TimeSpan.Zero, "allocation_interval must be positive");
        Check(AllocatorAgentRecoveryFactor is >= 0 and <= 1, "allocator_agent_recovery_factor must be between 0 and 1");
        Check(AllocatorRecoveryTimeout >= TimeSpan.Zero, "allocator_recovery_timeout must not be negative");
        Check(ValidMinimum(MinAllocatableResources, out var error), $"min_allocatable_resources: {error}");
        Check(MaxOperatorEventStreamSubscribers >= 1, "max_operator_event_stream_subscribers must be at least 1");
        Check(MaxCompletedFrameworks >= 0, "max_completed_frameworks must not be negative");
        Check(MaxCompletedTasksPerFramework >= 0, "max_completed_tasks_per_framework must not be negative");
        Check(Registry.AgentReregisterTimeout > TimeSpan.Zero, "agent_reregister_timeout must be positive");
        Check(Registry.MaxAgentAge > TimeSpan.Zero, "registry_max_agent_age must be positive");
        Check(Registry.MaxAgentCount >= 0, "registry_max_agent_count must not be negative");
        Check(Registry.GcInterval > TimeSpan.Zero, "registry_gc_interval must be positive");
        Check(Registry.SnapshotInterval >= 1, "registry-snapshot-interval must be at least 1");
    }

    private static bool ValidMinimum(string text, out string? error)
    {
        try
        {
            ResourceQuantities.ParseAlternatives(text);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static void Check(bool holds, string message)
    {
        if (!holds) throw new ConfigurationException("Invalid master setting: " + message);
    }
}
