using Mesos.Actors.Configuration;

namespace Mesos.Actors.Master;

/// <summary>The master's settings, bound from <c>mesos.master</c> (see hocon/reference.conf).</summary>
public sealed record MasterSettings
{
    public required string Ip { get; init; }
    public required int Port { get; init; }
    public required string Hostname { get; init; }
    public required string WorkDir { get; init; }
    public required string Cluster { get; init; }

    /// <summary>Null when offers never time out.</summary>
    public required TimeSpan? OfferTimeout { get; init; }

    public required TimeSpan AgentPingTimeout { get; init; }
    public required int MaxAgentPingTimeouts { get; init; }
    public required TimeSpan AllocationInterval { get; init; }

    /// <summary>Operator event streams open at once; a new one beyond this closes the oldest.</summary>
    public required int MaxOperatorEventStreamSubscribers { get; init; }

    public static MasterSettings FromConfig(Config config)
    {
        var c = ReferenceConfig.WithDefaults(config).GetConfig("mesos.master");
        var offerTimeout = c.GetTimeSpan("offer-timeout");
        var settings = new MasterSettings
        {
            Ip = c.GetString("ip"),
            Port = c.GetInt("port"),
            Hostname = c.GetString("hostname"),
            WorkDir = c.GetString("work-dir"),
            Cluster = c.GetString("cluster"),
            OfferTimeout = offerTimeout == Timeout.InfiniteTimeSpan ? null : offerTimeout,
            AgentPingTimeout = c.GetTimeSpan("agent-ping-timeout"),
            MaxAgentPingTimeouts = c.GetInt("max-agent-ping-timeouts"),
            AllocationInterval = c.GetTimeSpan("allocation-interval"),
            MaxOperatorEventStreamSubscribers = c.GetInt("max-operator-event-stream-subscribers"),
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
        Check(MaxOperatorEventStreamSubscribers >= 1, "max_operator_event_stream_subscribers must be at least 1");
    }

    private static void Check(bool holds, string message)
    {
        if (!holds) throw new ConfigException("Invalid master setting: " + message);
    }
}
