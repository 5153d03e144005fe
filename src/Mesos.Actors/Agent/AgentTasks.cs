using Mesos.Actors.Runtime;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// The tasks an agent knows: from RUN_TASK until both their supervisor has stopped and their terminal
/// update has been acknowledged. What a SUBSCRIBE reports as still here, and what operators see running.
/// </summary>
internal sealed class AgentTasks
{
    private readonly Dictionary<StreamKey, Entry> _tasks = [];

    public int Count => _tasks.Count;

    public bool Contains(FrameworkID frameworkId, TaskID taskId) => _tasks.ContainsKey(StreamKey.Of(frameworkId, taskId));

    public void Add(TaskLaunch launch, IActorRef supervisor) =>
        _tasks[StreamKey.Of(launch.FrameworkId, launch.Task.TaskId)] = new Entry(launch, supervisor);

    /// <summary>The supervisor of a task that still runs, or null.</summary>
    public IActorRef? Supervisor(FrameworkID frameworkId, TaskID taskId) =>
        _tasks.TryGetValue(StreamKey.Of(frameworkId, taskId), out var entry) ? entry.Supervisor : null;

    /// <summary>The supervisors of the framework's running tasks.</summary>
    public IReadOnlyList<IActorRef> Supervisors(FrameworkID frameworkId) =>
        [.. _tasks.Values.Where(e => e.Framework.Id.Value == frameworkId.Value && e.Supervisor is not null).Select(e => e.Supervisor!)];

    public FrameworkInfo? Framework(FrameworkID frameworkId) =>
        _tasks.Values.FirstOrDefault(e => e.Framework.Id.Value == frameworkId.Value)?.Framework;

    public void Update(FrameworkID frameworkId, TaskStatus status)
    {
        if (_tasks.TryGetValue(StreamKey.Of(frameworkId, status.TaskId), out var entry)) entry.Statuses.Add(status);
    }

    /// <summary>Returns the task's final view when this makes the agent forget it, else null.</summary>
    public (FrameworkInfo Framework, ExecutorView Executor)? SupervisorStopped(FrameworkID frameworkId, TaskID taskId, AgentID? agentId)
    {
        var key = StreamKey.Of(frameworkId, taskId);
        if (!_tasks.TryGetValue(key, out var entry)) return null;
        entry.Supervisor = null;
        return entry.Acknowledged ? Forget(key, entry, agentId) : null;
    }

    /// <summary>Returns the task's final view when this makes the agent forget it, else null.</summary>
    public (FrameworkInfo Framework, ExecutorView Executor)? TerminalUpdateAcknowledged(FrameworkID frameworkId, TaskID taskId, AgentID? agentId)
    {
        var key = StreamKey.Of(frameworkId, taskId);
        if (!_tasks.TryGetValue(key, out var entry)) return null;
        entry.Acknowledged = true;
        return entry.Supervisor is null ? Forget(key, entry, agentId) : null;
    }

    /// <summary>Every task here as operators see it, and whether its executor (its supervisor) still runs.</summary>
    public IEnumerable<(FrameworkInfo Framework, ExecutorView Executor, bool Running)> Views(AgentID? agentId) =>
        _tasks.Values.Select(e => (e.Framework, e.View(agentId, taskCompleted: false), e.Supervisor is not null));

    private (FrameworkInfo, ExecutorView) Forget(StreamKey key, Entry entry, AgentID? agentId)
    {
        _tasks.Remove(key);
        return (entry.Framework, entry.View(agentId, taskCompleted: true));
    }

    /// <summary>The tasks as the master records them, with the frameworks they belong to.</summary>
    public (IReadOnlyList<MesosTask> Tasks, IReadOnlyList<FrameworkInfo> Frameworks) Describe(AgentID? agentId)
    {
        var tasks = _tasks.Values.Select(e => e.Describe(agentId)).ToList();
        var frameworks = _tasks.Values.Select(e => e.Framework).DistinctBy(f => f.Id.Value).ToList();
        return (tasks, frameworks);
    }

    private sealed class Entry(TaskLaunch launch, IActorRef supervisor)
    {
        public TaskLaunch Launch { get; } = launch;
        public FrameworkInfo Framework => Launch.Framework;
        public TaskInfo Task => Launch.Task;
        public IActorRef? Supervisor { get; set; } = supervisor;
        public List<TaskStatus> Statuses { get; } = [];
        public TaskStatus? Latest => Statuses.Count > 0 ? Statuses[^1] : null;
        public bool Acknowledged { get; set; }

        public MesosTask Describe(AgentID? agentId)
        {
            var described = new MesosTask
            {
                Name = Task.Name,
                TaskId = Task.TaskId,
                FrameworkId = Framework.Id,
                ExecutorId = new ExecutorID { Value = Task.TaskId.Value },
                AgentId = agentId ?? Task.AgentId,
                State = Latest?.State ?? TaskState.TaskStaging,
                KillPolicy = Task.KillPolicy,
            };
            described.Resources.AddRange(Task.Resources);
            if (Latest is not null) described.Statuses.Add(Latest);
            if (Task.Labels is not null) described.Labels = Task.Labels;
            return described;
        }

        // Mesos leaves a command task's executor id unset: its executor is one the agent made up.
        public ExecutorView View(AgentID? agentId, bool taskCompleted)
        {
            var task = Describe(agentId).Clone();
            task.ExecutorId = null;
            task.Statuses.Clear();
            task.Statuses.AddRange(Statuses.Select(s => s.Clone()));
            return new ExecutorView(Launch.Executor(), Launch.ContainerId, Launch.SandboxDirectory, task, taskCompleted);
        }
    }
}
