using Mesos.Actors.Agent.Checkpoints;
using Mesos.Actors.Containerizer;
using Mesos.Actors.Protocol;
using Mesos.Internal.Checkpoints;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

/// <summary>
/// What a restarted agent does with what an earlier run of it checkpointed (<c>--recover=reconnect</c>), decided
/// without actors, files or processes: a run whose every task's end was acknowledged is forgotten; a command task that
/// had not ended is re-attached to; a framework's own executor whose process was checkpointed is re-attached to
/// (whatever its tasks: it may outlive them) and waited for, its tasks it never reported on staged; the default
/// executor's tasks are re-attached to through their checkpointed nested containers; what cannot be taken back fails;
/// every container of the runtime directory that no run claims is an orphan, to be killed.
/// </summary>
internal sealed record RecoveryPlan(IReadOnlyList<RunRecovery> Resumed, IReadOnlyList<RunPlace> Forgotten, IReadOnlyList<RecoveredContainer> Orphans,
    IReadOnlySet<string> Claimed)
{
    public const string ExecutorNeverStarted = "The agent restarted before the executor started";
    public const string ContainerNeverStarted = "The agent restarted before the task's container started";

    public static RecoveryPlan Of(RecoveredAgent recovered)
    {
        var containers = recovered.Containers.ToDictionary(c => c.ContainerId, StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var resumed = new List<RunRecovery>();
        var forgotten = new List<RunPlace>();
        foreach (var run in recovered.Runs)
        {
            var kind = KindOf(run);
            if (!(kind == ExecutorKind.Custom && run.Process is not null) && run.Tasks.All(t => AcknowledgedTerminal(t.Updates)))
            {
                forgotten.Add(run.Place);
                continue;
            }
            resumed.Add(kind switch
            {
                ExecutorKind.Command => Command(run, claimed),
                ExecutorKind.Custom => Custom(run, claimed),
                _ => Default(run, containers, claimed),
            });
        }
        return new RecoveryPlan(resumed, forgotten, [.. recovered.Containers.Where(c => !claimed.Contains(c.ContainerId))], claimed);
    }

    /// <summary>The last status its framework was sent or was to be sent: the pending one last queued, else the acknowledged one.</summary>
    public static TaskStatus? Latest(TaskUpdates updates) => updates.Pending.Count > 0 ? updates.Pending[^1] : updates.Acknowledged;

    public static bool AcknowledgedTerminal(TaskUpdates updates) =>
        updates.Pending.Count == 0 && updates.Acknowledged is { } acknowledged && TaskStates.IsTerminal(acknowledged.State);

    private static bool Terminal(RecoveredTask task) => Latest(task.Updates) is { } latest && TaskStates.IsTerminal(latest.State);

    private static RunRecovery Command(RecoveredRun run, HashSet<string> claimed)
    {
        if (Terminal(run.Tasks[0])) return new RunRecovery(run, ExecutorKind.Command);
        claimed.Add(run.Place.ContainerId);
        return new RunRecovery(run, ExecutorKind.Command) { Resume = true };
    }

    private static RunRecovery Custom(RecoveredRun run, HashSet<string> claimed)
    {
        if (run.Process is null) return new RunRecovery(run, ExecutorKind.Custom) { FailUnfinished = ExecutorNeverStarted };
        claimed.Add(run.Place.ContainerId);
        // Never heard of from the executor: unless it says it has them, they were lost with the agent.
        var staged = run.Tasks.Where(t => Latest(t.Updates) is null || Latest(t.Updates)!.State == TaskState.TaskStaging).Select(t => t.Info.TaskId).ToList();
        return new RunRecovery(run, ExecutorKind.Custom) { Resume = true, Staged = staged };
    }

    private static RunRecovery Default(RecoveredRun run, IReadOnlyDictionary<string, RecoveredContainer> containers, HashSet<string> claimed)
    {
        var nested = new List<NestedRecovery>();
        foreach (var task in run.Tasks.Where(t => !Terminal(t)))
        {
            if (task.Container is not { } container || containers.GetValueOrDefault(container.ContainerId)?.Process is not { } process) continue;
            claimed.Add(container.ContainerId);
            nested.Add(new NestedRecovery(task, container.ContainerId, [.. container.Group], process));
        }
        return new RunRecovery(run, ExecutorKind.Default) { Resume = nested.Count > 0, Nested = nested, FailUnfinished = ContainerNeverStarted };
    }

    // The executor Mesos makes up for a command task is named after the task and runs its command itself.
    private static ExecutorKind KindOf(RecoveredRun run) =>
        run.Tasks.Count == 1 && run.Tasks[0].Info.Executor is null && run.Tasks[0].Info.Command is not null
        && run.Executor.Type != ExecutorInfo.Types.Type.Default && run.Executor.ExecutorId.Value == run.Tasks[0].Info.TaskId.Value
            ? ExecutorKind.Command
            : run.Executor.Type == ExecutorInfo.Types.Type.Default ? ExecutorKind.Default : ExecutorKind.Custom;
}

/// <summary>A run the restarted agent takes back, and how.</summary>
internal sealed record RunRecovery(RecoveredRun Run, ExecutorKind Kind)
{
    /// <summary>Its command task, executor or the default executor's tasks are re-attached to; else the run ends once its tasks are settled.</summary>
    public bool Resume { get; init; }

    /// <summary>For a framework's own executor: the tasks it never reported on, lost unless it says it has them.</summary>
    public IReadOnlyList<TaskID> Staged { get; init; } = [];

    /// <summary>For the default executor: the tasks re-attached to, each through its nested container.</summary>
    public IReadOnlyList<NestedRecovery> Nested { get; init; } = [];

    /// <summary>Why the run's tasks that had not ended, and are not re-attached to, fail; null when none can be left so.</summary>
    public string? FailUnfinished { get; init; }
}

/// <summary>A task of the default executor taken back: its nested container, the tasks of its group, and its process.</summary>
internal sealed record NestedRecovery(RecoveredTask Task, string ContainerId, IReadOnlyList<string> Group, ProcessIdentity Process);
