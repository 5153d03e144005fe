using System.Threading.Channels;
using Google.Protobuf;
using Mesos.V1;
using Mesos.V1.Executor;
using TaskStatus = Mesos.V1.TaskStatus;

namespace Mesos.Actors.Agent;

// Between the agent and the actors that run executors (ExecutorSupervisor, DefaultExecutor).

/// <summary>Give the executor a task (a LAUNCH event).</summary>
internal sealed record LaunchExecutorTask(TaskInfo Task);

/// <summary>Give the executor a task group (a LAUNCH_GROUP event).</summary>
internal sealed record LaunchExecutorGroup(TaskGroupInfo Group);

/// <summary>Kill one of the executor's tasks; <paramref name="Policy"/> (from the kill request) overrides the task's own.</summary>
internal sealed record KillExecutorTask(TaskID TaskId, KillPolicy? Policy);

/// <summary>Kill every task of the executor and end it.</summary>
internal sealed record ShutdownExecutor
{
    public static readonly ShutdownExecutor Instance = new();
}

/// <summary>A framework's message for its executor.</summary>
internal sealed record FrameworkMessage(ByteString Data);

/// <summary>The agent holds the update with this uuid: the executor may stop resending it.</summary>
internal sealed record UpdateAcknowledged(TaskID TaskId, ByteString Uuid);

/// <summary>A custom executor subscribed: its events go to <paramref name="Events"/>; it already holds <paramref name="TasksItHas"/>.</summary>
internal sealed record ExecutorSubscription(ChannelWriter<Event> Events, AgentInfo Agent, IReadOnlySet<string> TasksItHas);

/// <summary>From an executor's runner: these tasks reached the executor.</summary>
internal sealed record ExecutorTasksLaunched(string ContainerId, IReadOnlyList<TaskID> TaskIds);

/// <summary>
/// From an executor's runner: the executor ended, with this wait status. Its tasks that had not ended
/// end as <paramref name="State"/> for <paramref name="Reason"/>.
/// </summary>
internal sealed record ExecutorEnded(string ContainerId, int WaitStatus, TaskState State, TaskStatus.Types.Reason Reason, string Message);
