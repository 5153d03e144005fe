namespace Mesos.Actors.Framework;

/// <summary>
/// Decides when a subscription is dead: the master sends a heartbeat every interval, so a stream
/// that has been silent for several intervals is a connection that failed without closing.
/// </summary>
internal sealed class HeartbeatWatch
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    private readonly int _allowedMisses;
    private DateTimeOffset _lastEvent;

    public HeartbeatWatch(int allowedMisses, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(allowedMisses);
        _allowedMisses = allowedMisses;
        _lastEvent = now;
    }

    public TimeSpan Interval { get; private set; } = DefaultInterval;

    /// <summary>How long the stream may stay silent.</summary>
    public TimeSpan Timeout => Interval * _allowedMisses;

    /// <summary>The master announced its interval (in SUBSCRIBED).</summary>
    public void UseInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
    }

    /// <summary>Any event counts as a sign of life, not only heartbeats.</summary>
    public void EventSeen(DateTimeOffset now) => _lastEvent = now;

    public bool IsMissed(DateTimeOffset now) => now - _lastEvent >= Timeout;

    public TimeSpan Silence(DateTimeOffset now) => now - _lastEvent;
}
