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
/// agent exits. A checkpoint that cannot be written stops the agent, as Mesos' agent aborts, and so does a failure of
/// the agent actor itself: its process exits for the next start to recover.
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

    /// <summary>
    /// Writes a checkpoint; false when the write failed (the disk is full, read-only or refuses it), and the agent stops.
    /// Only such failures stop it: what a framework sent is validated before it gets here, so anything else is a fault of
    /// the agent's own, which stopping it would not mend.
    /// </summary>
    private bool Checkpointing(Action write, string what)
    {
        if (_aborting) return false;
        try
        {
            write();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
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

    /// <summary>
    /// After an exception in a handler, which its parent's default strategy answers with a restart: as Mesos'
    /// agent aborts on an internal failure, the agent stops and its process exits with status 1, for its supervisor to
    /// start it again. A new instance cannot go on: it would recover what the checkpoints held when the process started
    /// (its producer hands every instance that reading): without the agent id, frameworks, executors and tasks it took
    /// since, and with the Docker containers launched since killed as orphans. What runs is left for the next start to
    /// recover from the checkpoints.
    /// </summary>
    protected override void PostRestart(Exception reason)
    {
        _log.Error(reason, "The agent failed: it stops, and what runs is left for its next start to recover from its checkpoints under {MetaDir}",
            _checkpoints.Store.MetaDir);
        Context.Stop(Self);
        CoordinatedShutdown.Get(Context.System).Run(AgentFailed.Instance);
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
        var plan = RecoveryPlan.Of(recovered);
        foreach (var place in plan.Forgotten) Forgetting(() => _checkpoints.ForgetRun(place), $"executor {place.ExecutorId}");
        var streams = new List<RecoveredStream>();
        var resumed = plan.Resumed.Select(recovery => (Run: Track(recovery, streams), Recovery: recovery)).ToList();
        // Before any new update: a stream taken back is ahead of what its task says next.
        _updates.Tell(new RecoverStatusUpdates(streams));
        foreach (var (run, recovery) in resumed) Resume(run, recovery);
        foreach (var orphan in plan.Orphans) KillOrphan(orphan.ContainerId, orphan.Process);
        if (recovered.Info is { } agent) KillOrphans(agent.Id.Value, plan.Claimed);
    }

    /// <summary>What containerizers find of this agent by themselves (Docker containers by their labels) and the agent did not take back.</summary>
    private void KillOrphans(string agentId, IReadOnlySet<string> recovered) =>
        _containerizer.KillOrphansAsync(agentId, recovered).PipeTo(Self,
            success: killed => new OrphansKilled(killed, null),
            failure: e => new OrphansKilled([], e));

    /// <summary>The run in the agent's bookkeeping again, its tasks with the statuses their framework was sent; adds the streams that go on.</summary>
    private ExecutorRun Track(RunRecovery recovery, List<RecoveredStream> streams)
    {
        var place = recovery.Run.Place;
        var run = new ExecutorRun(recovery.Run.Framework, recovery.Run.Executor, recovery.Kind, place.ContainerId,
            SandboxLayout.RunDirectory(_settings.WorkDir, place.AgentId, place.FrameworkId, place.ExecutorId, place.ContainerId), ActorRefs.Nobody)
        {
            Checkpoint = place,
        };
        _runs.Add(run);
        foreach (var task in recovery.Run.Tasks)
        {
            _runs.AddTask(run, task.Info, launched: true);
            var tracked = run.Task(task.Info.TaskId)!;
            if (task.Updates.Acknowledged is { } acknowledged) tracked.Receive(acknowledged);
            foreach (var pending in task.Updates.Pending) tracked.Receive(pending);
            tracked.Received(StatusUpdateManager.Received(task.Updates));
            tracked.Acknowledged = RecoveryPlan.AcknowledgedTerminal(task.Updates);
            // Every stream that goes on, so that what its checkpoint says was acknowledged, and received, carries on too.
            if (!tracked.Acknowledged) streams.Add(new RecoveredStream(run.FrameworkId, task.Info.TaskId, task.Updates, AgentCheckpoints.Updates(place, task.Info.TaskId)));
        }
        return run;
    }

    private void Resume(ExecutorRun run, RunRecovery recovery)
    {
        if (recovery.Resume)
        {
            var agentId = new AgentID { Value = recovery.Run.Place.AgentId };
            switch (recovery.Kind)
            {
                case ExecutorKind.Command:
                    ResumeCommand(run, recovery.Run, agentId);
                    break;
                case ExecutorKind.Custom:
                    ResumeCustom(run, recovery, agentId);
                    break;
                default:
                    ResumeDefault(run, recovery, agentId);
                    break;
            }
        }
        if (recovery.FailUnfinished is { } message)
        {
            var resumed = recovery.Nested.Select(n => n.Task.Info.TaskId.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var unfinished in run.Tasks.Where(t => !t.Terminal && !resumed.Contains(t.Info.TaskId.Value)).ToList())
            {
                Refuse(run.FrameworkId, unfinished.Info.TaskId, TaskState.TaskFailed, message, TaskStatus.Types.Reason.ExecutorTerminated, run.ExecutorId);
            }
        }
        if (!recovery.Resume) Remember(_runs.Ended(run, _session.AgentId));
    }

    /// <summary>A command task that had not ended gets its supervisor back, re-attached to its container.</summary>
    private void ResumeCommand(ExecutorRun run, RecoveredRun recovered, AgentID agentId)
    {
        var task = run.Tasks[0];
        var launch = new TaskLaunch(agentId, Endpoint(), run.Framework, task.Info, run.ContainerId, _settings.WorkDir, run.Directory);
        var recovery = ContainerRecoveryOf(run.ContainerId, recovered.Process, [.. task.Info.Resources], task.Info.Container, run.Directory);
        StartRunner(run, Akka.Actor.Props.Create(() => new TaskSupervisor(launch, _containerizer, recovery, task.Latest)));
        _log.Info("Re-attaching to task {Task} of framework {Framework} (pid {Pid})", task.Info.TaskId.Value, run.FrameworkId.Value, recovered.Process?.Pid);
    }

    /// <summary>A framework's own executor that was started is re-attached to, and waited for to subscribe again.</summary>
    private void ResumeCustom(ExecutorRun run, RunRecovery recovered, AgentID agentId)
    {
        var process = recovered.Run.Process!;
        var launch = ExecutorLaunch(run.Framework, run.Info, run.ContainerId, agentId);
        var recovery = new ExecutorRecovery(ContainerRecoveryOf(run.ContainerId, process, [.. run.Info.Resources], run.Info.Container, run.Directory), recovered.Staged);
        StartRunner(run, Akka.Actor.Props.Create(() => new ExecutorSupervisor(launch, _containerizer, recovery)));
        _log.Info("Re-attaching to executor {Executor} of framework {Framework} (pid {Pid}); it has {Timeout} to subscribe again once the executor API listens",
            run.ExecutorId.Value, run.FrameworkId.Value, process.Pid, _settings.ExecutorReregistrationTimeout);
    }

    /// <summary>The default executor runs inside the agent: it comes back with the tasks whose nested containers were found, each re-attached.</summary>
    private void ResumeDefault(ExecutorRun run, RunRecovery recovered, AgentID agentId)
    {
        var tasks = recovered.Nested.Select(n => new RecoveredNestedTask(n.Task.Info, n.Group,
            ContainerRecoveryOf(n.ContainerId, n.Process, [.. n.Task.Info.Resources], n.Task.Info.Container, SandboxLayout.TaskDirectory(run.Directory, n.Task.Info.TaskId.Value)),
            run.Task(n.Task.Info.TaskId)!.Latest)).ToList();
        var launch = ExecutorLaunch(run.Framework, run.Info, run.ContainerId, agentId);
        StartRunner(run, Akka.Actor.Props.Create(() => new DefaultExecutor(launch, _containerizer, tasks)));
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

    /// <summary>Why the agent's actor system shuts down when the agent actor failed: the process exits with status 1.</summary>
    public sealed class AgentFailed : CoordinatedShutdown.Reason
    {
        public static readonly AgentFailed Instance = new();

        private AgentFailed()
        {
        }

        public override int ExitCode => 1;
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
