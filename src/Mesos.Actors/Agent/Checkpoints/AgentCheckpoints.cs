using Mesos.Actors.Containerizer;
using Mesos.Internal.Checkpoints;
using Mesos.V1;

namespace Mesos.Actors.Agent.Checkpoints;

/// <summary>
/// What the agent checkpoints, where (<see cref="CheckpointPaths"/>), and what an earlier run of it left:
/// the agent's info and id; for frameworks that ask for checkpointing, the framework, its executors, each
/// executor run with its container's process, each task with its status updates; and, for every container
/// whatever its framework, the container's process and the file its exit recorder writes. A checkpoint
/// that cannot be read whole stops the recovery (<see cref="CorruptCheckpointException"/>).
/// </summary>
internal sealed class AgentCheckpoints(CheckpointStore store)
{
    public CheckpointStore Store => store;

    /// <summary>The agent registered under this info and id: a restart registers again as this agent.</summary>
    public void Agent(AgentInfo info)
    {
        store.Write(CheckpointPaths.AgentInfo(info.Id.Value), info);
        store.Write(CheckpointPaths.LatestAgent, info.Id);
    }

    public void Framework(string agentId, FrameworkInfo framework) =>
        store.Write(CheckpointPaths.FrameworkInfo(agentId, framework.Id.Value), framework);

    public void Executor(RunPlace run, ExecutorInfo executor) =>
        store.Write(CheckpointPaths.ExecutorInfo(run.AgentId, run.FrameworkId, run.ExecutorId), executor);

    public void Task(RunPlace run, TaskInfo task) =>
        store.Write(CheckpointPaths.TaskInfo(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId, task.TaskId.Value), task);

    /// <summary>The nested container a task of the default executor runs in, and the tasks of its group; written before it is launched.</summary>
    public void TaskContainer(RunPlace run, TaskID taskId, string containerId, IEnumerable<string> group) =>
        store.Write(CheckpointPaths.TaskContainer(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId, taskId.Value),
            new TaskContainer { ContainerId = containerId, Group = { group } });

    /// <summary>Makes the container's runtime directory, where its exit recorder writes; returns the recorder's file.</summary>
    public string PrepareContainer(string containerId)
    {
        store.EnsureDirectory(CheckpointPaths.Container(containerId));
        return store.FullPath(CheckpointPaths.ContainerExitStatus(containerId));
    }

    /// <summary>The container's first process runs: recorded for every container, and in the run's place when it is checkpointed.</summary>
    public void Process(string containerId, RunPlace? run, ProcessIdentity process)
    {
        var pid = new ForkedPid { Pid = process.Pid, StartTime = process.StartTime, BootId = process.BootId };
        store.Write(CheckpointPaths.ContainerPid(containerId), pid);
        if (run is not null) store.Write(CheckpointPaths.ForkedPid(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId), pid);
    }

    /// <summary>Where a task's status updates are checkpointed, relative to the meta directory.</summary>
    public static string Updates(RunPlace run, TaskID taskId) =>
        CheckpointPaths.TaskUpdates(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId, taskId.Value);

    /// <summary>The run is over, its updates acknowledged: its checkpoints go, and its executor's and framework's when nothing else is left under them.</summary>
    public void ForgetRun(RunPlace run)
    {
        store.Delete(CheckpointPaths.Run(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId));
        var executor = CheckpointPaths.Executor(run.AgentId, run.FrameworkId, run.ExecutorId);
        if (store.Directories(executor + "/runs").Count == 0) store.Delete(executor);
        var framework = CheckpointPaths.Framework(run.AgentId, run.FrameworkId);
        if (store.Directories(framework + "/executors").Count == 0) store.Delete(framework);
    }

    public void ForgetContainer(string containerId) => store.Delete(CheckpointPaths.Container(containerId));

    /// <summary>Forgets everything, as after <c>--recover=cleanup</c>: the next start is a new agent.</summary>
    public void Clear()
    {
        foreach (var top in new[] { "slaves", CheckpointPaths.Containers }) store.Delete(top);
    }

