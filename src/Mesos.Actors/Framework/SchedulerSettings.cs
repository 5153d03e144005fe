using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Framework;

/// <summary>How a <see cref="SchedulerActor"/> reaches the masters and who it says it is.</summary>
public sealed record SchedulerSettings
{
    /// <param name="masters">The masters to subscribe to; any of them redirects to the leader.</param>
    /// <param name="frameworkInfo">
    /// Who the framework is. Leave <c>id</c> unset for a new framework; set it to take over a framework
    /// that is within its failover timeout.
    /// </param>
    public SchedulerSettings(IReadOnlyList<MasterAddress> masters, FrameworkInfo frameworkInfo)
    {
        ArgumentNullException.ThrowIfNull(masters);
        ArgumentNullException.ThrowIfNull(frameworkInfo);
        if (masters.Count == 0) throw new ArgumentException("At least one master is needed", nameof(masters));
        Masters = masters;
        FrameworkInfo = frameworkInfo;
    }

    /// <param name="masters">One <c>host:port</c>, or several separated by commas.</param>
    /// <exception cref="FormatException">An entry is not an address.</exception>
    public SchedulerSettings(string masters, FrameworkInfo frameworkInfo)
        : this(MasterAddress.ParseList(masters), frameworkInfo)
    {
    }

    public IReadOnlyList<MasterAddress> Masters { get; }

    public FrameworkInfo FrameworkInfo { get; }

    /// <summary>The encoding of calls and events; protobuf by default, as mesos-go and mesos-execute.</summary>
    public BodyFormat Format { get; init; } = BodyFormat.Protobuf;

    /// <summary>Acknowledge every status update that carries a uuid once its handler has run (default true).</summary>
    public bool AutoAcknowledge { get; init; } = true;

    /// <summary>Heartbeat intervals without any event after which the connection counts as lost (default 5).</summary>
    public int MaxMissedHeartbeats { get; init; } = 5;

    /// <summary>The first bound of the random delay before subscribing again; it doubles after each failure.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest bound of the delay before subscribing again.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a TCP connection to a master.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the master's answer to a call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
