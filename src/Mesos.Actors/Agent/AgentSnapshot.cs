using Mesos.Actors.Protocol;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Agent;

/// <summary>Asks the agent for a snapshot of what it runs, for its operator API and v0 endpoints.</summary>
public sealed record GetAgentState
{
    public static GetAgentState Instance { get; } = new();
}

/// <summary>Everything operators see of an agent at one instant.</summary>
/// <param name="Info">With the agent's id once a master has given it one.</param>
/// <param name="Master">host:port of the master the agent is connected to; null while it has none.</param>
/// <param name="Frameworks">Frameworks with an executor still running here.</param>
/// <param name="CompletedFrameworks">Frameworks whose executors here have all ended.</param>
public sealed record AgentSnapshot(
    AgentInfo Info,
    string? Master,
    DateTimeOffset StartTime,
    IReadOnlyList<AgentFrameworkView> Frameworks,
    IReadOnlyList<AgentFrameworkView> CompletedFrameworks)
{
    /// <summary>The agent's counters since it started, by metric name.</summary>
    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();
}

public sealed record AgentFrameworkView(
    FrameworkInfo Info,
    IReadOnlyList<ExecutorView> Executors,
    IReadOnlyList<ExecutorView> CompletedExecutors);

/// <summary>One run of an executor: its container and sandbox, and its tasks with all their statuses.</summary>
/// <param name="Container">What is known of the executor's process, for operators' container listings.</param>
public sealed record ExecutorView(
    ExecutorInfo Info,
    string ContainerId,
    string Directory,
    IReadOnlyList<TaskView> Tasks,
    ContainerStatus? Container);

/// <summary>A task of an executor and where the agent lists it.</summary>
public sealed record TaskView(MesosTask Task, AgentTaskPhase Phase);

/// <summary>Where Mesos' agent lists a task: its operator API names a list after each.</summary>
public enum AgentTaskPhase
{
    /// <summary>Its executor has not taken it yet.</summary>
    Queued,

    Launched,

    /// <summary>Ended, its terminal update not yet acknowledged (Mesos lists it as terminated).</summary>
    Terminated,

    Completed,
}
