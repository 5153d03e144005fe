using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using MesosTask = Mesos.V1.Task;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>Who runs an executor's tasks.</summary>
internal enum ExecutorKind
{
    /// <summary>The executor Mesos makes up for one command task: a <see cref="TaskSupervisor"/>.</summary>
    Command,

    /// <summary>A framework's own executor, a process that speaks the executor API: an <see cref="ExecutorSupervisor"/>.</summary>
    Custom,

    /// <summary>Mesos' default executor of task groups, run inside the agent: a <see cref="DefaultExecutor"/>.</summary>
    Default,
}

/// <summary>
/// One run of an executor: its container and sandbox, the actor that runs it while it lives, and the
/// tasks it was given, each with the statuses its framework received.
/// </summary>
internal sealed class ExecutorRun(FrameworkInfo framework, ExecutorInfo info, ExecutorKind kind, string containerId, string directory, IActorRef runner)
{
    private readonly List<ExecutorTask> _tasks = [];

    public FrameworkInfo Framework { get; } = framework;
    public FrameworkID FrameworkId => Framework.Id;
    public ExecutorInfo Info { get; } = info;
    public ExecutorID ExecutorId => Info.ExecutorId;
    public ExecutorKind Kind { get; } = kind;
    public string ContainerId { get; } = containerId;
    public string Directory { get; } = directory;

    /// <summary>Where the run is checkpointed; null when its framework does not checkpoint.</summary>
    public Checkpoints.RunPlace? Checkpoint { get; init; }

    /// <summary>Null once the executor has ended.</summary>
    public IActorRef? Runner { get; set; } = runner;

    /// <summary>A custom executor has subscribed once; from then on its calls are taken.</summary>
    public bool Subscribed { get; set; }

    /// <summary>The pid of a custom executor's process, once it runs.</summary>
    public int? Pid { get; set; }

    /// <summary>The run's containers (the executor's, or its tasks'), for their usage while they run.</summary>
    public List<IContainer> Containers { get; } = [];

    public IReadOnlyList<ExecutorTask> Tasks => _tasks;

    public ExecutorTask Add(TaskInfo task, bool launched)
    {
        var added = new ExecutorTask(task) { Launched = launched };
        _tasks.Add(added);
        return added;
    }

    public ExecutorTask? Task(TaskID taskId) => _tasks.Find(t => t.Info.TaskId.Value == taskId.Value);

    /// <summary>Ended, and every task's terminal update acknowledged: nothing is left to do for this run.</summary>
    public bool Done => Runner is null && _tasks.TrueForAll(t => t.Acknowledged);

    /// <summary>A task as the master records it.</summary>
    public MesosTask Describe(ExecutorTask task, AgentID? agentId)
    {
        var described = new MesosTask
        {
            Name = task.Info.Name,
            TaskId = task.Info.TaskId,
            FrameworkId = FrameworkId,
            ExecutorId = ExecutorId,
            AgentId = agentId ?? task.Info.AgentId,
            State = task.Latest?.State ?? TaskState.TaskStaging,
            KillPolicy = task.Info.KillPolicy,
        };
        described.Resources.AddRange(task.Info.Resources);
        if (task.Latest is { } latest)
        {
            described.Statuses.Add(latest);
            // The update last sent towards the framework, whose acknowledgement the agent waits for, as Mesos' agent keeps it.
            described.StatusUpdateState = latest.State;
            if (latest.HasUuid) described.StatusUpdateUuid = latest.Uuid;
        }
        if (task.Info.Labels is not null) described.Labels = task.Info.Labels;
        return described;
    }

    /// <summary>The run as operators see it, every task with all its statuses.</summary>
    public ExecutorView View(AgentID? agentId)
    {
        var tasks = _tasks.Select(t =>
        {
            var task = Describe(t, agentId).Clone();
            // Mesos leaves a command task's executor id unset: its executor is one the agent made up.
            if (Kind == ExecutorKind.Command) task.ExecutorId = null;
            task.Statuses.Clear();
            task.Statuses.AddRange(t.Statuses.Select(s => s.Clone()));
            return new TaskView(task, t.Phase);
        }).ToList();
        var container = Pid is { } pid
            ? new ContainerStatus { ContainerId = new ContainerID { Value = ContainerId }, ExecutorPid = (uint)pid }
            : _tasks.SelectMany(t => t.Statuses).LastOrDefault(s => s.ContainerStatus is not null)?.ContainerStatus?.Clone();
        return new ExecutorView(Info, ContainerId, Directory, tasks, container);
    }
}

/// <summary>A task given to an executor, and the statuses its framework received.</summary>
internal sealed class ExecutorTask(TaskInfo info)
{
    private readonly HashSet<Google.Protobuf.ByteString> _received = [];
    private readonly List<TaskStatus> _statuses = [];

    public TaskInfo Info { get; } = info;
    public IReadOnlyList<TaskStatus> Statuses => _statuses;

    /// <summary>Takes a status for the task; false when one with its uuid was taken before (an executor resending what the agent holds).</summary>
    public bool Receive(TaskStatus status)
    {
        if (!_received.Add(status.Uuid)) return false;
        _statuses.Add(status);
        return true;
    }

    /// <summary>Whether an update with this uuid was taken, before the agent's restart too.</summary>
    public bool Received(Google.Protobuf.ByteString uuid) => _received.Contains(uuid);

    /// <summary>Remembers updates an earlier run of the agent took, of which only the uuid is left.</summary>
    public void Received(IEnumerable<Google.Protobuf.ByteString> uuids) => _received.UnionWith(uuids);
    public TaskStatus? Latest => Statuses.Count > 0 ? Statuses[^1] : null;
    public bool Terminal => Latest is { } latest && TaskStates.IsTerminal(latest.State);

    /// <summary>The executor has the task (a custom executor gets it once it subscribes).</summary>
    public bool Launched { get; set; }

    /// <summary>The task's terminal update was acknowledged.</summary>
    public bool Acknowledged { get; set; }

    public AgentTaskPhase Phase =>
        Acknowledged ? AgentTaskPhase.Completed
        : Terminal ? AgentTaskPhase.Terminated
        : Launched ? AgentTaskPhase.Launched
        : AgentTaskPhase.Queued;
}
