using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// Runs containers for the agent. Implementations differ in isolation (a process tree, cgroups, a Docker
/// container), not in what the agent sees: a handle to wait on, to kill and to ask for usage.
/// </summary>
public interface IContainerizer
{
    /// <summary>The name <c>--containerizers</c> knows it by: mesos, docker.</summary>
    string Name { get; }

    /// <summary>Whether it runs containers described so; null is a task or executor without a ContainerInfo.</summary>
    bool Supports(ContainerInfo? container);

    /// <summary>Starts the container; faults, with a message for the task's status, when it could not be started (nothing runs then).</summary>
    Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds again a container that an earlier run of the agent launched: one that still runs can be waited on
    /// and killed as if launched now; one that has ended is returned ended, with how it ended when that was recorded.
    /// Faults when this containerizer cannot find its containers again.
    /// </summary>
    Task<IContainer> RecoverAsync(ContainerRecovery recovery, CancellationToken cancellationToken = default);

    /// <summary>
    /// Kills and removes, as Mesos kills orphans, the containers of the agent <paramref name="agentId"/> that this
    /// containerizer finds by itself and that the restarted agent did not take back (<paramref name="recovered"/>);
    /// completes with their ids once they are gone. A containerizer whose containers the agent finds through its
    /// runtime directory finds none.
    /// </summary>
    Task<IReadOnlyList<string>> KillOrphansAsync(string agentId, IReadOnlySet<string> recovered, CancellationToken cancellationToken = default);
}

/// <summary>A running container.</summary>
public interface IContainer
{
    string ContainerId { get; }

    /// <summary>The pid of the container's first process, reported to frameworks as the executor pid.</summary>
    int Pid { get; }

    /// <summary>The container's own IP address; null when it shares the agent's network.</summary>
    string? IpAddress { get; }

    /// <summary>Completes once the container's first process has ended and the rest of the container is torn down.</summary>
    Task<ContainerTermination> Exited { get; }

    /// <summary>
    /// Asks every process of the container to end (SIGTERM), and forces them (SIGKILL) after <paramref name="gracePeriod"/>,
    /// or after the containerizer's own grace when it is null.
    /// </summary>
    void Kill(TimeSpan? gracePeriod);

    /// <summary>What the container uses now: cpu times, memory, processes, with its limits.</summary>
    Task<ResourceStatistics> UsageAsync(CancellationToken cancellationToken = default);
}
