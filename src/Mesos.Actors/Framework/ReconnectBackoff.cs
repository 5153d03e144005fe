namespace Mesos.Actors.Framework;

/// <summary>
/// Delays between subscription attempts, as Mesos' scheduler driver spaces them: a random delay up
/// to a bound that doubles after each failure, capped; randomness keeps many frameworks that lost
/// the same master from returning all at once.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private TimeSpan _bound;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initial = initial;
        _max = max;
        _random = random;
        _bound = initial;
    }

    /// <summary>The current upper bound of the next delay.</summary>
    public TimeSpan Bound => _bound;

    /// <summary>The delay before the next attempt, in [0, bound]; the bound doubles, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var delay = TimeSpan.FromTicks((long)(_random.NextDouble() * _bound.Ticks));
        _bound = _bound >= _max / 2 ? _max : _bound * 2;
        return delay;
    }

    /// <summary>A successful subscription starts the next series of failures from the initial bound.</summary>
    public void Reset() => _bound = _initial;
}
