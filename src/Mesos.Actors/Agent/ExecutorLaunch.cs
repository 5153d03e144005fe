using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Agent;

/// <summary>Everything an <see cref="ExecutorSupervisor"/> needs to run a framework's executor.</summary>
/// <param name="AgentEndpoint">ip:port of the agent, where the executor subscribes.</param>
/// <param name="WorkDirectory">The agent's work directory, under which <paramref name="SandboxDirectory"/> lies.</param>
/// <param name="RegistrationTimeout">How long the executor may take to subscribe.</param>
/// <param name="ShutdownGracePeriod">The agent's grace for a shutdown when the executor names none.</param>
internal sealed record ExecutorLaunch(
    AgentID AgentId,
    string AgentEndpoint,
    FrameworkInfo Framework,
    ExecutorInfo Executor,
    string ContainerId,
    string WorkDirectory,
    string SandboxDirectory,
    TimeSpan RegistrationTimeout,
    TimeSpan ShutdownGracePeriod)
{
    /// <summary>Mesos' --recovery_timeout, which a checkpointing framework's executor is told.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest wait between a checkpointing framework's executor's attempts to subscribe again (--executor_reconnect_retry_interval).</summary>
    public TimeSpan SubscriptionBackoffMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a restarted agent waits for this executor, found running, to subscribe again (--executor_reregistration_timeout).</summary>
    public TimeSpan ReregistrationTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the executor's process records how it ended, for a restarted agent; null when it does not outlive its agent.</summary>
    public string? ExitStatusFile { get; init; }

    public FrameworkID FrameworkId => Framework.Id;

    public ExecutorID ExecutorId => Executor.ExecutorId;

    /// <summary>Who the executor runs as: its command's user, else the framework's.</summary>
    public string User => Executor.Command is { HasUser: true } command ? command.User : Framework.User;

    /// <summary>How long a shutdown may take: the executor's own grace period, else the agent's.</summary>
    public TimeSpan GracePeriod => Executor.ShutdownGracePeriod is { } grace
        ? TimeSpan.FromTicks(Math.Max(0, grace.Nanoseconds / 100))
        : ShutdownGracePeriod;

    /// <summary>What the executor's container is labelled with, so that the agent can find it again.</summary>
    public IReadOnlyDictionary<string, string> Labels() =>
        ContainerLabels.Of(AgentId.Value, FrameworkId.Value, ExecutorId.Value, ContainerId, SandboxDirectory, Executor.Labels);

    /// <summary>What the executor finds in its environment, as Mesos' agent sets it, under the command's own variables.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MESOS_FRAMEWORK_ID"] = FrameworkId.Value,
            ["MESOS_EXECUTOR_ID"] = ExecutorId.Value,
            ["MESOS_AGENT_ID"] = AgentId.Value,
            ["MESOS_SLAVE_ID"] = AgentId.Value,
            ["MESOS_AGENT_ENDPOINT"] = AgentEndpoint,
            // Mesos' C++ executor library finds the agent by this libprocess pid, and exits without it.
            ["MESOS_SLAVE_PID"] = AgentPid.Of(AgentEndpoint),
            ["MESOS_DIRECTORY"] = SandboxDirectory,
            ["MESOS_SANDBOX"] = SandboxDirectory,
            ["MESOS_CONTAINER_NAME"] = ContainerId,
            ["MESOS_CHECKPOINT"] = Framework.Checkpoint ? "1" : "0",
            ["MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD"] = MesosDuration.Format(GracePeriod),
            ["MESOS_HTTP_COMMAND_EXECUTOR"] = "0",
        };
        if (Framework.Checkpoint)
        {
            environment["MESOS_RECOVERY_TIMEOUT"] = MesosDuration.Format(RecoveryTimeout);
            environment["MESOS_SUBSCRIPTION_BACKOFF_MAX"] = MesosDuration.Format(SubscriptionBackoffMax);
        }
        return EnvironmentVariables.Over(environment, Executor.Command?.Environment);
    }
}
