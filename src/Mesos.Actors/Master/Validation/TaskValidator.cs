using Mesos.Actors.Protocol;
using Mesos.V1;

namespace Mesos.Actors.Master.Validation;

/// <summary>Checks a task before the master launches it; the answer is why it is invalid, or null.</summary>
internal static class TaskValidator
{
    public const int MaxIdLength = 255;

    /// <param name="isTaskIdInUse">Whether the framework already has an active task with this id.</param>
    /// <param name="remaining">What is left of the accepted offers for this and later tasks.</param>
    public static string? Validate(TaskInfo task, AgentID agentId, Func<string, bool> isTaskIdInUse, Resources remaining, bool inGroup)
    {
        if (task.TaskId is null) return "Task has no 'task_id'";
        if (IdError(task.TaskId.Value) is { } idError) return $"Task ID '{task.TaskId.Value}' is invalid: {idError}";
        if (isTaskIdInUse(task.TaskId.Value)) return $"Task ID '{task.TaskId.Value}' is already in use";
        if (string.IsNullOrEmpty(task.Name)) return "Task has no 'name'";
        if (task.AgentId is not null && task.AgentId.Value != agentId.Value)
        {
            return $"Task uses agent {task.AgentId.Value} but the offers are for agent {agentId.Value}";
        }
        if (inGroup)
        {
            if (task.Executor is not null) return "A task in a task group must not have an executor";
            if (task.Command is null) return "A task in a task group needs a 'command'";
        }
        else if ((task.Command is null) == (task.Executor is null))
        {
            return "Task must have exactly one of 'command' or 'executor'";
        }
        if (task.Executor?.ExecutorId is { } executorId && IdError(executorId.Value) is { } executorError)
        {
            return $"Executor ID '{executorId.Value}' is invalid: {executorError}";
        }
        if (task.Resources.Count == 0) return "Task uses no resources";
        foreach (var resource in task.Resources)
        {
            if (Resources.Validate(resource) is { } resourceError) return $"Task uses invalid resources: {resourceError}";
        }
        var wanted = Resources.FromProtos(task.Resources);
        if (!remaining.Contains(wanted)) return $"Task uses more resources {wanted} than available {remaining}";
        return null;
    }

    /// <summary>Why an id cannot name a directory in a sandbox path, or null.</summary>
    public static string? IdError(string id)
    {
        if (id.Length == 0) return "it is empty";
        if (id is "." or "..") return "'.' and '..' are not allowed";
        if (id.Length > MaxIdLength) return $"it is longer than {MaxIdLength} characters";
        if (id.Any(c => c is '/' or '\\' || char.IsControl(c))) return "it contains '/', '\\' or a control character";
        return null;
    }
}
