using Mesos.Host.Marathon.Apps;
using Mesos.Host.Marathon.Deployments;
using Mesos.Host.Marathon.Launching;
using Mesos.Host.Marathon.State;

namespace Mesos.Host.Marathon.Scheduler;

public sealed partial class MarathonActor
{
    public sealed record CreateApps(IReadOnlyList<AppDefinition> Apps);

    /// <summary>Creates the apps that do not exist and changes those that do.</summary>
    public sealed record PutApps(IReadOnlyList<AppDefinition> Apps, bool Force);

    public sealed record RestartApp(string AppId, bool Force);

    public sealed record RemoveApps(IReadOnlyList<string> AppIds, bool Force);

    /// <summary>Kills tasks; with <paramref name="Scale"/> their apps' instance counts go down by as many, so they are not replaced.</summary>
    public sealed record KillTasks(IReadOnlyList<string> TaskIds, bool Scale, bool Force);

    public sealed record CancelDeployment(string DeploymentId, bool Force);

    public sealed record ResetDelay(string AppId);

    /// <summary>Answered with a <see cref="View"/>.</summary>
    public sealed record GetView
    {
        public static GetView Instance { get; } = new();
    }

    /// <summary>The change is recorded as this deployment.</summary>
    public sealed record DeploymentAccepted(string DeploymentId, DateTimeOffset Version);

    /// <summary>The tasks asked to die, and the deployment that scaled their apps down when there is one.</summary>
    public sealed record TasksKilled(IReadOnlyList<Instance> Instances, DeploymentAccepted? Deployment);

    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }

    /// <summary>The change was refused: an <see cref="AppLockedException"/>, <see cref="ConflictException"/> or <see cref="UnknownException"/>.</summary>
    public sealed record Failed(Exception Reason);

    /// <summary>
    /// What the endpoints read: the state, each app's next step, its launch queue entry, whether tasks are reconciled,
    /// and each task's last readiness check.
    /// </summary>
    public sealed record View(
        MarathonState State,
        IReadOnlyDictionary<string, InstancePlan> Plans,
        IReadOnlyDictionary<string, OfferLog> Offers,
        LaunchDelay Delay,
        bool Reconciled,
        DateTimeOffset Now,
        IReadOnlyDictionary<string, ReadinessResult> Readiness)
    {
        /// <summary>What the app waits for, in words, or null when it waits for nothing.</summary>
        public string? Waiting(string appId) => Plans.GetValueOrDefault(appId)?.Waiting is { } wait
            ? WaitExplanation.Describe(wait, Offers.GetValueOrDefault(appId), Delay.Until(appId, Now), Readiness, Now)
            : null;
    }

    private sealed record Act
    {
        public static Act Instance { get; } = new();
    }

    private sealed record RecordChanges
    {
        public static RecordChanges Instance { get; } = new();
    }

    private sealed record ReconcileAgain
    {
        public static ReconcileAgain Instance { get; } = new();
    }
}
