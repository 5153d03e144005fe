using Mesos.V1;

namespace Mesos.Actors.Containerizer;

/// <summary>
/// What to run and where. <see cref="Environment"/> is laid over the agent's own environment, as
/// Mesos' command executor inherits the agent's.
/// </summary>
/// <param name="WorkDirectory">The agent's work directory, under which the sandbox lies: below it, no link is followed.</param>
/// <param name="User">Who the container runs as when the agent switches users; empty for the agent's own user.</param>
internal sealed record ContainerLaunch(
    string ContainerId,
    string WorkDirectory,
    string SandboxDirectory,
    CommandInfo Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<Resource> Resources,
    string User = "");
