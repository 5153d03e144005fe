namespace Mesos.Host.Marathon.Deployments;

/// <summary>
/// What to do next for one app: how many instances to launch, which tasks to kill, whether the app has
/// reached its goal, and, when it has not, what it waits for.
/// </summary>
public sealed record InstancePlan(int Launch, IReadOnlyList<string> Kill, bool Complete, string? Waiting)
{
    public static InstancePlan Done { get; } = new(0, [], true, null);
}
