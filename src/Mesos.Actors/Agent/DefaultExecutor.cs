using Mesos.Actors.Containerizer;
using Akka.Actor;
using Mesos.V1;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// Mesos' default executor, inside the agent: runs each task of the task groups it is given as a command
/// in a container nested in its own, with the task's sandbox at <c>tasks/&lt;task_id&gt;</c> of the
/// executor's. Each task has its own status updates. When a task of a group fails or is killed, the other
/// tasks of that group are killed. Once no task is left, the executor ends: it tells the parent
/// <see cref="ExecutorEnded"/>, and stops. After the agent's restart it takes back the tasks an earlier run
/// of it launched, each re-attached to its container (<see cref="RecoveredNestedTask"/>).
/// </summary>
internal sealed class DefaultExecutor : ReceiveActor
{
    private readonly ExecutorLaunch _launch;
    private readonly IContainerizer _containerizer;
    private readonly ILoggingAdapter _log;
    private readonly Dictionary<string, ActiveTask> _active = [];
    private readonly IReadOnlyList<RecoveredNestedTask> _recovered;
    private bool _shuttingDown;

    /// <param name="recovered">The tasks an earlier run of the agent launched under this executor that had not ended.</param>
    public DefaultExecutor(ExecutorLaunch launch, IContainerizer containerizer, IReadOnlyList<RecoveredNestedTask>? recovered = null)
    {
        _launch = launch;
        _containerizer = containerizer;
        _recovered = recovered ?? [];
        _log = Context.GetLogger();
        Receive<LaunchNestedGroup>(Launch);
        Receive<TaskStatusChanged>(Changed);
        Receive<ContainerStarted>(started => Context.Parent.Forward(started));
        Receive<KillExecutorTask>(kill =>
        {
            if (_active.TryGetValue(kill.TaskId.Value, out var task)) task.Supervisor.Tell(new KillTask(kill.Policy));
        });
        Receive<ShutdownExecutor>(_ =>
        {
            _shuttingDown = true;
            foreach (var task in _active.Values) task.Supervisor.Tell(new KillTask(null));
            EndIfIdle();
        });
        Receive<SupervisorStopped>(stopped =>
        {
            _active.Remove(stopped.TaskId);
            EndIfIdle();
        });
        Receive<FrameworkMessage>(_ => _log.Debug("The default executor takes no framework messages; dropping one"));
    }

    protected override void PreStart()
    {
        foreach (var task in _recovered)
        {
            _log.Info("Re-attaching to task {Task} of default executor {Executor} (pid {Pid})", task.Task.TaskId.Value, _launch.ExecutorId.Value, task.Container.Process.Pid);
            Supervise(task.Task, task.Group, TaskLaunch(task.Task, task.Container.ContainerId), task.Container, task.Latest);
        }
    }

    private void Launch(LaunchNestedGroup launch)
    {
        var group = launch.Tasks.Select(t => t.Task.TaskId.Value).ToList();
        foreach (var nested in launch.Tasks)
        {
            Supervise(nested.Task, group, TaskLaunch(nested.Task, nested.ContainerId) with { ExitStatusFile = nested.ExitStatusFile }, null, null);
        }
        Context.Parent.Tell(new ExecutorTasksLaunched(_launch.ContainerId, [.. launch.Tasks.Select(t => t.Task.TaskId)]));
    }

    private TaskLaunch TaskLaunch(TaskInfo task, string containerId) =>
        new(_launch.AgentId, _launch.AgentEndpoint, _launch.Framework, task, containerId, _launch.WorkDirectory,
            SandboxLayout.TaskDirectory(_launch.SandboxDirectory, task.TaskId.Value), _launch.Executor, _launch.ContainerId);

    private void Supervise(TaskInfo task, IReadOnlyList<string> group, TaskLaunch launch, ContainerRecovery? recovery, TaskStatus? latest)
    {
        var supervisor = Context.ActorOf(Props.Create(() => new TaskSupervisor(launch, _containerizer, recovery, latest)));
        Context.WatchWith(supervisor, new SupervisorStopped(task.TaskId.Value));
        _active[task.TaskId.Value] = new ActiveTask(supervisor, group);
    }

    // The default restart policy of a task group, as Mesos': one task failing or killed takes its group with it.
    private void Changed(TaskStatusChanged changed)
    {
        Context.Parent.Tell(changed);
        var state = changed.Status.State;
        if (_shuttingDown || state is not (TaskState.TaskFailed or TaskState.TaskKilled)) return;
        if (!_active.TryGetValue(changed.Status.TaskId.Value, out var ended) || ended.KillingGroup) return;
        _log.Info("Task {Task} of executor {Executor} ended {State}: killing the rest of its group",
            changed.Status.TaskId.Value, _launch.ExecutorId.Value, state);
        foreach (var other in ended.Group.Where(id => id != changed.Status.TaskId.Value).Select(id => _active.GetValueOrDefault(id)).OfType<ActiveTask>())
        {
            other.KillingGroup = true;
            other.Supervisor.Tell(new KillTask(null));
        }
    }

    private void EndIfIdle()
    {
        if (_active.Count > 0) return;
        _log.Info("Default executor {Executor} of framework {Framework} has no task left; it ends",
            _launch.ExecutorId.Value, _launch.FrameworkId.Value);
        Context.Parent.Tell(new ExecutorEnded(_launch.ContainerId, 0, TaskState.TaskFailed, TaskStatus.Types.Reason.ExecutorTerminated, "Executor terminated"));
        Context.Stop(Self);
    }

    private sealed class ActiveTask(IActorRef supervisor, IReadOnlyList<string> group)
    {
        public IActorRef Supervisor { get; } = supervisor;
        public IReadOnlyList<string> Group { get; } = group;
        public bool KillingGroup { get; set; }
    }

    private sealed record SupervisorStopped(string TaskId);
}

/// <summary>To the default executor: run a task group, each task in the nested container the agent chose for it.</summary>
internal sealed record LaunchNestedGroup(IReadOnlyList<NestedTask> Tasks);

/// <param name="ExitStatusFile">Where the task's process records how it ended, for a restarted agent; null when the task does not outlive its agent.</param>
internal sealed record NestedTask(TaskInfo Task, string ContainerId, string? ExitStatusFile);

/// <summary>A task of the default executor that an earlier run of the agent launched and that had not ended.</summary>
/// <param name="Group">The tasks launched in one group with it.</param>
/// <param name="Latest">Its last status before the restart.</param>
internal sealed record RecoveredNestedTask(TaskInfo Task, IReadOnlyList<string> Group, ContainerRecovery Container, TaskStatus? Latest);
