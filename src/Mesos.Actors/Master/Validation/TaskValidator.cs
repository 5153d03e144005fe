using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.Validation;

/// <summary>Checks what a framework launches before the master sends it to an agent; the answer is why it is invalid, or null.</summary>
internal static class TaskValidator
{
    /// <summary>A task of LAUNCH: a command task, or a task for a custom executor, which is started along with it unless it runs already.</summary>
    /// <param name="isTaskIdInUse">Whether the framework already has an active task with this id.</param>
    /// <param name="runningExecutor">The framework's executor with this id on the agent, if it runs there already.</param>
    /// <param name="remaining">What is left of the accepted offers for this and later tasks.</param>
    public static string? ValidateLaunch(TaskInfo task, AgentID agentId, FrameworkID frameworkId, Func<string, bool> isTaskIdInUse,
        Func<ExecutorID, ExecutorInfo?> runningExecutor, Resources remaining)
    {
        if (Validate(task, agentId, isTaskIdInUse) is { } error) return error;
        if ((task.Command is null) == (task.Executor is null))
        {
            return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        }
        var total = Resources.FromProtos(task.Resources);
        if (task.Executor is { } executor)
        {
            var running = runningExecutor(executor.ExecutorId);
            if ((ExecutorValidator.Validate(executor, frameworkId, running) ?? ExecutorValidator.ValidateForLaunch(executor)) is { } executorError)
            {
                return executorError;
            }
            if (running is null) total += Resources.FromProtos(executor.Resources);
        }
        return remaining.Contains(total) ? null : $"Total resources {total} required by task and its executor is more than available {remaining}";
    }

    /// <summary>The tasks of LAUNCH_GROUP and the executor they share, which is started along with them unless it runs already.</summary>
    public static string? ValidateGroup(TaskGroupInfo group, ExecutorInfo executor, AgentID agentId, FrameworkID frameworkId,
        Func<string, bool> isTaskIdInUse, ExecutorInfo? runningExecutor, Resources remaining)
    {
        if (group.Tasks.Count == 0) return "Task group must have at least one task";
        bool InUse(string id) => isTaskIdInUse(id) || group.Tasks.Count(t => t.TaskId?.Value == id) > 1;
        foreach (var task in group.Tasks)
        {
            var error = Validate(task, agentId, InUse)
                ?? (task.Executor is not null && !task.Executor.Equals(executor)
                    ? $"The `ExecutorInfo` of task '{task.TaskId.Value}' is different from executor '{executor.ExecutorId.Value}'"
                    : null)
                // The default executor runs each task's command; there are no images whose entry point could stand in.
                ?? (executor.Type == ExecutorInfo.Types.Type.Default && task.Command is null ? "A task under the default executor needs a 'command'" : null);
            if (error is not null) return $"Task '{task.TaskId?.Value}' is invalid: {error}";
        }
        if ((ExecutorValidator.Validate(executor, frameworkId, runningExecutor) ?? ExecutorValidator.ValidateForGroup(executor)) is { } executorError)
        {
            return executorError;
        }
        var total = group.Tasks.Aggregate(Resources.Empty, (sum, t) => sum + Resources.FromProtos(t.Resources));
        if (runningExecutor is null) total += Resources.FromProtos(executor.Resources);
        return remaining.Contains(total) ? null : $"Total resources {total} required by task group and its executor are more than available {remaining}";
    }

    /// <summary>What every task must be, whether launched alone or in a group.</summary>
    private static string? Validate(TaskInfo task, AgentID agentId, Func<string, bool> isTaskIdInUse)
    {
        if (task.TaskId is null) return "Task has no 'task_id'";
        if (Ids.ValidatePathComponent(task.TaskId.Value, "Task ID") is { } idError) return idError;
        if (isTaskIdInUse(task.TaskId.Value)) return $"Task ID '{task.TaskId.Value}' is already in use";
        if (string.IsNullOrEmpty(task.Name)) return "Task has no 'name'";
        if (task.AgentId is not null && task.AgentId.Value != agentId.Value)
        {
            return $"Task uses agent {task.AgentId.Value} but the offers are for agent {agentId.Value}";
        }
        if (task.KillPolicy?.GracePeriod?.Nanoseconds < 0) return "Task's 'kill_policy.grace_period' must be non-negative";
        if (CommandValidator.ValidateTask(task) is { } commandError) return commandError;
        if (task.Resources.Count == 0) return "Task uses no resources";
        foreach (var resource in task.Resources)
        {
            if (Resources.Validate(resource) is { } resourceError) return $"Task uses invalid resources: {resourceError}";
        }
        return null;
    }
}
