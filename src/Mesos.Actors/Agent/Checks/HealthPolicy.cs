using Mesos.V1;

namespace Mesos.Actors.Agent.Checks;

/// <summary>
/// Mesos' judgement of a task's health check results: failures within the grace period after the launch
/// are ignored until the first success; health is reported when it changes; after
/// <c>consecutive_failures</c> failures in a row the task is to be killed (0: never).
/// </summary>
internal sealed class HealthPolicy(HealthCheck check, DateTimeOffset launched)
{
    private bool? _healthy;
    private bool _everHealthy;

    public int ConsecutiveFailures { get; private set; }

    public HealthVerdict Record(bool passed, DateTimeOffset now)
    {
        if (passed)
        {
            ConsecutiveFailures = 0;
            _everHealthy = true;
            return Change(true, kill: false);
        }
        if (!_everHealthy && now - launched < TimeSpan.FromSeconds(check.GracePeriodSeconds)) return HealthVerdict.Nothing;
        ConsecutiveFailures++;
        return Change(false, kill: check.ConsecutiveFailures > 0 && ConsecutiveFailures >= check.ConsecutiveFailures);
    }

    private HealthVerdict Change(bool healthy, bool kill)
    {
        var changed = _healthy != healthy;
        _healthy = healthy;
        return new HealthVerdict(changed ? healthy : null, kill);
    }
}

/// <param name="Report">The health to report, when it changed.</param>
/// <param name="Kill">The task failed its health check too many times in a row.</param>
internal sealed record HealthVerdict(bool? Report, bool Kill)
{
    public static HealthVerdict Nothing { get; } = new(null, false);
}
