using Mesos.Actors.Agent.Checks;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Containerizer.Checks;
using Akka.Actor;
using Mesos.V1;
using Akka.Event;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// Runs one command task as Mesos' command executor does: makes its sandbox, launches it through the
/// containerizer, reports TASK_STARTING and TASK_RUNNING, and its end (FINISHED, FAILED or KILLED) to
/// the parent as <see cref="TaskStatusChanged"/>; then stops. Once the task runs it runs the task's
/// health check and check (<see cref="CheckRunner"/>): health and check results are reported in a
/// TASK_RUNNING update when they change, and a task that fails its health check
/// <c>consecutive_failures</c> times in a row is killed, as Mesos' command executor does.
/// </summary>
internal sealed class TaskSupervisor : ReceiveActor
{
    private const string HealthCheckName = "health check";
    private const string CheckName = "check";

    private readonly TaskLaunch _launch;
    private readonly IContainerizer _containerizer;
    private readonly ILoggingAdapter _log;
    private IContainer? _container;
    private bool _killing;
    private TimeSpan? _killGrace;
    private HealthPolicy? _health;
    private bool? _healthy;
    private CheckStatusInfo? _checkStatus;
    private (TaskState State, string Message)? _endedByAgent;

    private readonly ContainerRecovery? _recovery;

    /// <param name="recovery">The container of a task an earlier run of the agent launched, to re-attach to instead of launching.</param>
    /// <param name="latest">The task's last status before the restart, whose health and check results carry on.</param>
    public TaskSupervisor(TaskLaunch launch, IContainerizer containerizer, ContainerRecovery? recovery = null, TaskStatus? latest = null)
    {
        _launch = launch;
        _containerizer = containerizer;
        _recovery = recovery;
        if (latest is { HasHealthy: true }) _healthy = latest.Healthy;
        _checkStatus = latest?.CheckStatus;
        _log = Context.GetLogger();
        Receive<ContainerLaunched>(Launched);
        Receive<ContainerLaunchFailed>(LaunchFailed);
        Receive<ContainerExited>(Exited);
        Receive<KillTask>(Kill);
        Receive<CheckRunner.Outcome>(Checked);
    }

    protected override void PreStart()
    {
        if (_recovery is not null)
        {
            _containerizer.RecoverFor(_recovery, Self);
            return;
        }
        Report(TaskState.TaskStarting);
        _containerizer.LaunchFor(new ContainerLaunch(_launch.ContainerId, _launch.WorkDirectory, _launch.SandboxDirectory, _launch.Task.Command,
            _launch.Environment(), [.. _launch.Task.Resources], _launch.Task.Container, _launch.Labels(), _launch.User, _launch.ExitStatusFile), Self);
    }

    private void Launched(ContainerLaunched launched)
    {
        _container = launched.Container;
        _container.WatchFor(Self);
        Context.Parent.Tell(ContainerStarted.Of(_launch.ParentContainerId ?? _launch.ContainerId, _container, _recovery));
        _log.Info("Task {Task} of framework {Framework} runs as pid {Pid} in {Sandbox}",
            _launch.Task.TaskId.Value, _launch.FrameworkId.Value, _container.Pid, _launch.SandboxDirectory);
        if (_killing)
        {
            _container.Kill(_killGrace);
            return;
        }
        // A re-attached task ran before the restart: its framework has heard so already.
        if (_recovery is null)
        {
            if (_launch.Task.Check is { } check) _checkStatus = new CheckStatusInfo { Type = check.Type };
            Report(TaskState.TaskRunning);
        }
        StartChecks(_container);
    }

    private void StartChecks(IContainer container)
    {
        var target = new CheckTarget(container.IpAddress ?? "127.0.0.1", _launch.SandboxDirectory, _launch.Environment());
        try
        {
            if (_launch.Task.HealthCheck is { } health)
            {
                var probe = CheckProbes.Of(health, target);
                _health = new HealthPolicy(health, Context.System.Scheduler.Now);
                Context.ActorOf(CheckRunner.Props(HealthCheckName, probe, Seconds(health.DelaySeconds), Seconds(health.IntervalSeconds)), "health-check");
            }
            if (_launch.Task.Check is { } check)
            {
                var probe = CheckProbes.Of(check, target);
                Context.ActorOf(CheckRunner.Props(CheckName, probe, Seconds(check.DelaySeconds), Seconds(check.IntervalSeconds)), "check");
            }
        }
        catch (ArgumentException e)
        {
            _endedByAgent = (TaskState.TaskFailed, $"Invalid check of the task: {e.Message}");
            Kill(new KillTask(null));
        }
    }

    private static TimeSpan Seconds(double seconds) => CheckProbes.Seconds(seconds);

    private void Checked(CheckRunner.Outcome outcome)
    {
        if (_killing) return;
        if (outcome.Check == HealthCheckName && _health is { } health)
        {
            if (!outcome.Result.Passed) _log.Info("Health check of task {Task} failed: {Detail}", _launch.Task.TaskId.Value, outcome.Result.Detail);
            var verdict = health.Record(outcome.Result.Passed, Context.System.Scheduler.Now);
            if (verdict.Report is { } healthy)
            {
                _healthy = healthy;
                Report(TaskState.TaskRunning, status => status.Reason = TaskStatus.Types.Reason.TaskHealthCheckStatusUpdated);
            }
            if (verdict.Kill)
            {
                _endedByAgent = (TaskState.TaskKilled, $"Task killed after failing its health check {health.ConsecutiveFailures} times in a row: {outcome.Result.Detail}");
                _log.Warning("Killing task {Task}: it failed its health check {Failures} times in a row", _launch.Task.TaskId.Value, health.ConsecutiveFailures);
                Kill(new KillTask(null));
            }
        }
        else if (outcome.Check == CheckName && !outcome.Result.Status.Equals(_checkStatus))
        {
            _checkStatus = outcome.Result.Status;
            Report(TaskState.TaskRunning, status => status.Reason = TaskStatus.Types.Reason.TaskCheckStatusUpdated);
        }
    }

    private void LaunchFailed(ContainerLaunchFailed failed)
    {
        if (_killing)
        {
            Finish(TaskState.TaskKilled, "Task killed before it was launched", TaskStatus.Types.Reason.TaskKilledDuringLaunch);
            return;
        }
        if (_recovery is not null)
        {
            Finish(TaskState.TaskFailed, $"Failed to re-attach to the task after the agent's restart: {failed.Cause.Message}", TaskStatus.Types.Reason.ExecutorTerminated);
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
        else if (_endedByAgent is { } ended)
        {
            Finish(ended.State, ended.Message, null);
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
        // As Mesos: once known, health and the check's result go with every later update of the task.
        if (_healthy is { } healthy) status.Healthy = healthy;
        if (_checkStatus is { } check) status.CheckStatus = check.Clone();
        complete?.Invoke(status);
        Context.Parent.Tell(new TaskStatusChanged(_launch.FrameworkId, status));
    }
}

/// <summary>Kill the task; <paramref name="Policy"/> (from the kill request) overrides the task's own.</summary>
internal sealed record KillTask(KillPolicy? Policy);