    /// <summary>What an earlier run of the agent left; null when it left no agent id (a new agent).</summary>
    /// <exception cref="CorruptCheckpointException">A checkpoint is torn or empty.</exception>
    public RecoveredAgent? Recover()
    {
        var containers = store.Directories(CheckpointPaths.Containers)
            .Select(id => new RecoveredContainer(id, Identity(store.Read(CheckpointPaths.ContainerPid(id), ForkedPid.Parser)),
                store.FullPath(CheckpointPaths.ContainerExitStatus(id))))
            .ToList();
        if (store.Read(CheckpointPaths.LatestAgent, AgentID.Parser) is not { } agentId)
        {
            return containers.Count == 0 ? null : new RecoveredAgent(null, [], containers);
        }
        var info = store.Read(CheckpointPaths.AgentInfo(agentId.Value), AgentInfo.Parser)
            ?? throw new CorruptCheckpointException(store.FullPath(CheckpointPaths.AgentInfo(agentId.Value)), "the agent's id is checkpointed but not its info");
        var runs = new List<RecoveredRun>();
        var frameworks = CheckpointPaths.Agent(agentId.Value) + "/frameworks";
        foreach (var frameworkId in store.Directories(frameworks))
        {
            // Written first of all: a framework directory without it was being made when the agent stopped.
            if (store.Read(CheckpointPaths.FrameworkInfo(agentId.Value, frameworkId), FrameworkInfo.Parser) is not { } framework) continue;
            foreach (var executorId in store.Directories(CheckpointPaths.Framework(agentId.Value, frameworkId) + "/executors"))
            {
                if (store.Read(CheckpointPaths.ExecutorInfo(agentId.Value, frameworkId, executorId), ExecutorInfo.Parser) is not { } executor) continue;
                foreach (var containerId in store.Directories(CheckpointPaths.Executor(agentId.Value, frameworkId, executorId) + "/runs"))
                {
                    var place = new RunPlace(agentId.Value, frameworkId, executorId, containerId);
                    runs.Add(new RecoveredRun(framework, executor, place,
                        Identity(store.Read(CheckpointPaths.ForkedPid(agentId.Value, frameworkId, executorId, containerId), ForkedPid.Parser)),
                        RecoverTasks(place)));
                }
            }
        }
        return new RecoveredAgent(info, runs, containers);
    }

    private List<RecoveredTask> RecoverTasks(RunPlace run)
    {
        var tasks = new List<RecoveredTask>();
        var directory = CheckpointPaths.Run(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId) + "/tasks";
        foreach (var taskId in store.Directories(directory))
        {
            if (store.Read(CheckpointPaths.TaskInfo(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId, taskId), TaskInfo.Parser) is not { } task) continue;
            var updates = store.Read(CheckpointPaths.TaskUpdates(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId, taskId), TaskUpdates.Parser);
            var container = store.Read(CheckpointPaths.TaskContainer(run.AgentId, run.FrameworkId, run.ExecutorId, run.ContainerId, taskId), Mesos.Internal.Checkpoints.TaskContainer.Parser);
            tasks.Add(new RecoveredTask(task, updates ?? new TaskUpdates(), container));
        }
        return tasks;
    }

    private static ProcessIdentity? Identity(ForkedPid? pid) => pid is null ? null : new ProcessIdentity(pid.Pid, pid.StartTime, pid.BootId);
}

/// <summary>Where an executor run's checkpoints live: the ids that name its directories.</summary>
internal sealed record RunPlace(string AgentId, string FrameworkId, string ExecutorId, string ContainerId);

/// <param name="Info">The agent's info with its id; null when an earlier run never registered but left containers.</param>
internal sealed record RecoveredAgent(AgentInfo? Info, IReadOnlyList<RecoveredRun> Runs, IReadOnlyList<RecoveredContainer> Containers);

/// <param name="Process">The run's container's first process; null when the agent stopped before it was checkpointed.</param>
internal sealed record RecoveredRun(FrameworkInfo Framework, ExecutorInfo Executor, RunPlace Place, ProcessIdentity? Process, IReadOnlyList<RecoveredTask> Tasks);

/// <param name="Container">For a task of the default executor, the nested container it runs in; null for any other, or when it was not launched.</param>
internal sealed record RecoveredTask(TaskInfo Info, TaskUpdates Updates, TaskContainer? Container = null);

/// <summary>A container an earlier run of the agent started, of any framework, and the file its exit recorder writes.</summary>
internal sealed record RecoveredContainer(string ContainerId, ProcessIdentity? Process, string ExitStatusFile);
