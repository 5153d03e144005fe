namespace Mesos.Actors.Agent.Checkpoints;

/// <summary>
/// Where each checkpoint lives under <c>&lt;work_dir&gt;/meta</c>, as Mesos' agent lays them out:
/// <c>slaves/&lt;agent&gt;/slave.info</c>, <c>.../frameworks/&lt;framework&gt;/framework.info</c>,
/// <c>.../executors/&lt;executor&gt;/executor.info</c>, <c>.../runs/&lt;container&gt;/pids/forked.pid</c>,
/// <c>.../tasks/&lt;task&gt;/task.info</c> and <c>task.updates</c> (and <c>container.info</c> for a task of the default executor). Ids come from frameworks and the
/// master: one that is not a single plain path segment is refused, so no id can reach outside its place.
/// </summary>
public static class CheckpointPaths
{
    /// <summary>The id of the agent the last run registered as (Mesos' <c>slaves/latest</c>).</summary>
    public const string LatestAgent = "slaves/latest";

    public static string Agent(string agentId) => $"slaves/{Segment(agentId)}";

    public static string AgentInfo(string agentId) => $"{Agent(agentId)}/slave.info";

    public static string Framework(string agentId, string frameworkId) => $"{Agent(agentId)}/frameworks/{Segment(frameworkId)}";

    public static string FrameworkInfo(string agentId, string frameworkId) => $"{Framework(agentId, frameworkId)}/framework.info";

    public static string Executor(string agentId, string frameworkId, string executorId) =>
        $"{Framework(agentId, frameworkId)}/executors/{Segment(executorId)}";

    public static string ExecutorInfo(string agentId, string frameworkId, string executorId) =>
        $"{Executor(agentId, frameworkId, executorId)}/executor.info";

    public static string Run(string agentId, string frameworkId, string executorId, string containerId) =>
        $"{Executor(agentId, frameworkId, executorId)}/runs/{Segment(containerId)}";

    /// <summary>The pid of the container's first process, which the agent re-attaches to after a restart.</summary>
    public static string ForkedPid(string agentId, string frameworkId, string executorId, string containerId) =>
        $"{Run(agentId, frameworkId, executorId, containerId)}/pids/forked.pid";

    public static string Task(string agentId, string frameworkId, string executorId, string containerId, string taskId) =>
        $"{Run(agentId, frameworkId, executorId, containerId)}/tasks/{Segment(taskId)}";

    public static string TaskInfo(string agentId, string frameworkId, string executorId, string containerId, string taskId) =>
        $"{Task(agentId, frameworkId, executorId, containerId, taskId)}/task.info";

    /// <summary>The task's status updates not yet acknowledged, in order.</summary>
    public static string TaskUpdates(string agentId, string frameworkId, string executorId, string containerId, string taskId) =>
        $"{Task(agentId, frameworkId, executorId, containerId, taskId)}/task.updates";

    /// <summary>The container a task of the default executor runs in, nested in the executor's.</summary>
    public static string TaskContainer(string agentId, string frameworkId, string executorId, string containerId, string taskId) =>
        $"{Task(agentId, frameworkId, executorId, containerId, taskId)}/container.info";

    /// <summary>
    /// Every container the agent runs, whatever its framework, as Mesos' containerizer keeps them in its runtime
    /// directory: what a restarted agent did not recover is found there, and killed.
    /// </summary>
    public const string Containers = "containers";

    public static string Container(string containerId) => $"{Containers}/{Segment(containerId)}";

    public static string ContainerPid(string containerId) => $"{Container(containerId)}/forked.pid";

    /// <summary>Written by the container's exit recorder, in plain text, when its command ends.</summary>
    public static string ContainerExitStatus(string containerId) => $"{Container(containerId)}/exit_status";

    private static string Segment(string id)
    {
        if (id.Length == 0 || id is "." or ".." || id.AsSpan().IndexOfAny('/', '\\', '\0') >= 0)
        {
            throw new ArgumentException($"'{id}' cannot name a checkpoint directory", nameof(id));
        }
        return id;
    }
}
