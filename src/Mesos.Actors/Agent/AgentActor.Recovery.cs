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
/// the same agent id, the command tasks of checkpointing frameworks re-attached (their processes watched, or
/// their end read from their exit recorder), their unacknowledged updates sent again; every other container an
/// earlier run left is killed. With --recover=cleanup everything is killed and forgotten, and the agent exits.
/// </summary>
public sealed partial class AgentActor
{
    private void ReceiveRecoveryEvents()
    {
        Receive<OrphanEnded>(ended =>
        {
            _log.Info("Container {Container} left by an earlier run of the agent is gone", ended.ContainerId);
            Checkpointing(() => _checkpoints.ForgetContainer(ended.ContainerId), $"forget container {ended.ContainerId}");
        });
        Receive<CleanedUp>(_ =>
        {
            _checkpoints.Clear();
            _log.Info("Cleanup complete: every container of the earlier run is gone and its checkpoints forgotten; the agent exits");
            CoordinatedShutdown.Get(Context.System).Run(CleanupFinished.Instance);
        });
    }

    /// <summary>A checkpoint write or removal that failed is logged, and what runs carries on, as it did before it.</summary>
    private void Checkpointing(Action write, string what)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Error(e, "Failed to checkpoint ({What}) under {MetaDir}", what, _checkpoints.Store.MetaDir);
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
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var resumed = new List<(ExecutorRun Run, RecoveredRun Recovered)>();
        var streams = new List<RecoveredStream>();
        foreach (var run in recovered.Runs)
        {
            if (run.Tasks.Count == 0 || run.Tasks.All(t => AcknowledgedTerminal(t.Updates)))
            {
                Checkpointing(() => _checkpoints.ForgetRun(run.Place), $"forget executor {run.Place.ExecutorId}");
                continue;
            }
            var command = IsCommandRun(run);
            if (command) claimed.Add(run.Place.ContainerId);
            var executorRun = new ExecutorRun(run.Framework, run.Executor, command ? ExecutorKind.Command : KindOf(run.Executor), run.Place.ContainerId,
                SandboxLayout.RunDirectory(_settings.WorkDir, run.Place.AgentId, run.Place.FrameworkId, run.Place.ExecutorId, run.Place.ContainerId), ActorRefs.Nobody)
            {
                Checkpoint = run.Place,
            };
            _runs.Add(executorRun);
            foreach (var task in run.Tasks)
            {
                _runs.AddTask(executorRun, task.Info, launched: true);
                var recoveredTask = executorRun.Task(task.Info.TaskId)!;
                if (task.Updates.Acknowledged is { } acknowledged) recoveredTask.Statuses.Add(acknowledged);
                recoveredTask.Statuses.AddRange(task.Updates.Pending);
                recoveredTask.Acknowledged = AcknowledgedTerminal(task.Updates);
                if (task.Updates.Pending.Count > 0)
                {
                    streams.Add(new RecoveredStream(run.Framework.Id, task.Info.TaskId, task.Updates, AgentCheckpoints.Updates(run.Place, task.Info.TaskId)));
                }
            }
            resumed.Add((executorRun, run));
        }
        // Before any new update: a stream taken back is ahead of what its task says next.
        _updates.Tell(new RecoverStatusUpdates(streams));
        foreach (var (run, from) in resumed) Resume(run, from);
        foreach (var container in recovered.Containers.Where(c => !claimed.Contains(c.ContainerId))) KillOrphan(container.ContainerId, container.Process);
    }

    /// <summary>
    /// A command task that had not ended gets its supervisor back, re-attached to its container; any other run's
    /// tasks that had not ended fail, since only command tasks' executors (the agent's own) are recovered.
    /// </summary>
    private void Resume(ExecutorRun run, RecoveredRun recovered)
    {
        var task = run.Tasks[0];
        if (run.Kind == ExecutorKind.Command && !task.Terminal)
        {
            var agentId = new AgentID { Value = recovered.Place.AgentId };
            var launch = new TaskLaunch(agentId, Endpoint(), run.Framework, task.Info, run.ContainerId, _settings.WorkDir, run.Directory)
            {
                ExitStatusFile = _checkpoints.Store.FullPath(CheckpointPaths.ContainerExitStatus(run.ContainerId)),
            };
            var recovery = new ContainerRecovery(run.ContainerId, recovered.Process ?? new ProcessIdentity(0, 0, ""), launch.ExitStatusFile,
                [.. task.Info.Resources], task.Info.Container);
            var supervisor = Context.ActorOf(Akka.Actor.Props.Create(() => new TaskSupervisor(launch, _containerizer, recovery, task.Latest)));
            run.Runner = supervisor;
            Context.WatchWith(supervisor, new RunnerStopped(run.ContainerId));
            _log.Info("Re-attaching to task {Task} of framework {Framework} (pid {Pid})", task.Info.TaskId.Value, run.FrameworkId.Value, recovered.Process?.Pid);
            return;
        }
        foreach (var unfinished in run.Tasks.Where(t => !t.Terminal).ToList())
        {
            Refuse(run.FrameworkId, unfinished.Info.TaskId, TaskState.TaskFailed, "The agent restarted; its executor was not recovered",
                TaskStatus.Types.Reason.ExecutorTerminated, run.Kind == ExecutorKind.Command ? null : run.ExecutorId);
        }
        Remember(_runs.Ended(run, _session.AgentId));
    }

    private void KillOrphan(string containerId, ProcessIdentity? process)
    {
        if (process is null)
        {
            Checkpointing(() => _checkpoints.ForgetContainer(containerId), $"forget container {containerId}");
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
        Task.WhenAll(processes.Select(p => KillRecovered(p.Key, p.Value).ContinueWith(_ => { }, TaskScheduler.Default)))
            .PipeTo(Self, success: () => CleanedUp.Instance);
    }

    private static bool AcknowledgedTerminal(Mesos.Internal.Checkpoints.TaskUpdates updates) =>
        updates.Pending.Count == 0 && updates.Acknowledged is { } acknowledged && TaskStates.IsTerminal(acknowledged.State);

    // The executor Mesos makes up for a command task is named after the task and runs its command itself.
    private static bool IsCommandRun(RecoveredRun run) =>
        run.Tasks.Count == 1 && run.Tasks[0].Info.Executor is null && run.Tasks[0].Info.Command is not null
        && run.Executor.Type != ExecutorInfo.Types.Type.Default && run.Executor.ExecutorId.Value == run.Tasks[0].Info.TaskId.Value;

    private static ExecutorKind KindOf(ExecutorInfo executor) => executor.Type == ExecutorInfo.Types.Type.Default ? ExecutorKind.Default : ExecutorKind.Custom;

    /// <summary>A container of an earlier run that the agent did not take back has been killed.</summary>
    private sealed record OrphanEnded(string ContainerId);

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
}
