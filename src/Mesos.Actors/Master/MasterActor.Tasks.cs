using Mesos.Actors.Protocol;
using Google.Protobuf;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.State;
using Mesos.Actors.Metrics;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private const int MaxCompletedTasksPerFramework = 1000;

    private void OnStatusUpdate(AgentState agent, TaskStatus status, FrameworkID? frameworkId)
    {
        var key = (frameworkId?.Value ?? "", status.TaskId.Value);
        if (frameworkId is null || !_frameworks.TryGetValue(frameworkId.Value, out var framework))
        {
            _counters.Increment(MasterMetrics.InvalidStatusUpdates);
            // Nobody is left to acknowledge it; acknowledging here stops the agent's retries.
            if (status.HasUuid) AcknowledgeOnAgent(agent, frameworkId ?? new FrameworkID { Value = "" }, status.TaskId, status.Uuid);
            return;
        }

        _counters.Increment(MasterMetrics.ValidStatusUpdates);
        var stamped = status.Clone();
        stamped.AgentId = agent.Id;
        if (framework.Tasks.TryGetValue(status.TaskId.Value, out var task))
        {
            Record(task, stamped);
            if (TaskStates.IsTerminal(stamped.State) && agent.Tasks.Remove(key)) RecoverTask(framework, task);
        }
        SendToFramework(framework, new Event { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = stamped } });
    }

    /// <summary>Makes <paramref name="status"/> the task's latest; operators hear of it when the state changes.</summary>
    private void Record(MesosTask task, TaskStatus status)
    {
        var previous = task.State;
        task.State = status.State;
        task.Statuses.Clear();
        task.Statuses.Add(status);
        if (status.HasUuid)
        {
            task.StatusUpdateState = status.State;
            task.StatusUpdateUuid = status.Uuid;
        }
        if (task.State == previous) return;
        if (TaskStates.IsTerminal(task.State)) _counters.Increment(MetricCounters.Tasks("master", task.State));
        Publish(() => OperatorEvents.TaskUpdated(task, status));
    }

    /// <summary>
    /// An update the master itself decides (agent lost, task gone, invalid launch): it carries no uuid,
    /// so the framework need not acknowledge it, and a terminal one retires the task at once.
    /// </summary>
    private void UpdateTaskFromMaster(FrameworkState framework, MesosTask task, TaskState state, TaskStatus.Types.Reason reason, string message)
    {
        var status = NewStatus(task.TaskId, state, reason, message, task.AgentId);
        Record(task, status);
        if (TaskStates.IsTerminal(state))
        {
            if (_agents.TryGetValue(task.AgentId.Value, out var agent) && agent.Tasks.Remove((framework.Id.Value, task.TaskId.Value))) RecoverTask(framework, task);
            framework.Tasks.Remove(task.TaskId.Value);
            Complete(framework, task);
        }
        SendToFramework(framework, new Event { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = status } });
    }

    private TaskStatus NewStatus(TaskID taskId, TaskState state, TaskStatus.Types.Reason reason, string message, AgentID? agentId)
    {
        var status = new TaskStatus
        {
            TaskId = taskId,
            State = state,
            Source = TaskStatus.Types.Source.Master,
            Reason = reason,
            Message = message,
            Timestamp = Now.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (agentId is not null) status.AgentId = agentId;
        return status;
    }

    private static void Complete(FrameworkState framework, MesosTask task)
    {
        framework.CompletedTasks.AddLast(task);
        if (framework.CompletedTasks.Count > MaxCompletedTasksPerFramework) framework.CompletedTasks.RemoveFirst();
    }

    private string? Acknowledge(FrameworkState framework, Call.Types.Acknowledge ack)
    {
        if (ack.Uuid.Length != 16) return "'uuid' must be 16 bytes";
        if (_agents.TryGetValue(ack.AgentId.Value, out var agent)) AcknowledgeOnAgent(agent, framework.Id, ack.TaskId, ack.Uuid);
        if (framework.Tasks.TryGetValue(ack.TaskId.Value, out var task) && TaskStates.IsTerminal(task.State) && task.StatusUpdateUuid == ack.Uuid)
        {
            framework.Tasks.Remove(ack.TaskId.Value);
            Complete(framework, task);
        }
        return null;
    }

    private void AcknowledgeOnAgent(AgentState agent, FrameworkID frameworkId, TaskID taskId, ByteString uuid) =>
        SendToAgent(agent, new AgentEvent
        {
            Type = AgentEvent.Types.Type.Acknowledge,
            Acknowledge = new AgentEvent.Types.Acknowledge { FrameworkId = frameworkId, TaskId = taskId, Uuid = uuid },
        });

    private string? Kill(FrameworkState framework, Call.Types.Kill kill)
    {
        if (framework.Tasks.TryGetValue(kill.TaskId.Value, out var task) && _agents.TryGetValue(task.AgentId.Value, out var agent) && agent.Reachable)
        {
            var killTask = new AgentEvent.Types.KillTask { FrameworkId = framework.Id, TaskId = kill.TaskId };
            if (kill.KillPolicy is not null) killTask.KillPolicy = kill.KillPolicy;
            SendToAgent(agent, new AgentEvent { Type = AgentEvent.Types.Type.KillTask, KillTask = killTask });
            return null;
        }
        // The master cannot kill what it cannot reach: it says what it knows, as reconciliation does.
        SendToFramework(framework, UpdateEvent(ReconciliationStatus(framework, kill.TaskId, kill.AgentId)));
        return null;
    }

    /// <summary>The agent shuts the executor down, and with it its tasks; a command task's executor is the task itself.</summary>
    private string? ShutdownExecutor(FrameworkState framework, Call.Types.Shutdown shutdown)
    {
        // As Mesos, an unknown agent is not the framework's error: there is nothing to shut down.
        if (!_agents.TryGetValue(shutdown.AgentId.Value, out var agent)) return null;
        SendToAgent(agent, new AgentEvent
        {
            Type = AgentEvent.Types.Type.ShutdownExecutor,
            ShutdownExecutor = new AgentEvent.Types.ShutdownExecutor { FrameworkId = framework.Id, ExecutorId = shutdown.ExecutorId },
        });
        return null;
    }

    private string? SendToExecutor(FrameworkState framework, Call.Types.Message message)
    {
        if (!_agents.TryGetValue(message.AgentId.Value, out var agent)) return "Agent cannot be found";
        _counters.Increment(MasterMetrics.FrameworkToExecutorMessages);
        SendToAgent(agent, new AgentEvent
        {
            Type = AgentEvent.Types.Type.Message,
            Message = new AgentEvent.Types.Message { FrameworkId = framework.Id, ExecutorId = message.ExecutorId, Data = message.Data },
        });
        return null;
    }

    /// <summary>
    /// Implicit reconciliation (no tasks named) answers with every task the master knows; explicit
    /// reconciliation answers for each task named, unknown ones by what the master knows of the agent.
    /// </summary>
    private void Reconcile(FrameworkState framework, Call.Types.Reconcile reconcile)
    {
        var statuses = reconcile.Tasks.Count == 0
            ? framework.Tasks.Values.Select(t => LatestStatus(t))
            : reconcile.Tasks.Select(t => ReconciliationStatus(framework, t.TaskId, t.AgentId));
        foreach (var status in statuses.ToArray()) SendToFramework(framework, UpdateEvent(status));
    }

    private TaskStatus ReconciliationStatus(FrameworkState framework, TaskID taskId, AgentID? agentId)
    {
        if (framework.Tasks.TryGetValue(taskId.Value, out var task)) return LatestStatus(task);
        var aware = framework.IsPartitionAware;
        var (state, message) = agentId is null || !_agents.TryGetValue(agentId.Value, out var agent)
            ? (aware ? TaskState.TaskUnknown : TaskState.TaskLost, "Task is unknown")
            : agent.Reachable
                ? (aware ? TaskState.TaskGone : TaskState.TaskLost, "Task is unknown to the agent")
                : (aware ? TaskState.TaskUnreachable : TaskState.TaskLost, "Agent is unreachable");
        return NewStatus(taskId, state, TaskStatus.Types.Reason.Reconciliation, message, agentId);
    }

    private TaskStatus LatestStatus(MesosTask task)
    {
        var status = NewStatus(task.TaskId, task.State, TaskStatus.Types.Reason.Reconciliation, "Reconciliation: latest task status", task.AgentId);
        if (task.Statuses.LastOrDefault() is { } latest)
        {
            if (latest.HasMessage) status.Message = latest.Message;
            if (latest.HasData) status.Data = latest.Data;
        }
        return status;
    }

    private static Event UpdateEvent(TaskStatus status) =>
        new() { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = status } };
}
