using Akka.Actor;
using Akka.Event;
using Mesos.Actors.Agent.Checkpoints;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Task = System.Threading.Tasks.Task;

namespace Mesos.Actors.Agent;

/// <summary>
/// Checkpointing what runs, and taking it back after a restart, as Mesos' agent does with --recover=reconnect:
/// the same agent id; the tasks and executors of checkpointing frameworks re-attached (command tasks' and the
/// default executor's processes watched, or their end read from their exit recorder; frameworks' own executors
/// given their reregistration timeout to subscribe again); their unacknowledged updates sent again; every other
/// container an earlier run left is killed. With --recover=cleanup everything is killed and forgotten, and the
/// agent exits. A checkpoint that cannot be written stops the agent, as Mesos' agent aborts.
/// </summary>
public sealed partial class AgentActor
{
    private bool _aborting;

    private void ReceiveRecoveryEvents()
    {
        Receive<OrphanEnded>(ended =>
        {
            _log.Info("Container {Container} left by an earlier run of the agent is gone", ended.ContainerId);
            Forgetting(() => _checkpoints.ForgetContainer(ended.ContainerId), $"container {ended.ContainerId}");
        });
        Receive<CleanedUp>(_ =>
        {
            _checkpoints.Clear();
            _log.Info("Cleanup complete: every container of the earlier run is gone and its checkpoints forgotten; the agent exits");
            CoordinatedShutdown.Get(Context.System).Run(CleanupFinished.Instance);
        });
        Receive<OrphansKilled>(killed =>
        {
            if (killed.Failure is { } failure) _log.Warning("Failed to find the containers an earlier run of the agent left: {Reason}", failure.Message);
            else if (killed.ContainerIds.Count > 0) _log.Info("Killed {Count} containers an earlier run of the agent left: {Containers}", killed.ContainerIds.Count, string.Join(", ", killed.ContainerIds));
        });
        Receive<StatusUpdateCheckpointFailed>(failed => Abort($"the status updates at {failed.Path}", failed.Cause));
        Receive<ExecutorApiReady>(_ =>
        {
            foreach (var run in _runs.RunningRuns().Where(r => r.Kind == ExecutorKind.Custom)) run.Runner?.Tell(AwaitReregistration.Instance);
        });
    }

