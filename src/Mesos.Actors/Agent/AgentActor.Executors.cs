using Akka.Actor;
using Mesos.Internal;
using Mesos.V1;
using Akka.Event;
using Mesos.Actors.Agent.Checkpoints;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>Executors that frameworks name: a custom one per task of LAUNCH, the default executor (or a custom one) per task group.</summary>
public sealed partial class AgentActor
{
    private void ReceiveExecutorEvents()
    {
        Receive<ExecutorTasksLaunched>(launched =>
        {
            if (_runs.Run(launched.ContainerId) is not { } run) return;
            foreach (var taskId in launched.TaskIds)
            {
                if (run.Task(taskId) is { } task) task.Launched = true;
            }
        });
        Receive<ContainerStarted>(started =>
        {
            if (_runs.Run(started.RunContainerId) is not { } run) return;
            run.Containers.Add(started.Container);
            if (!started.Checkpointed) CheckpointProcess(run, started.Container);
            if (run.Kind == ExecutorKind.Custom) run.Pid = started.Container.Pid;
        });
        Receive<ExecutorEnded>(Ended);
    }

    private void RunOnExecutor(FrameworkInfo framework, ExecutorInfo executor, TaskInfo task)
    {
        if (Executor(framework, executor, [task], AgentId(task)) is not { } run) return;
        _runs.AddTask(run, task, launched: false);
        if (!CheckpointTasks(run, [task])) return;
        run.Runner!.Tell(new LaunchExecutorTask(task));
    }

    private void RunTaskGroup(FrameworkInfo framework, ExecutorInfo executor, TaskGroupInfo group)
    {
        if (framework.Id is null || group.Tasks.Count == 0)
        {
            _log.Error("Ignoring a task group of executor {Executor}: no framework id or no task", executor.ExecutorId?.Value);
            return;
        }
        var error = group.Tasks.Select(t => Invalid(framework, t)).FirstOrDefault(e => e is not null)
            ?? InvalidExecutor(executor)
            ?? (group.Tasks.Any(t => _runs.Contains(framework.Id, t.TaskId)) ? "A task of the group is already on this agent" : null)
            ?? (executor.Type == ExecutorInfo.Types.Type.Default && group.Tasks.Any(t => t.Command is null)
                ? "Every task under the default executor needs a command"
                : null);
        if (error is not null)
        {
            foreach (var task in group.Tasks) Refuse(framework.Id, task.TaskId ?? new TaskID { Value = "" }, TaskState.TaskError, error, TaskStatus.Types.Reason.TaskGroupInvalid);
            return;
        }
        if (Executor(framework, executor, group.Tasks, AgentId(group.Tasks[0])) is not { } run) return;
        foreach (var task in group.Tasks) _runs.AddTask(run, task, launched: false);
        if (!CheckpointTasks(run, group.Tasks)) return;
        if (run.Kind == ExecutorKind.Custom)
        {
            run.Runner!.Tell(new LaunchExecutorGroup(group));
            return;
        }
        // The default executor's tasks run in containers nested in its own, which a restarted agent must find again.
        var ids = group.Tasks.Select(t => t.TaskId.Value).ToList();
        var nested = new List<NestedTask>();
        foreach (var task in group.Tasks)
        {
            var containerId = Guid.NewGuid().ToString();
            string? exitStatusFile = null;
            if (run.Checkpoint is { } place && !Checkpointing(() =>
                {
                    _checkpoints.TaskContainer(place, task.TaskId, containerId, ids);
                    exitStatusFile = _checkpoints.PrepareContainer(containerId);
                }, $"the container of task {task.TaskId.Value}"))
            {
                return;
            }
            nested.Add(new NestedTask(task, containerId, exitStatusFile));
        }
        run.Runner!.Tell(new LaunchNestedGroup(nested));
    }

