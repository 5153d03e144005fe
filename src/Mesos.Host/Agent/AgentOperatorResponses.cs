using Mesos.Host.Http;
using Mesos.Actors.Agent;
using Mesos.Actors.Protocol;
using Mesos.V1;
using Mesos.V1.Agent;

namespace Mesos.Host.Agent;

/// <summary>The agent's state as v1 operator API responses (GET_STATE and its parts).</summary>
internal static class AgentOperatorResponses
{
    public static Response.Types.GetState State(AgentSnapshot state) => new()
    {
        GetTasks = Tasks(state),
        GetExecutors = Executors(state),
        GetFrameworks = Frameworks(state),
    };

    public static Response.Types.GetTasks Tasks(AgentSnapshot state)
    {
        var tasks = new Response.Types.GetTasks();
        foreach (var task in AllExecutors(state).SelectMany(e => e.Tasks))
        {
            var list = task.Phase switch
            {
                AgentTaskPhase.Queued => tasks.QueuedTasks,
                AgentTaskPhase.Launched => tasks.LaunchedTasks,
                AgentTaskPhase.Terminated => tasks.TerminatedTasks,
                _ => tasks.CompletedTasks,
            };
            list.Add(task.Task.Clone());
        }
        return tasks;
    }

    public static Response.Types.GetExecutors Executors(AgentSnapshot state)
    {
        var executors = new Response.Types.GetExecutors();
        foreach (var framework in state.Frameworks.Concat(state.CompletedFrameworks))
        {
            executors.Executors.AddRange(framework.Executors.Select(Executor));
            executors.CompletedExecutors.AddRange(framework.CompletedExecutors.Select(Executor));
        }
        return executors;
    }

    public static Response.Types.GetFrameworks Frameworks(AgentSnapshot state)
    {
        var frameworks = new Response.Types.GetFrameworks();
        frameworks.Frameworks.AddRange(state.Frameworks.Select(Framework));
        frameworks.CompletedFrameworks.AddRange(state.CompletedFrameworks.Select(Framework));
        return frameworks;
    }

    /// <summary>The containers that still run, with what the executor reported of its process.</summary>
    /// <summary>The running containers, each with its status and usage, as Mesos' GET_CONTAINERS lists them.</summary>
    public static Response.Types.GetContainers Containers(ContainerUsages usage)
    {
        var containers = new Response.Types.GetContainers();
        foreach (var running in usage.Containers)
        {
            var container = new Response.Types.GetContainers.Types.Container
            {
                FrameworkId = running.FrameworkId,
                ExecutorId = running.Executor.ExecutorId,
                ExecutorName = running.Executor.Name,
                ContainerId = new ContainerID { Value = running.ContainerId },
                ResourceStatistics = running.Statistics,
            };
            if (running.Status is { } status) container.ContainerStatus = status.Clone();
            containers.Containers.Add(container);
        }
        return containers;
    }

    public static Response.Types.GetAgent Agent(AgentSnapshot state) => new() { AgentInfo = state.Info };

    private static IEnumerable<ExecutorView> AllExecutors(AgentSnapshot state) =>
        state.Frameworks.Concat(state.CompletedFrameworks).SelectMany(f => f.Executors.Concat(f.CompletedExecutors));

    private static Response.Types.GetExecutors.Types.Executor Executor(ExecutorView executor) => new() { ExecutorInfo = executor.Info };

    private static Response.Types.GetFrameworks.Types.Framework Framework(AgentFrameworkView framework) => new() { FrameworkInfo = ProtoDefaults.Filled(framework.Info) };
}
