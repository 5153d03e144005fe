using System.Threading.Channels;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Akka.Actor;
using Mesos.V1;
using Mesos.V1.Executor;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// Runs a framework's own executor as Mesos' agent does: starts its command in a container, holds its tasks
/// until it subscribes over the executor API, then passes it tasks, kills, messages and acknowledgements as
/// events. One that does not subscribe within the registration timeout is killed; one told to shut down gets
/// its grace period first. When the executor's process ends it tells the parent <see cref="ExecutorEnded"/>,
/// and stops. After the agent's restart it re-attaches to an executor an earlier run started instead
/// (<see cref="ExecutorRecovery"/>): that executor has until the reregistration timeout, counted once the
/// executor API listens (<see cref="AwaitReregistration"/>), to subscribe again, or it is killed.
/// </summary>
internal sealed class ExecutorSupervisor : ReceiveActor, IWithTimers
{
    private readonly ExecutorLaunch _launch;
    private readonly IContainerizer _containerizer;
    private readonly ILoggingAdapter _log;
    private readonly List<QueuedLaunch> _queued = [];
    private IContainer? _container;
    private ChannelWriter<Event>? _events;
    private bool _shuttingDown;
    private bool _destroying;
    private Ending? _ending;
    private ExecutorRecovery? _recovery;