    /// <summary>Writes a checkpoint; false when that failed, and the agent stops.</summary>
    private bool Checkpointing(Action write, string what)
    {
        if (_aborting) return false;
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Abort(what, e);
            return false;
        }
    }

    /// <summary>
    /// As Mesos' agent, which aborts when it cannot checkpoint: a restart could no longer tell what runs here and
    /// what was acknowledged. The agent stops; its tasks and executors run on, for the next start to re-attach to.
    /// </summary>
    private void Abort(string what, Exception cause)
    {
        if (_aborting) return;
        _aborting = true;
        _log.Error(cause, "Failed to checkpoint {What} under {MetaDir}: the agent stops, and what runs is left for its next start to recover",
            what, _checkpoints.Store.MetaDir);
        Context.Stop(Self);
        CoordinatedShutdown.Get(Context.System).Run(CheckpointFailed.Instance);
    }

    /// <summary>Removes checkpoints of what is over; a failure is logged only, as the next start forgets them again.</summary>
    private void Forgetting(Action remove, string what)
    {
        try
        {
            remove();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning("Failed to remove the checkpoints of {What} under {MetaDir}: {Reason}", what, _checkpoints.Store.MetaDir, e.Message);
        }
    }

    /// <summary>Where a command task of this framework is checkpointed, with the file its exit recorder writes; nulls when the framework does not checkpoint.</summary>
    private (RunPlace? Place, string? ExitStatusFile) CheckpointCommandTask(FrameworkInfo framework, AgentID agentId, TaskInfo task, ExecutorInfo executor, string containerId)
    {
        if (!framework.Checkpoint) return (null, null);
        var place = new RunPlace(agentId.Value, framework.Id.Value, executor.ExecutorId.Value, containerId);
        _checkpoints.Framework(agentId.Value, framework);
        _checkpoints.Executor(place, executor);
        _checkpoints.Task(place, task);
        return (place, _checkpoints.PrepareContainer(containerId));
    }

    private string? UpdatesCheckpoint(FrameworkID frameworkId, TaskID taskId) =>
        _runs.RunOf(frameworkId, taskId)?.Checkpoint is { } place ? AgentCheckpoints.Updates(place, taskId) : null;

    /// <summary>The process of a container that started, for a restart to find it again.</summary>
    private void CheckpointProcess(ExecutorRun run, IContainer container) =>
        Checkpointing(() => _checkpoints.Process(container.ContainerId, container.ContainerId == run.ContainerId ? run.Checkpoint : null,
            ProcessIdentity.Of(container.Pid)), $"the process of container {container.ContainerId}");

    private void CheckpointAgent(AgentID? before)
    {
        if (_session.AgentId is not { } agentId || agentId.Value == before?.Value) return;
        Checkpointing(() => _checkpoints.Agent(CurrentInfo()), "the agent's info");
    }

    private void Recover(RecoveredAgent recovered)
    {
        if (_settings.Recover == RecoverMode.Cleanup)
        {
            Cleanup(recovered);
            return;
        }
        if (recovered.Info is { } info)
        {
            _log.Info("Recovering agent {Agent} with {Runs} checkpointed executor runs", info.Id.Value, recovered.Runs.Count);
            _session.Recovered(info.Id);
        }
        var containers = recovered.Containers.ToDictionary(c => c.ContainerId, StringComparer.Ordinal);
        var resumed = new List<(ExecutorRun Run, RecoveredRun Recovered)>();
        var streams = new List<RecoveredStream>();
        foreach (var run in recovered.Runs)
        {
            var kind = IsCommandRun(run) ? ExecutorKind.Command : KindOf(run.Executor);
            // A framework's own executor may outlive its tasks: one that still runs is taken back, whatever its tasks.
            var executorMayRun = kind == ExecutorKind.Custom && run.Process is not null;
            if (!executorMayRun && run.Tasks.All(t => AcknowledgedTerminal(t.Updates)))
            {
                Forgetting(() => _checkpoints.ForgetRun(run.Place), $"executor {run.Place.ExecutorId}");
                continue;
            }
            var executorRun = new ExecutorRun(run.Framework, run.Executor, kind, run.Place.ContainerId,
                SandboxLayout.RunDirectory(_settings.WorkDir, run.Place.AgentId, run.Place.FrameworkId, run.Place.ExecutorId, run.Place.ContainerId), ActorRefs.Nobody)
            {
                Checkpoint = run.Place,
            };
            _runs.Add(executorRun);
            foreach (var task in run.Tasks)
            {
                _runs.AddTask(executorRun, task.Info, launched: true);
                var recoveredTask = executorRun.Task(task.Info.TaskId)!;
                if (task.Updates.Acknowledged is { } acknowledged) recoveredTask.Receive(acknowledged);
                foreach (var pending in task.Updates.Pending) recoveredTask.Receive(pending);
                recoveredTask.Received(StatusUpdateManager.Received(task.Updates));
                recoveredTask.Acknowledged = AcknowledgedTerminal(task.Updates);
                // Every stream that goes on, so that what its checkpoint says was acknowledged, and received, carries on too.
                if (!recoveredTask.Acknowledged)
                {
                    streams.Add(new RecoveredStream(run.Framework.Id, task.Info.TaskId, task.Updates, AgentCheckpoints.Updates(run.Place, task.Info.TaskId)));
                }
            }
            resumed.Add((executorRun, run));
        }
        // Before any new update: a stream taken back is ahead of what its task says next.
        _updates.Tell(new RecoverStatusUpdates(streams));
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (run, from) in resumed)
        {
            switch (run.Kind)
            {
                case ExecutorKind.Command:
                    ResumeCommand(run, from, claimed);
                    break;
                case ExecutorKind.Custom:
                    ResumeCustom(run, from, claimed);
                    break;
                default:
                    ResumeDefault(run, from, containers, claimed);
                    break;
            }
        }
        foreach (var container in recovered.Containers.Where(c => !claimed.Contains(c.ContainerId))) KillOrphan(container.ContainerId, container.Process);
        if (recovered.Info is { } agent) KillOrphans(agent.Id.Value, claimed);
    }

    /// <summary>What containerizers find of this agent by themselves (Docker containers by their labels) and the agent did not take back.</summary>
    private void KillOrphans(string agentId, IReadOnlySet<string> recovered) =>
        _containerizer.KillOrphansAsync(agentId, recovered).PipeTo(Self,
            success: killed => new OrphansKilled(killed, null),
            failure: e => new OrphansKilled([], e));

    /// <summary>A command task that had not ended gets its supervisor back, re-attached to its container.</summary>
    private void ResumeCommand(ExecutorRun run, RecoveredRun recovered, HashSet<string> claimed)
    {
        var task = run.Tasks[0];
        if (task.Terminal)
        {
            Remember(_runs.Ended(run, _session.AgentId));
            return;
        }
        claimed.Add(run.ContainerId);
        var agentId = new AgentID { Value = recovered.Place.AgentId };
        var launch = new TaskLaunch(agentId, Endpoint(), run.Framework, task.Info, run.ContainerId, _settings.WorkDir, run.Directory);
        var recovery = ContainerRecoveryOf(run.ContainerId, recovered.Process, [.. task.Info.Resources], task.Info.Container, run.Directory);
        StartRunner(run, Akka.Actor.Props.Create(() => new TaskSupervisor(launch, _containerizer, recovery, task.Latest)));
        _log.Info("Re-attaching to task {Task} of framework {Framework} (pid {Pid})", task.Info.TaskId.Value, run.FrameworkId.Value, recovered.Process?.Pid);
    }

    /// <summary>
    /// A framework's own executor whose process was checkpointed is re-attached to, and waits for it to subscribe again;
    /// without a process (the agent stopped before it started) it is taken for gone, and its tasks that had not ended fail.
    /// </summary>
    private void ResumeCustom(ExecutorRun run, RecoveredRun recovered, HashSet<string> claimed)
    {
        if (recovered.Process is not { } process)
        {
            FailUnfinished(run, "The agent restarted before the executor started");
            return;
        }
        claimed.Add(run.ContainerId);
        var agentId = new AgentID { Value = recovered.Place.AgentId };
        var launch = ExecutorLaunch(run.Framework, run.Info, run.ContainerId, agentId);
        // Never heard of from the executor: unless it says it has them, they were lost with the agent.
        var staged = run.Tasks.Where(t => !t.Terminal && (t.Latest is null || t.Latest.State == TaskState.TaskStaging)).Select(t => t.Info.TaskId).ToList();
        var recovery = new ExecutorRecovery(ContainerRecoveryOf(run.ContainerId, process, [.. run.Info.Resources], run.Info.Container, run.Directory), staged);
        StartRunner(run, Akka.Actor.Props.Create(() => new ExecutorSupervisor(launch, _containerizer, recovery)));
        _log.Info("Re-attaching to executor {Executor} of framework {Framework} (pid {Pid}); it has {Timeout} to subscribe again once the executor API listens",
            run.ExecutorId.Value, run.FrameworkId.Value, process.Pid, _settings.ExecutorReregistrationTimeout);
    }

    /// <summary>
    /// The default executor runs inside the agent: it comes back with the tasks whose nested containers were checkpointed,
    /// each re-attached; a task that had not ended and whose container never started fails.
    /// </summary>
    private void ResumeDefault(ExecutorRun run, RecoveredRun recovered, IReadOnlyDictionary<string, RecoveredContainer> containers, HashSet<string> claimed)
    {
        var tasks = new List<RecoveredNestedTask>();
        foreach (var task in run.Tasks.Where(t => !t.Terminal))
        {
            var nested = recovered.Tasks.First(t => t.Info.TaskId.Value == task.Info.TaskId.Value).Container;
            if (nested is null || containers.GetValueOrDefault(nested.ContainerId)?.Process is not { } process) continue;
            claimed.Add(nested.ContainerId);
            tasks.Add(new RecoveredNestedTask(task.Info, [.. nested.Group],
                ContainerRecoveryOf(nested.ContainerId, process, [.. task.Info.Resources], task.Info.Container,
                    SandboxLayout.TaskDirectory(run.Directory, task.Info.TaskId.Value)), task.Latest));
        }
        if (tasks.Count > 0)
        {
            var agentId = new AgentID { Value = recovered.Place.AgentId };
            var launch = ExecutorLaunch(run.Framework, run.Info, run.ContainerId, agentId);
            StartRunner(run, Akka.Actor.Props.Create(() => new DefaultExecutor(launch, _containerizer, tasks)));
        }
        FailUnfinished(run, "The agent restarted before the task's container started", except: tasks.Select(t => t.Task.TaskId.Value).ToHashSet(StringComparer.Ordinal));
    }

    private void StartRunner(ExecutorRun run, Props props)
    {
        var runner = Context.ActorOf(props);
        run.Runner = runner;
        Context.WatchWith(runner, new RunnerStopped(run.ContainerId));
    }

    private ContainerRecovery ContainerRecoveryOf(string containerId, ProcessIdentity? process, IReadOnlyList<Resource> resources, ContainerInfo? container, string sandbox) =>
        new(containerId, process ?? new ProcessIdentity(0, 0, ""), _checkpoints.Store.FullPath(CheckpointPaths.ContainerExitStatus(containerId)), resources, container)
        {
            WorkDirectory = _settings.WorkDir,
            SandboxDirectory = sandbox,
        };

    /// <summary>The run's tasks that had not ended (but those named) fail; a run left with no runner ends.</summary>
    private void FailUnfinished(ExecutorRun run, string message, IReadOnlySet<string>? except = null)
    {
        foreach (var unfinished in run.Tasks.Where(t => !t.Terminal && except?.Contains(t.Info.TaskId.Value) != true).ToList())
        {
            Refuse(run.FrameworkId, unfinished.Info.TaskId, TaskState.TaskFailed, message, TaskStatus.Types.Reason.ExecutorTerminated, run.ExecutorId);
        }
        if (run.Runner is null || run.Runner.IsNobody()) Remember(_runs.Ended(run, _session.AgentId));
    }

    private void KillOrphan(string containerId, ProcessIdentity? process)
    {
        if (process is null)
        {
            Forgetting(() => _checkpoints.ForgetContainer(containerId), $"container {containerId}");
            return;
        }
        _log.Info("Killing container {Container} (pid {Pid}), which the agent does not recover", containerId, process.Pid);
        KillRecovered(containerId, process).PipeTo(Self, success: () => new OrphanEnded(containerId), failure: _ => new OrphanEnded(containerId));
    }

    private Task KillRecovered(string containerId, ProcessIdentity process) =>
        _containerizer.RecoverAsync(new ContainerRecovery(containerId, process, null, []))
            .ContinueWith(recovered =>
            {
                recovered.Result.Kill(TimeSpan.Zero);
                return recovered.Result.Exited;
            }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)
            .Unwrap();

    private void Cleanup(RecoveredAgent recovered)
    {
        var processes = recovered.Containers.Where(c => c.Process is not null).ToDictionary(c => c.ContainerId, c => c.Process!);
        foreach (var run in recovered.Runs.Where(r => r.Process is not null)) processes.TryAdd(run.Place.ContainerId, run.Process!);
        _log.Info("--recover=cleanup: killing the {Count} containers an earlier run of the agent left", processes.Count);
        var kills = processes.Select(p => KillRecovered(p.Key, p.Value)).ToList();
        if (recovered.Info is { } agent) kills.Add(_containerizer.KillOrphansAsync(agent.Id.Value, new HashSet<string>()));
        Task.WhenAll(kills.Select(kill => kill.ContinueWith(_ => { }, TaskScheduler.Default)))
            .PipeTo(Self, success: () => CleanedUp.Instance);
    }

    private static bool AcknowledgedTerminal(Mesos.Internal.Checkpoints.TaskUpdates updates) =>
        updates.Pending.Count == 0 && updates.Acknowledged is { } acknowledged && TaskStates.IsTerminal(acknowledged.State);

    // The executor Mesos makes up for a command task is named after the task and runs its command itself.
    private static bool IsCommandRun(RecoveredRun run) =>
        run.Tasks.Count == 1 && run.Tasks[0].Info.Executor is null && run.Tasks[0].Info.Command is not null
        && run.Executor.Type != ExecutorInfo.Types.Type.Default && run.Executor.ExecutorId.Value == run.Tasks[0].Info.TaskId.Value;

    private static ExecutorKind KindOf(ExecutorInfo executor) => executor.Type == ExecutorInfo.Types.Type.Default ? ExecutorKind.Default : ExecutorKind.Custom;

    /// <summary>A container of an earlier run of the agent that the agent did not take back has been killed.</summary>
    private sealed record OrphanEnded(string ContainerId);

    /// <summary>The containerizers killed these orphans of an earlier run, or could not look for them.</summary>
    private sealed record OrphansKilled(IReadOnlyList<string> ContainerIds, Exception? Failure);

    /// <summary>--recover=cleanup killed everything an earlier run left.</summary>
    private sealed record CleanedUp
    {
        public static readonly CleanedUp Instance = new();
    }

    /// <summary>Why the agent's actor system shuts down after --recover=cleanup.</summary>
    public sealed class CleanupFinished : CoordinatedShutdown.Reason
    {
        public static readonly CleanupFinished Instance = new();

        private CleanupFinished()
        {
        }

        public override int ExitCode => 0;
    }

    /// <summary>Why the agent's actor system shuts down when a checkpoint cannot be written: the process exits with status 1.</summary>
    public sealed class CheckpointFailed : CoordinatedShutdown.Reason
    {
        public static readonly CheckpointFailed Instance = new();

        private CheckpointFailed()
        {
        }

        public override int ExitCode => 1;
    }
}
