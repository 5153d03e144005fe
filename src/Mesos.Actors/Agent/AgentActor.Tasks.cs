using Akka.Actor;
using Mesos.Actors.Protocol;
using Mesos.Internal;
using Mesos.V1;
using Akka.Event;
using Mesos.Actors.Agent.Checkpoints;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>Tasks the master sends: a command task under its own supervisor, or one for an executor; kills, reconciliation, and the statuses the agent itself decides.</summary>
public sealed partial class AgentActor
{
    private void RunTask(FrameworkInfo framework, TaskInfo task)
    {
        if (framework.Id is null)
        {
            _log.Error("Ignoring task {Task}: its framework has no id", task.TaskId?.Value);
            return;
        }
        var taskId = task.TaskId ?? new TaskID { Value = "" };
        if ((Invalid(framework, task) ?? (task.Executor is null && task.Command is null ? "Task has no command" : null)) is { } error)
        {
            Refuse(framework.Id, taskId, TaskState.TaskError, error, TaskStatus.Types.Reason.TaskInvalid);
            return;
        }
        if (_runs.Contains(framework.Id, taskId))
        {
            _log.Warning("Ignoring task {Task} of framework {Framework}: it is already here", taskId.Value, framework.Id.Value);
            return;
        }
        if (task.Executor is { } executor)
        {
            RunOnExecutor(framework, executor, task);
            return;
        }
        var agentId = AgentId(task);
        var containerId = Guid.NewGuid().ToString();
        var launch = new TaskLaunch(agentId, Endpoint(), framework, task, containerId, _settings.WorkDir,
            SandboxLayout.RunDirectory(_settings.WorkDir, agentId.Value, framework.Id.Value, taskId.Value, containerId));
        RunPlace? place = null;
        if (!Checkpointing(() =>
            {
                (place, var exitStatusFile) = CheckpointCommandTask(framework, agentId, task, launch.Executor(), containerId);
                launch = launch with { ExitStatusFile = exitStatusFile };
            }, $"task {taskId.Value}"))
        {
            return;
        }
        var supervisor = Context.ActorOf(Akka.Actor.Props.Create(() => new TaskSupervisor(launch, _containerizer, null, null)));
        var run = new ExecutorRun(framework, launch.Executor(), ExecutorKind.Command, containerId, launch.SandboxDirectory, supervisor) { Checkpoint = place };
        Context.WatchWith(supervisor, new RunnerStopped(containerId));
        _runs.Add(run);
        _runs.AddTask(run, task, launched: true);
    }

    /// <summary>
    /// What the master checked already, checked again before anything of it is checkpointed or run: the agent refuses
    /// what it cannot name on disk or give a process, rather than take it for a checkpoint it could not write.
    /// </summary>
    private string? Invalid(FrameworkInfo framework, TaskInfo task) =>
        Ids.ValidatePathComponent(framework.Id.Value, "Framework ID")
        ?? Ids.ValidatePathComponent(task.TaskId?.Value, "Task ID")
        ?? CommandValidator.ValidateTask(task)
        ?? (task.Executor is { } executor ? InvalidExecutor(executor) : null)
        ?? (_session.AgentId is null
            ? task.AgentId is null ? "Task has no agent ID" : Ids.ValidatePathComponent(task.AgentId.Value, "Agent ID")
            : null);

    private static string? InvalidExecutor(ExecutorInfo executor) =>
        Ids.ValidatePathComponent(executor.ExecutorId?.Value, "Executor ID")
        ?? (executor.Type != ExecutorInfo.Types.Type.Default && executor.Command is null ? "'ExecutorInfo.command' must be set" : null)
        ?? CommandValidator.ValidateExecutor(executor);

    private AgentID AgentId(TaskInfo task) => _session.AgentId ?? task.AgentId;

    private void KillTask(AgentEvent.Types.KillTask kill)
    {
        var run = _runs.RunOf(kill.FrameworkId, kill.TaskId);
        if (run is null)
        {
            Refuse(kill.FrameworkId, kill.TaskId, UnknownTaskState(kill.FrameworkId), "Cannot kill a task that is not on this agent",
                TaskStatus.Types.Reason.TaskUnknown);
            return;
        }
        // A task that ended here has its terminal update on its way already.
        if (run.Runner is not { } runner || run.Task(kill.TaskId)!.Terminal) return;
        runner.Tell(run.Kind == ExecutorKind.Command ? new KillTask(kill.KillPolicy) : new KillExecutorTask(kill.TaskId, kill.KillPolicy));
    }

    private void Reconcile(AgentEvent.Types.Reconcile reconcile)
    {
        foreach (var task in reconcile.Tasks.Where(t => !_runs.Contains(t.FrameworkId, t.TaskId)))
        {
            Refuse(task.FrameworkId, task.TaskId, UnknownTaskState(task.FrameworkId), "Task is not on this agent",
                TaskStatus.Types.Reason.Reconciliation);
        }
    }

    // As Mesos: frameworks that understand partitions hear that the task was dropped, others that it was lost.
    private TaskState UnknownTaskState(FrameworkID frameworkId) =>
        _runs.Framework(frameworkId)?.Capabilities.Any(c => c.Type == FrameworkInfo.Types.Capability.Types.Type.PartitionAware) == true
            ? TaskState.TaskDropped
            : TaskState.TaskLost;

    /// <summary>A status the agent itself decides: a task it will not run, cannot find, or whose executor ended.</summary>
    private void Refuse(FrameworkID frameworkId, TaskID taskId, TaskState state, string message, TaskStatus.Types.Reason reason, ExecutorID? executorId = null)
    {
        _log.Warning("Task {Task} of framework {Framework}: {State}: {Message}", taskId.Value, frameworkId.Value, state, message);
        var status = new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Message = message,
            Reason = reason,
            Source = TaskStatus.Types.Source.Agent,
        };
        if (_session.AgentId is not null) status.AgentId = _session.AgentId;
        if (executorId is not null) status.ExecutorId = executorId;
        Stamp(status);
        // A task unknown here has no stream to checkpoint; one of a checkpointed run keeps its stream's place.
        var checkpoint = _runs.Update(frameworkId, status) ? UpdatesCheckpoint(frameworkId, taskId) : null;
        _updates.Tell(new ForwardStatusUpdate(frameworkId, status, checkpoint));
    }
}
