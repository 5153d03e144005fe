using Mesos.Actors.Runtime;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// The tasks an agent knows: from RUN_TASK until both their supervisor has stopped and their terminal
/// update has been acknowledged. What a SUBSCRIBE reports as still here.
/// </summary>
internal sealed class AgentTasks
{
    private readonly Dictionary<StreamKey, Entry> _tasks = [];

    public int Count => _tasks.Count;

    public bool Contains(FrameworkID frameworkId, TaskID taskId) => _tasks.ContainsKey(StreamKey.Of(frameworkId, taskId));

    public void Add(FrameworkInfo framework, TaskInfo task, IActorRef supervisor) =>
        _tasks[StreamKey.Of(framework.Id, task.TaskId)] = new Entry(framework, task, supervisor);

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
        if (_tasks.TryGetValue(StreamKey.Of(frameworkId, status.TaskId), out var entry)) entry.Latest = status;
    }

    public void SupervisorStopped(FrameworkID frameworkId, TaskID taskId)
    {
        var key = StreamKey.Of(frameworkId, taskId);
        if (!_tasks.TryGetValue(key, out var entry)) return;
        entry.Supervisor = null;
        if (entry.Acknowledged) _tasks.Remove(key);
    }

    public void TerminalUpdateAcknowledged(FrameworkID frameworkId, TaskID taskId)
    {
        var key = StreamKey.Of(frameworkId, taskId);
        if (!_tasks.TryGetValue(key, out var entry)) return;
        entry.Acknowledged = true;
        if (entry.Supervisor is null) _tasks.Remove(key);
    }

    /// <summary>The tasks as the master records them, with the frameworks they belong to.</summary>
    public (IReadOnlyList<MesosTask> Tasks, IReadOnlyList<FrameworkInfo> Frameworks) Describe(AgentID? agentId)
    {
        var tasks = _tasks.Values.Select(e => e.Describe(agentId)).ToList();
        var frameworks = _tasks.Values.Select(e => e.Framework).DistinctBy(f => f.Id.Value).ToList();
        return (tasks, frameworks);
    }

    private sealed class Entry(FrameworkInfo framework, TaskInfo task, IActorRef supervisor)
    {
        public FrameworkInfo Framework { get; } = framework;
        public TaskInfo Task { get; } = task;
        public IActorRef? Supervisor { get; set; } = supervisor;
        public TaskStatus? Latest { get; set; }
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
    }
}
