namespace Mesos.Actors.Runtime;

/// <summary>How often a child was restarted, against the strategy's maxNrOfRetries within withinTimeRange.</summary>
internal sealed class ChildRestartStats(InternalActorRef child)
{
    private int _retries;
    private long? _windowStart;

    public InternalActorRef Child { get; } = child;

    /// <param name="maxNrOfRetries">-1 for no limit.</param>
    /// <param name="withinTimeRange">Infinite for a window without end.</param>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan withinTimeRange, TimeProvider time)
    {
        var windowed = withinTimeRange != Timeout.InfiniteTimeSpan;
        if (maxNrOfRetries == 0) return false;
        if (!windowed)
        {
            if (maxNrOfRetries < 0) return true;
            return ++_retries <= maxNrOfRetries;
        }

        var limit = maxNrOfRetries < 0 ? 1 : maxNrOfRetries;
        var now = time.GetTimestamp();
        _windowStart ??= now;
        if (time.GetElapsedTime(_windowStart.Value, now) <= withinTimeRange)
        {
            return ++_retries <= limit;
        }
        _retries = 1;
        _windowStart = now;
        return true;
    }
}
