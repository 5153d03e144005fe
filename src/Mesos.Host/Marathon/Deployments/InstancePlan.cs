namespace Mesos.Host.Marathon.Deployments;

/// <summary>
/// What to do next for one app: how many instances to launch, which tasks to kill, whether the app has
/// reached its goal, and, when it has not, what it waits for.
/// </summary>
public sealed record InstancePlan(int Launch, IReadOnlyList<string> Kill, bool Complete, Wait? Waiting)
{
    public static InstancePlan Done { get; } = new(0, [], true, null);
}

/// <summary>
/// What an app that has not reached its goal waits for: <see cref="Reason"/> names it, <see cref="Instances"/> says
/// for how many instances, <see cref="Subjects"/> on which tasks (none for instances not launched yet), or, for
/// <see cref="Dependencies"/>, on which apps.
/// </summary>
public sealed record Wait(string Reason, int Instances, IReadOnlyList<string> Subjects)
{
    /// <summary>Instances to launch, for offers that fit them.</summary>
    public const string Offers = "offers";

    /// <summary>Instances to launch once the launch backoff after failed tasks ends.</summary>
    public const string Backoff = "backoff";

    /// <summary>Instances to launch once the apps they depend on are ready.</summary>
    public const string Dependencies = "dependencies";

    /// <summary>Launched tasks that are not running yet.</summary>
    public const string Running = "running";

    /// <summary>Running tasks whose health checks have not passed.</summary>
    public const string Health = "health";

    /// <summary>Running (and healthy) tasks whose readiness checks have not passed.</summary>
    public const string Readiness = "readiness";

    /// <summary>Tasks asked to die that have not yet.</summary>
    public const string Kill = "kill";
}
