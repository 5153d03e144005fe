using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// What to run and where. <see cref="Environment"/> is laid over the agent's own environment, as
/// Mesos' command executor inherits the agent's.
/// </summary>
internal sealed record ContainerLaunch(
    string ContainerId,
    string SandboxDirectory,
    CommandInfo Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<Resource> Resources);
