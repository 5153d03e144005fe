using Mesos.V1;

namespace Mesos.Actors.Protocol;

/// <summary>Facts about task states that masters, agents and frameworks share.</summary>
public static class TaskStates
{
    /// <summary>States after which a task never runs again.</summary>
    public static bool IsTerminal(TaskState state) => state is TaskState.TaskFinished or TaskState.TaskFailed
        or TaskState.TaskKilled or TaskState.TaskError or TaskState.TaskLost or TaskState.TaskDropped
        or TaskState.TaskGone or TaskState.TaskGoneByOperator;
}
