using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// What to run and where. <see cref="Environment"/> is laid over the agent's own environment, as
/// Mesos' command executor inherits the agent's.
/// </summary>
/// <param name="Container">The task's or executor's ContainerInfo; null runs the command on the host.</param>
/// <param name="Labels">Names the container's owners (agent, framework, executor), so that the agent can find it again.</param>
public sealed record ContainerLaunch(
    string ContainerId,
    string SandboxDirectory,
    CommandInfo Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<Resource> Resources,
    ContainerInfo? Container = null,
    IReadOnlyDictionary<string, string>? Labels = null);
