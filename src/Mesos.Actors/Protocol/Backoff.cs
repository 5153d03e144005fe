namespace Mesos.Actors.Protocol;

/// <summary>
/// How every Mesos client here spaces its retries (subscriptions, registrations, status update
/// resends, reconnections): a bound that doubles after each failure up to a maximum, reset by a
/// success. With jitter the delay is random within the bound, as Mesos' scheduler driver and agent
/// space theirs, so that many clients that lost the same master do not all return at once; without
/// it the delay is the bound itself.
/// </summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random? _jitter;

    public Backoff(TimeSpan initial, TimeSpan max, Random? jitter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initial = initial;
        _max = max;
        _jitter = jitter;
        Bound = initial;
    }

    /// <summary>The current upper bound of the next delay.</summary>
    public TimeSpan Bound { get; private set; }

    /// <summary>The delay before the next attempt (in [0, bound] with jitter, else the bound); the bound doubles, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var delay = _jitter is null ? Bound : TimeSpan.FromTicks((long)(_jitter.NextDouble() * Bound.Ticks));
        Bound = Bound >= _max / 2 ? _max : Bound * 2;
        return delay;
    }

    /// <summary>A success starts the next series of failures from the initial bound.</summary>
    public void Reset() => Bound = _initial;
}
