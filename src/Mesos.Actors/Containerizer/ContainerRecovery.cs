using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// A container an earlier run of the agent launched, to be found again after the agent's restart: its first
/// process (told apart from a later process given the same pid by its start time and the machine's boot),
/// and where that process wrote how it ended if it ended while no agent was there to reap it.
/// </summary>
/// <param name="Process">The container's first process as it was checkpointed.</param>
/// <param name="ExitStatusFile">Where the container's first process records its exit status; null when it was launched without one.</param>
/// <param name="Resources">The container's resources, from which its limits (its cgroup's) are known again.</param>
/// <param name="Container">The ContainerInfo it was launched with, which says which containerizer launched it.</param>
public sealed record ContainerRecovery(
    string ContainerId,
    ProcessIdentity Process,
    string? ExitStatusFile,
    IReadOnlyList<Resource> Resources,
    ContainerInfo? Container = null)
{
    /// <summary>The agent's work directory, under which the sandbox lies; null when the container's output is not wanted.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The container's sandbox, where what it writes from now on goes, as when it was launched; null when not wanted.</summary>
    public string? SandboxDirectory { get; init; }
}
