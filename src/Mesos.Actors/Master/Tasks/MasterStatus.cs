using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Master.Tasks;

/// <summary>Status updates the master itself decides (invalid launches, lost agents, reconciliation).</summary>
internal static class MasterStatus
{
    /// <summary>An update from the master, at <paramref name="now"/>: it carries no uuid, so the framework need not acknowledge it.</summary>
    public static TaskStatus New(TaskID taskId, TaskState state, TaskStatus.Types.Reason reason, string message, AgentID? agentId, DateTimeOffset now)
    {
        var status = new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Source = TaskStatus.Types.Source.Master,
            Reason = reason,
            Message = message,
            Timestamp = now.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (agentId is not null) status.AgentId = agentId;
        return status;
    }
}
