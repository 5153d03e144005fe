using Mesos.Actors.Containerizer;
using Akka.Actor;
using Mesos.V1;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// Runs one command task as Mesos' command executor does: makes its sandbox, launches it through the
/// containerizer, reports TASK_STARTING and TASK_RUNNING, and its end (FINISHED, FAILED or KILLED) to
/// the parent as <see cref="TaskStatusChanged"/>; then stops.
/// </summary>
internal sealed class TaskSupervisor : ReceiveActor
{
    private readonly TaskLaunch _launch;
    private readonly IContainerizer _containerizer;
    private readonly ILoggingAdapter _log;
    private IContainer? _container;
    private bool _killing;
    private TimeSpan? _killGrace;

    public TaskSupervisor(TaskLaunch launch, IContainerizer containerizer)
    {
        _launch = launch;
        _containerizer = containerizer;
        _log = Context.GetLogger();
        Receive<ContainerLaunched>(Launched);
        Receive<ContainerLaunchFailed>(LaunchFailed);
        Receive<ContainerExited>(Exited);
        Receive<KillTask>(Kill);
    }

    protected override void PreStart()
    {
        Report(TaskState.TaskStarting);
        _containerizer.LaunchFor(new ContainerLaunch(_launch.ContainerId, _launch.SandboxDirectory, _launch.Task.Command,
            _launch.Environment(), [.. _launch.Task.Resources], _launch.Task.Container, _launch.Labels()), Self);
    }

    private void Launched(ContainerLaunched launched)
    {
        _container = launched.Container;
        _container.WatchFor(Self);
        Context.Parent.Tell(new ContainerStarted(_launch.ParentContainerId ?? _launch.ContainerId, _container));
        _log.Info("Task {Task} of framework {Framework} runs as pid {Pid} in {Sandbox}",
            _launch.Task.TaskId.Value, _launch.FrameworkId.Value, _container.Pid, _launch.SandboxDirectory);
        if (_killing)
        {
            _container.Kill(_killGrace);
            return;
        }
        Report(TaskState.TaskRunning);
    }

    private void LaunchFailed(ContainerLaunchFailed failed)
    {
        if (_killing)
        {
            Finish(TaskState.TaskKilled, "Task killed before it was launched", TaskStatus.Types.Reason.TaskKilledDuringLaunch);
            return;
        }
        Finish(TaskState.TaskFailed, $"Failed to launch the task: {failed.Cause.Message}", TaskStatus.Types.Reason.ContainerLaunchFailed);
    }

    private void Exited(ContainerExited exited)
    {
        if (exited.Termination is not { } termination)
        {
            Finish(TaskState.TaskFailed, $"Lost track of the task's process: {exited.Cause?.Message}", TaskStatus.Types.Reason.ExecutorTerminated);
        }
        else if (termination.Limitation is { } limitation)
        {
            // As Mesos: the agent, not the executor, ends a task for the limit its container went over.
            Finish(TaskState.TaskFailed, limitation.Message, limitation.Reason, TaskStatus.Types.Source.Agent);
        }
        else if (_killing)
        {
            Finish(TaskState.TaskKilled, $"Command {termination.Describe()}", null);
        }
        else if (termination.Succeeded)
        {
            Finish(TaskState.TaskFinished, $"Command {termination.Describe()}", null);
        }
        else
        {
            Finish(TaskState.TaskFailed, $"Command {termination.Describe()}", null);
        }
    }

    private void Kill(KillTask kill)
    {
        if (_killing) return;
        _killing = true;
        // Without a grace period from the kill or the task, the containerizer's own applies.
        var grace = kill.Policy?.GracePeriod ?? _launch.Task.KillPolicy?.GracePeriod;
        _killGrace = grace is null ? null : TimeSpan.FromTicks(Math.Max(0, grace.Nanoseconds / 100));
        if (_launch.FrameworkHas(FrameworkInfo.Types.Capability.Types.Type.TaskKillingState)) Report(TaskState.TaskKilling);
        _container?.Kill(_killGrace);
    }

    private void Finish(TaskState state, string message, TaskStatus.Types.Reason? reason, TaskStatus.Types.Source source = TaskStatus.Types.Source.Executor)
    {
        Report(state, status =>
        {
            status.Message = message;
            status.Source = source;
            if (reason is { } r) status.Reason = r;
        });
        Context.Stop(Self);
    }

    private void Report(TaskState state, Action<TaskStatus>? complete = null)
    {
        var status = new TaskStatus
        {
            TaskId = _launch.Task.TaskId,
            State = state,
            Source = TaskStatus.Types.Source.Executor,
            AgentId = _launch.AgentId,
            ExecutorId = _launch.ExecutorId,
            ContainerStatus = _launch.ContainerStatus(_container?.IpAddress),
        };
        // Once the command runs, every update names its process, the terminal one too: a master that keeps
        // only a task's last update still shows it.
        if (_container is { } container) status.ContainerStatus.ExecutorPid = (uint)container.Pid;
        complete?.Invoke(status);
        Context.Parent.Tell(new TaskStatusChanged(_launch.FrameworkId, status));
    }
}

/// <summary>Kill the task; <paramref name="Policy"/> (from the kill request) overrides the task's own.</summary>
internal sealed record KillTask(KillPolicy? Policy);