    /// <param name="recovery">The executor an earlier run of the agent started, to re-attach to instead of launching.</param>
    public ExecutorSupervisor(ExecutorLaunch launch, IContainerizer containerizer, ExecutorRecovery? recovery = null)
    {
        _launch = launch;
        _containerizer = containerizer;
        _recovery = recovery;
        _log = Context.GetLogger();
        Receive<ContainerLaunched>(Launched);
        Receive<ContainerLaunchFailed>(failed => End(null, _recovery is null
            ? new Ending(TaskState.TaskFailed, TaskStatus.Types.Reason.ContainerLaunchFailed, $"Failed to launch the executor: {failed.Cause.Message}")
            : new Ending(TaskState.TaskFailed, TaskStatus.Types.Reason.ExecutorTerminated, $"Failed to re-attach to the executor after the agent's restart: {failed.Cause.Message}")));
        Receive<ContainerExited>(exited => End(exited.Termination, _ending ?? Limited(exited.Termination)));
        Receive<RegistrationTimedOut>(_ => RegistrationTimeout());
        Receive<AwaitReregistration>(_ =>
        {
            if (_recovery is not null && _events is null && !_destroying)
            {
                Timers.StartSingleTimer(ReregistrationTimedOut.Instance, ReregistrationTimedOut.Instance, _launch.ReregistrationTimeout);
            }
        });
        Receive<ReregistrationTimedOut>(_ => ReregistrationTimeout());
        Receive<ShutdownGraceElapsed>(_ => Destroy());
        Receive<ExecutorSubscription>(Subscribe);
        Receive<ExecutorStreamClosed>(closed =>
        {
            if (closed.Events == _events) _events = null;
        });
        Receive<LaunchExecutorTask>(launch => Launch(new QueuedLaunch(launch.Task, null)));
        Receive<LaunchExecutorGroup>(launch => Launch(new QueuedLaunch(null, launch.Group)));
        Receive<KillExecutorTask>(Kill);
        Receive<FrameworkMessage>(message => Send(new Event { Type = Event.Types.Type.Message, Message = new Event.Types.Message { Data = message.Data } }, "a framework message"));
        Receive<UpdateAcknowledged>(ack => Send(new Event
        {
            Type = Event.Types.Type.Acknowledged,
            Acknowledged = new Event.Types.Acknowledged { TaskId = ack.TaskId, Uuid = ack.Uuid },
        }, "an acknowledgement"));
        Receive<ShutdownExecutor>(_ => Shutdown());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_recovery is not null)
        {
            _containerizer.RecoverFor(_recovery.Container, Self);
            return;
        }
        var command = _launch.Executor.Command;
        _containerizer.LaunchFor(new ContainerLaunch(_launch.ContainerId, _launch.WorkDirectory, _launch.SandboxDirectory, command, _launch.Environment(),
            [.. _launch.Executor.Resources], _launch.Executor.Container, _launch.Labels(), _launch.User, _launch.ExitStatusFile), Self);
        Timers.StartSingleTimer(RegistrationTimedOut.Instance, RegistrationTimedOut.Instance, _launch.RegistrationTimeout);
    }

    private void Launched(ContainerLaunched launched)
    {
        _container = launched.Container;
        _container.WatchFor(Self);
        _log.Info("Executor {Executor} of framework {Framework} {Runs} as pid {Pid} in {Sandbox}",
            _launch.ExecutorId.Value, _launch.FrameworkId.Value, _recovery is null ? "runs" : "found again", _container.Pid, _launch.SandboxDirectory);
        Context.Parent.Tell(ContainerStarted.Of(_launch.ContainerId, _container, _recovery?.Container));
        if (_destroying) _container.Kill(TimeSpan.Zero);
    }

    private void RegistrationTimeout() =>
        TimedOut("register", _launch.RegistrationTimeout, TaskStatus.Types.Reason.ExecutorRegistrationTimeout);

    // As Mesos: an executor found running after the agent's restart that does not subscribe again in time is killed, and its tasks fail.
    private void ReregistrationTimeout() =>
        TimedOut("reregister", _launch.ReregistrationTimeout, TaskStatus.Types.Reason.ExecutorReregistrationTimeout);

    private void TimedOut(string what, TimeSpan timeout, TaskStatus.Types.Reason reason)
    {
        _log.Warning("Executor {Executor} of framework {Framework} did not {What} within {Timeout}; killing it",
            _launch.ExecutorId.Value, _launch.FrameworkId.Value, what, timeout);
        _ending = new Ending(TaskState.TaskFailed, reason, $"Executor did not {what} within {MesosDuration.Format(timeout)}");
        Destroy();
    }

    private void Subscribe(ExecutorSubscription subscription)
    {
        if (_shuttingDown || _destroying)
        {
            // As Mesos: an executor that is being torn down is told to shut down, whatever it asks.
            subscription.Events.TryWrite(new Event { Type = Event.Types.Type.Shutdown });
            subscription.Events.TryComplete();
            return;
        }
        Timers.Cancel(RegistrationTimedOut.Instance);
        Timers.Cancel(ReregistrationTimedOut.Instance);
        _events?.TryComplete();
        _events = subscription.Events;
        _log.Info("Executor {Executor} of framework {Framework} subscribed", _launch.ExecutorId.Value, _launch.FrameworkId.Value);
        _events.TryWrite(new Event
        {
            Type = Event.Types.Type.Subscribed,
            Subscribed = new Event.Types.Subscribed
            {
                ExecutorInfo = _launch.Executor,
                FrameworkInfo = _launch.Framework,
                AgentInfo = subscription.Agent,
                ContainerId = new ContainerID { Value = _launch.ContainerId },
            },
        });
        var queued = _queued.ToList();
        _queued.Clear();
        foreach (var launch in queued)
        {
            // What the executor says it holds from an earlier subscription is not sent twice.
            if (launch.TaskIds.All(id => subscription.TasksItHas.Contains(id.Value))) Launched(launch);
            else Deliver(launch);
        }
        if (_recovery is { } recovery) Resubscribed(recovery, subscription);
    }

    /// <summary>
    /// As Mesos: a task an earlier run of the agent gave the executor that never reported on it, and that the executor
    /// does not say it has, was lost in the agent's restart.
    /// </summary>
    private void Resubscribed(ExecutorRecovery recovery, ExecutorSubscription subscription)
    {
        _recovery = recovery with { Staged = [] };
        var state = _launch.Framework.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.PartitionAware)
            ? TaskState.TaskDropped
            : TaskState.TaskLost;
        foreach (var taskId in recovery.Staged.Where(id => !subscription.TasksItHas.Contains(id.Value)))
        {
            Report(taskId, state, TaskStatus.Types.Reason.AgentRestarted, "Task launched during agent restart");
        }
    }

    private void Launch(QueuedLaunch launch)
    {
        if (_events is null) _queued.Add(launch);
        else Deliver(launch);
    }

    private void Deliver(QueuedLaunch launch)
    {
        _events!.TryWrite(launch.Task is { } task
            ? new Event { Type = Event.Types.Type.Launch, Launch = new Event.Types.Launch { Task = task } }
            : new Event { Type = Event.Types.Type.LaunchGroup, LaunchGroup = new Event.Types.LaunchGroup { TaskGroup = launch.Group } });
        Launched(launch);
    }

    private void Launched(QueuedLaunch launch) => Context.Parent.Tell(new ExecutorTasksLaunched(_launch.ContainerId, launch.TaskIds));

    // As Mesos: a task the executor does not have yet is killed here, with the rest of its group.
    private void Kill(KillExecutorTask kill)
    {
        var queued = _queued.Find(q => q.TaskIds.Any(id => id.Value == kill.TaskId.Value));
        if (queued is not null)
        {
            _queued.Remove(queued);
            foreach (var taskId in queued.TaskIds)
            {
                Report(taskId, TaskState.TaskKilled, TaskStatus.Types.Reason.TaskKilledDuringLaunch, "Killed before it reached its executor");
            }
            return;
        }
        var killEvent = new Event.Types.Kill { TaskId = kill.TaskId };
        if (kill.Policy is not null) killEvent.KillPolicy = kill.Policy;
        Send(new Event { Type = Event.Types.Type.Kill, Kill = killEvent }, "a kill");
    }

    private void Shutdown()
    {
        if (_shuttingDown) return;
        _shuttingDown = true;
        if (_events is null)
        {
            Destroy();
            return;
        }
        _log.Info("Shutting down executor {Executor} of framework {Framework}; it has {Grace} to end",
            _launch.ExecutorId.Value, _launch.FrameworkId.Value, _launch.GracePeriod);
        _events.TryWrite(new Event { Type = Event.Types.Type.Shutdown });
        Timers.StartSingleTimer(ShutdownGraceElapsed.Instance, ShutdownGraceElapsed.Instance, _launch.GracePeriod);
    }

    private void Destroy()
    {
        _destroying = true;
        _container?.Kill(TimeSpan.Zero);
    }

    private void Send(Event e, string what)
    {
        if (_events is null || !_events.TryWrite(e))
        {
            _log.Warning("Dropping {What} for executor {Executor} of framework {Framework}: it is not connected",
                what, _launch.ExecutorId.Value, _launch.FrameworkId.Value);
        }
    }

    private void Report(TaskID taskId, TaskState state, TaskStatus.Types.Reason reason, string message) =>
        Context.Parent.Tell(new TaskStatusChanged(_launch.FrameworkId, new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Reason = reason,
            Message = message,
            Source = TaskStatus.Types.Source.Agent,
            AgentId = _launch.AgentId,
            ExecutorId = _launch.ExecutorId,
        }));

    // As Mesos: tasks the executor leaves behind fail, unless the agent ended it for a reason of its own.
    private void End(ContainerTermination? termination, Ending? ending)
    {
        ending ??= new Ending(TaskState.TaskFailed, TaskStatus.Types.Reason.ExecutorTerminated, "Executor terminated");
        _log.Info("Executor {Executor} of framework {Framework} {Ended}", _launch.ExecutorId.Value, _launch.FrameworkId.Value,
            termination?.Describe() ?? ending.Message);
        _events?.TryComplete();
        // -1, as Mesos reports an executor whose exit status is unknown.
        Context.Parent.Tell(new ExecutorEnded(_launch.ContainerId, termination?.WaitStatus ?? -1, ending.State, ending.Reason, ending.Message));
        Context.Stop(Self);
    }

    // As Mesos: an executor whose container went over a limit takes its tasks down with the limitation's reason.
    private static Ending? Limited(ContainerTermination? termination) =>
        termination?.Limitation is { } limitation ? new Ending(TaskState.TaskFailed, limitation.Reason, limitation.Message) : null;

    private sealed record QueuedLaunch(TaskInfo? Task, TaskGroupInfo? Group)
    {
        public IReadOnlyList<TaskID> TaskIds => Task is not null ? [Task.TaskId] : [.. Group!.Tasks.Select(t => t.TaskId)];
    }

    private sealed record Ending(TaskState State, TaskStatus.Types.Reason Reason, string Message);

    private sealed record RegistrationTimedOut
    {
        public static readonly RegistrationTimedOut Instance = new();
    }

    private sealed record ShutdownGraceElapsed
    {
        public static readonly ShutdownGraceElapsed Instance = new();
    }

    private sealed record ReregistrationTimedOut
    {
        public static readonly ReregistrationTimedOut Instance = new();
    }
}

/// <summary>An executor an earlier run of the agent started, to re-attach to.</summary>
/// <param name="Container">Its container, with the process found again.</param>
/// <param name="Staged">Its tasks that had not ended and of which it never reported anything: lost unless it says it has them.</param>
internal sealed record ExecutorRecovery(ContainerRecovery Container, IReadOnlyList<TaskID> Staged);

/// <summary>The agent's executor API listens: executors found running after its restart have from now their reregistration timeout to subscribe again.</summary>
internal sealed record AwaitReregistration
{
    public static readonly AwaitReregistration Instance = new();
}
