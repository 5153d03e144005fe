namespace Mesos.Actors.Agent;

/// <summary>
/// Mesos' registration backoff for an agent: the first SUBSCRIBE goes within <see cref="Factor"/>, each
/// later one within twice as long as the one before, up to <see cref="Max"/>. A random delay within the
/// bound spreads the agents of a cluster that all lost the same master. No clock: the caller times it.
/// </summary>
internal sealed class RegistrationBackoff(Random random)
{
    public static readonly TimeSpan Factor = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    private TimeSpan _bound = Factor;

    /// <summary>Starts over from <see cref="Factor"/>, as when a master is found (again).</summary>
    public void Reset() => _bound = Factor;

    /// <summary>How long to wait before the next attempt: a random fraction of the current bound.</summary>
    public TimeSpan NextDelay() => TimeSpan.FromTicks((long)(random.NextDouble() * _bound.Ticks));

    /// <summary>An attempt went out: the next one waits within twice as long, up to <see cref="Max"/>.</summary>
    public void Attempted() => _bound = _bound * 2 < Max ? _bound * 2 : Max;
}
