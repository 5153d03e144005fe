using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// What to run and where. <see cref="Environment"/> is laid over the agent's own environment, as
/// Mesos' command executor inherits the agent's.
/// </summary>
/// <param name="WorkDirectory">The agent's work directory, under which the sandbox lies: below it, no link is followed.</param>
/// <param name="Container">The task's or executor's ContainerInfo; null runs the command on the host.</param>
/// <param name="Labels">Names the container's owners (agent, framework, executor), so that the agent can find it again.</param>
/// <param name="User">Who the container runs as when the agent switches users; empty for the agent's own user.</param>
/// <param name="ExitStatusFile">
/// Where the container's first process records how it ended, so that an agent restarted meanwhile learns it
/// (<see cref="ContainerRecovery"/>); null for a container that does not outlive its agent.
/// </param>
public sealed record ContainerLaunch(
    string ContainerId,
    string WorkDirectory,
    string SandboxDirectory,
    CommandInfo Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<Resource> Resources,
    ContainerInfo? Container = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    string User = "",
    string? ExitStatusFile = null);
