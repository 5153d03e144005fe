namespace Mesos.Actors.Cluster;

/// <summary>Timeouts and limits of the HTTP transport between masters.</summary>
public sealed record HttpRaftTransportOptions
{
    /// <summary>How long one POST may take before it is abandoned (its messages count as lost).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The first pause after a failed request; it doubles on each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Messages waiting for one peer; beyond this the newest are dropped, as a lossy network would.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Most messages in one request.</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>"http" normally; the peer id ("host:port") completes the address.</summary>
    public string Scheme { get; init; } = "http";
}
