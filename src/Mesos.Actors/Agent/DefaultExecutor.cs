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
/// <see cref="ExecutorEnded"/>, and stops.
/// </summary>
internal sealed class DefaultExecutor : ReceiveActor
{
    private readonly ExecutorLaunch _launch;
    private readonly IContainerizer _containerizer;
    private readonly ILoggingAdapter _log;
    private readonly Dictionary<string, ActiveTask> _active = [];
    private bool _shuttingDown;

    public DefaultExecutor(ExecutorLaunch launch, IContainerizer containerizer)
    {
        _launch = launch;
        _containerizer = containerizer;
        _log = Context.GetLogger();
        Receive<LaunchExecutorGroup>(Launch);
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

    private void Launch(LaunchExecutorGroup launch)
    {
        var group = launch.Group.Tasks.Select(t => t.TaskId.Value).ToList();
        foreach (var task in launch.Group.Tasks)
        {
            var taskLaunch = new TaskLaunch(_launch.AgentId, _launch.AgentEndpoint, _launch.Framework, task, Guid.NewGuid().ToString(), _launch.WorkDirectory,
                Path.Combine(_launch.SandboxDirectory, "tasks", task.TaskId.Value), _launch.Executor, _launch.ContainerId);
            var supervisor = Context.ActorOf(Props.Create(() => new TaskSupervisor(taskLaunch, _containerizer)));
            Context.WatchWith(supervisor, new SupervisorStopped(task.TaskId.Value));
            _active[task.TaskId.Value] = new ActiveTask(supervisor, group);
        }
        Context.Parent.Tell(new ExecutorTasksLaunched(_launch.ContainerId, [.. launch.Group.Tasks.Select(t => t.TaskId)]));
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
