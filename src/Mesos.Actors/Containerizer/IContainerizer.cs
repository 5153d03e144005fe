namespace Mesos.Actors.Containerizer;

/// <summary>
/// Runs containers for the agent. Implementations differ in isolation (plain process groups today;
/// cgroups and Docker later), not in what the agent sees: a handle to wait on and to kill.
/// </summary>
internal interface IContainerizer
{
    /// <summary>Starts the container; faults when it could not be started (nothing runs then).</summary>
    Task<IContainer> LaunchAsync(ContainerLaunch launch, CancellationToken cancellationToken = default);
}

/// <summary>A running container.</summary>
internal interface IContainer
{
    string ContainerId { get; }

    /// <summary>The pid of the container's first process, reported to frameworks as the executor pid.</summary>
    int Pid { get; }

    /// <summary>Completes once the container's first process has ended and the rest of the container is torn down.</summary>
    Task<ContainerTermination> Exited { get; }

    /// <summary>Asks every process of the container to end (SIGTERM), and forces them (SIGKILL) after <paramref name="gracePeriod"/>.</summary>
    void Kill(TimeSpan gracePeriod);
}
