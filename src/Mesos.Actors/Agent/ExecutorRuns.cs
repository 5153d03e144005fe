using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// The executors an agent runs and the tasks it gave them, from launch until the executor has ended and
/// the terminal update of each of its tasks has been acknowledged. What a SUBSCRIBE reports as still here,
/// and what operators see running.
/// </summary>
internal sealed class ExecutorRuns
{
    // By container id: an executor id may have an ended run whose updates are still in flight beside a new run.
    private readonly Dictionary<string, ExecutorRun> _runs = [];
    private readonly Dictionary<(string Framework, string Executor), ExecutorRun> _running = [];
    private readonly Dictionary<StreamKey, ExecutorRun> _byTask = [];

    public bool Contains(FrameworkID frameworkId, TaskID taskId) => _byTask.ContainsKey(StreamKey.Of(frameworkId, taskId));

    public ExecutorRun? RunOf(FrameworkID frameworkId, TaskID taskId) => _byTask.GetValueOrDefault(StreamKey.Of(frameworkId, taskId));

    /// <summary>The run of this executor that has not ended, if any.</summary>
    public ExecutorRun? Running(FrameworkID frameworkId, ExecutorID executorId) =>
        _running.GetValueOrDefault((frameworkId.Value, executorId.Value));

    /// <summary>The framework's runs that have not ended.</summary>
    public IReadOnlyList<ExecutorRun> Running(FrameworkID frameworkId) =>
        [.. _running.Values.Where(r => r.FrameworkId.Value == frameworkId.Value)];

    public ExecutorRun? Run(string containerId) => _runs.GetValueOrDefault(containerId);

    /// <summary>Every run whose executor has not ended.</summary>
    public IEnumerable<ExecutorRun> RunningRuns() => _running.Values;

    public FrameworkInfo? Framework(FrameworkID frameworkId) =>
        _runs.Values.FirstOrDefault(r => r.FrameworkId.Value == frameworkId.Value)?.Framework;

    public void Add(ExecutorRun run)
    {
        _runs[run.ContainerId] = run;
        _running[(run.FrameworkId.Value, run.ExecutorId.Value)] = run;
    }

    public void AddTask(ExecutorRun run, TaskInfo task, bool launched)
    {
        run.Add(task, launched);
        _byTask[StreamKey.Of(run.FrameworkId, task.TaskId)] = run;
    }

    /// <summary>Records a status its framework will receive; false when the task is unknown, has already ended, or took that update before.</summary>
    public bool Update(FrameworkID frameworkId, TaskStatus status) =>
        RunOf(frameworkId, status.TaskId)?.Task(status.TaskId) is { Terminal: false } task && task.Receive(status);

    /// <summary>Returns the run's final view when this makes the agent forget it, else null.</summary>
    public (FrameworkInfo Framework, ExecutorView Executor, ExecutorRun Run)? Ended(ExecutorRun run, AgentID? agentId)
    {
        run.Runner = null;
        if (_running.TryGetValue((run.FrameworkId.Value, run.ExecutorId.Value), out var current) && current == run)
        {
            _running.Remove((run.FrameworkId.Value, run.ExecutorId.Value));
        }
        return ForgetIfDone(run, agentId);
    }

    /// <summary>Returns the run's final view when this makes the agent forget it, else null.</summary>
    public (FrameworkInfo Framework, ExecutorView Executor, ExecutorRun Run)? TerminalUpdateAcknowledged(FrameworkID frameworkId, TaskID taskId, AgentID? agentId)
    {
        if (RunOf(frameworkId, taskId) is not { } run || run.Task(taskId) is not { } task) return null;
        task.Acknowledged = true;
        return ForgetIfDone(run, agentId);
    }

    private (FrameworkInfo, ExecutorView, ExecutorRun)? ForgetIfDone(ExecutorRun run, AgentID? agentId)
    {
        if (!run.Done) return null;
        _runs.Remove(run.ContainerId);
        foreach (var task in run.Tasks) _byTask.Remove(StreamKey.Of(run.FrameworkId, task.Info.TaskId));
        return (run.Framework, run.View(agentId), run);
    }

    /// <summary>Every run here as operators see it, and whether its executor still runs.</summary>
    public IEnumerable<(FrameworkInfo Framework, ExecutorView Executor, bool Running)> Views(AgentID? agentId) =>
        _runs.Values.Select(r => (r.Framework, r.View(agentId), r.Runner is not null));

    /// <summary>The tasks as the master records them, the frameworks they belong to, and the executors frameworks named that still run.</summary>
    public (IReadOnlyList<MesosTask> Tasks, IReadOnlyList<FrameworkInfo> Frameworks, IReadOnlyList<ExecutorInfo> Executors) Describe(AgentID? agentId)
    {
        var tasks = _runs.Values.SelectMany(r => r.Tasks.Select(t => r.Describe(t, agentId))).ToList();
        var frameworks = _runs.Values.Select(r => r.Framework).DistinctBy(f => f.Id.Value).ToList();
        var executors = _running.Values.Where(r => r.Kind != ExecutorKind.Command).Select(r => r.Info).ToList();
        return (tasks, frameworks, executors);
    }
}