    /// <summary>
    /// The run of the executor these tasks are for: the one that runs, or one started now. Null, with the
    /// tasks refused, when a different kind of executor runs under that id.
    /// </summary>
    private ExecutorRun? Executor(FrameworkInfo framework, ExecutorInfo executor, IEnumerable<TaskInfo> tasks, AgentID agentId)
    {
        var kind = executor.Type == ExecutorInfo.Types.Type.Default ? ExecutorKind.Default : ExecutorKind.Custom;
        if (_runs.Running(framework.Id, executor.ExecutorId) is { } running)
        {
            if (running.Kind == kind) return running;
            foreach (var task in tasks)
            {
                Refuse(framework.Id, task.TaskId, TaskState.TaskError, $"Executor '{executor.ExecutorId.Value}' already runs here as a different kind of executor",
                    TaskStatus.Types.Reason.TaskInvalid);
            }
            return null;
        }
        var info = executor.Clone();
        info.FrameworkId ??= framework.Id;
        var containerId = Guid.NewGuid().ToString();
        var place = framework.Checkpoint ? new RunPlace(agentId.Value, framework.Id.Value, info.ExecutorId.Value, containerId) : null;
        // Before the executor starts, as Mesos: a restarted agent knows of every executor that may run.
        string? exitStatusFile = null;
        if (place is not null && !Checkpointing(() =>
            {
                _checkpoints.Framework(place.AgentId, framework);
                _checkpoints.Executor(place, info);
                if (kind == ExecutorKind.Custom) exitStatusFile = _checkpoints.PrepareContainer(containerId);
            }, $"executor {info.ExecutorId.Value}"))
        {
            return null;
        }
        var launch = ExecutorLaunch(framework, info, containerId, agentId) with { ExitStatusFile = exitStatusFile };
        var runner = kind == ExecutorKind.Default
            ? Context.ActorOf(Akka.Actor.Props.Create(() => new DefaultExecutor(launch, _containerizer, null)))
            : Context.ActorOf(Akka.Actor.Props.Create(() => new ExecutorSupervisor(launch, _containerizer, null)));
        Context.WatchWith(runner, new RunnerStopped(containerId));
        var run = new ExecutorRun(framework, info, kind, containerId, launch.SandboxDirectory, runner) { Checkpoint = place };
        _runs.Add(run);
        _log.Info("Starting {Kind} executor {Executor} of framework {Framework} in {Sandbox}",
            kind, info.ExecutorId.Value, framework.Id.Value, launch.SandboxDirectory);
        return run;
    }

    private ExecutorLaunch ExecutorLaunch(FrameworkInfo framework, ExecutorInfo info, string containerId, AgentID agentId) =>
        new(agentId, Endpoint(), framework, info, containerId, _settings.WorkDir,
            SandboxLayout.RunDirectory(_settings.WorkDir, agentId.Value, framework.Id.Value, info.ExecutorId.Value, containerId),
            _settings.ExecutorRegistrationTimeout, _settings.ExecutorShutdownGracePeriod)
        {
            RecoveryTimeout = _settings.RecoveryTimeout,
            SubscriptionBackoffMax = _settings.ExecutorReconnectRetryInterval,
            ReregistrationTimeout = _settings.ExecutorReregistrationTimeout,
        };

    /// <summary>The tasks a checkpointing framework's executor is given, before it gets them, so that a restarted agent knows of them; false when that failed and the agent stops.</summary>
    private bool CheckpointTasks(ExecutorRun run, IEnumerable<TaskInfo> tasks) =>
        run.Checkpoint is not { } place || Checkpointing(() =>
        {
            foreach (var task in tasks) _checkpoints.Task(place, task);
        }, $"the tasks of executor {place.ExecutorId}");

    /// <summary>As Mesos: the executor's tasks that had not ended end now, and the master hears that the executor exited.</summary>
    private void Ended(ExecutorEnded ended)
    {
        if (_runs.Run(ended.ContainerId) is not { } run) return;
        foreach (var task in run.Tasks.Where(t => !t.Terminal).ToList())
        {
            Refuse(run.FrameworkId, task.Info.TaskId, ended.State, ended.Message, ended.Reason, run.ExecutorId);
        }
        if (_session.AgentId is null) return;
        _link.Post(new AgentCall
        {
            Type = AgentCall.Types.Type.ExecutorExited,
            AgentId = _session.AgentId,
            ExecutorExited = new AgentCall.Types.ExecutorExited { FrameworkId = run.FrameworkId, ExecutorId = run.ExecutorId, Status = ended.WaitStatus },
        }, _log);
    }

    /// <summary>A command task's executor is the task's supervisor: shutting it down kills the task.</summary>
    private static void Shutdown(ExecutorRun run) =>
        run.Runner?.Tell(run.Kind == ExecutorKind.Command ? new KillTask(null) : Agent.ShutdownExecutor.Instance);

    private void ShutdownRequested(FrameworkID frameworkId, ExecutorID executorId)
    {
        if (_runs.Running(frameworkId, executorId) is not { } run)
        {
            _log.Warning("Cannot shut down executor {Executor} of framework {Framework}: it does not run here", executorId.Value, frameworkId.Value);
            return;
        }
        _log.Info("Shutting down executor {Executor} of framework {Framework}", executorId.Value, frameworkId.Value);
        Shutdown(run);
    }

    // As Mesos: a framework message is not delivered reliably; one for an executor that cannot take it is dropped.
    private void DeliverFrameworkMessage(AgentEvent.Types.Message message)
    {
        if (_runs.Running(message.FrameworkId, message.ExecutorId) is { Kind: ExecutorKind.Custom, Runner: { } runner })
        {
            _counters.Increment(AgentMetrics.ValidFrameworkMessages);
            runner.Tell(new FrameworkMessage(message.Data));
            return;
        }
        _counters.Increment(AgentMetrics.InvalidFrameworkMessages);
        _log.Warning("Dropping a message for executor {Executor} of framework {Framework}: no executor of the framework's own runs under that id",
            message.ExecutorId.Value, message.FrameworkId.Value);
    }
}
