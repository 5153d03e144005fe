using System.Collections.Immutable;
using Mesos.Host.Marathon.Apps;

namespace Mesos.Host.Marathon.Launching;

/// <summary>
/// Marathon's launch backoff, per app: each failed task delays the next launch by backoffSeconds, growing by
/// backoffFactor per failure up to maxLaunchDelaySeconds. A new configuration, or DELETE
/// /v2/queue/{app}/delay, starts over. Immutable: each change returns a new one.
/// </summary>
public sealed class LaunchDelay
{
    public static readonly LaunchDelay None = new(ImmutableDictionary<string, Backoff>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableDictionary<string, Backoff> _apps;

    private LaunchDelay(ImmutableDictionary<string, Backoff> apps) => _apps = apps;

    public sealed record Backoff(TimeSpan Delay, DateTimeOffset Until);

    /// <summary>A task of the app failed at <paramref name="now"/>: the next launch waits longer than the last.</summary>
    public LaunchDelay Failed(AppDefinition app, DateTimeOffset now)
    {
        var delay = _apps.TryGetValue(app.Id, out var last)
            ? TimeSpan.FromSeconds(Math.Min(last.Delay.TotalSeconds * app.BackoffFactor, app.MaxLaunchDelaySeconds))
            : TimeSpan.FromSeconds(Math.Min(app.BackoffSeconds, app.MaxLaunchDelaySeconds));
        return new LaunchDelay(_apps.SetItem(app.Id, new Backoff(delay, now + delay)));
    }

    public LaunchDelay Reset(string appId) => _apps.ContainsKey(appId) ? new LaunchDelay(_apps.Remove(appId)) : this;

    /// <summary>When the app may launch again, or null when it need not wait.</summary>
    public DateTimeOffset? Until(string appId, DateTimeOffset now) =>
        _apps.TryGetValue(appId, out var backoff) && backoff.Until > now ? backoff.Until : null;

    /// <summary>The earliest instant an app's wait ends, for a timer.</summary>
    public DateTimeOffset? NextEnd(DateTimeOffset now) =>
        _apps.Values.Where(b => b.Until > now).Select(b => (DateTimeOffset?)b.Until).Min();
}
