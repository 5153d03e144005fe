using Mesos.Actors.Protocol;
using Google.Protobuf;
using Mesos.Actors.Master.Operator;
using Mesos.Actors.Master.State;
using Mesos.Actors.Master.Tasks;
using Mesos.Actors.Metrics;
using Mesos.Internal;
using Mesos.V1;
using TaskStatus = Mesos.V1.TaskStatus;
using Mesos.V1.Scheduler;
using MesosTask = Mesos.V1.Task;

namespace Mesos.Actors.Master;

public sealed partial class MasterActor
{
    private readonly TaskBook _tasks;

    private void OnStatusUpdate(AgentState agent, TaskStatus status, FrameworkID? frameworkId)
    {
        if (frameworkId is null || !_frameworks.TryGetValue(frameworkId.Value, out var framework))
        {
            _counters.Increment(MasterMetrics.InvalidStatusUpdates);
            // Nobody is left to acknowledge it; acknowledging here stops the agent's retries.
            if (status.HasUuid) AcknowledgeOnAgent(agent, frameworkId ?? new FrameworkID { Value = "" }, status.TaskId, status.Uuid);
            return;
        }

        _counters.Increment(MasterMetrics.ValidStatusUpdates);
        // The framework has this update: its acknowledgement was lost on the way to the agent (on an event stream the
        // agent had subscribed past, or with an agent that stopped before it wrote it down). It is acknowledged again
        // rather than delivered again.
        if (status.HasUuid && _tasks.IsAcknowledged(framework.Id.Value, status.TaskId.Value, status.Uuid))
        {
            AcknowledgeOnAgent(agent, framework.Id, status.TaskId, status.Uuid);
            return;
        }
        var stamped = status.Clone();
        stamped.AgentId = agent.Id;
        if (_tasks.Find(framework.Id.Value, status.TaskId.Value) is { } task)
        {
            Record(task, stamped);
            if (TaskStates.IsTerminal(stamped.State) && _tasks.LeaveAgent(agent.Id.Value, framework.Id.Value, status.TaskId.Value) is { } left) RecoverTask(framework, left);
        }
        SendToFramework(framework, new Event { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = stamped } });
    }

    /// <summary>Makes <paramref name="status"/> the task's latest; operators hear of it when the state changes.</summary>
    private void Record(MesosTask task, TaskStatus status)
    {
        if (!TaskBook.Record(task, status)) return;
        if (TaskStates.IsTerminal(task.State)) CountEnded(_frameworks.GetValueOrDefault(task.FrameworkId.Value), status);
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
            if (_tasks.LeaveAgent(task.AgentId.Value, framework.Id.Value, task.TaskId.Value) is { } left) RecoverTask(framework, left);
            _tasks.Complete(framework.Id.Value, task);
        }
        SendToFramework(framework, new Event { Type = Event.Types.Type.Update, Update = new Event.Types.Update { Status = status } });
    }

    private TaskStatus NewStatus(TaskID taskId, TaskState state, TaskStatus.Types.Reason reason, string message, AgentID? agentId) =>
        MasterStatus.New(taskId, state, reason, message, agentId, Now);

    private string? Acknowledge(FrameworkState framework, Call.Types.Acknowledge ack)
    {
        if (ack.Uuid.Length != 16)
        {
            _counters.Increment(MasterMetrics.InvalidAcknowledgements);
            return "'uuid' must be 16 bytes";
        }
        var agent = _agents.GetValueOrDefault(ack.AgentId.Value);
        _counters.Increment(agent is { Connected: true, Reachable: true } ? MasterMetrics.ValidAcknowledgements : MasterMetrics.InvalidAcknowledgements);
        if (agent is not null) AcknowledgeOnAgent(agent, framework.Id, ack.TaskId, ack.Uuid);
        if (_tasks.Find(framework.Id.Value, ack.TaskId.Value) is { } task && task.StatusUpdateUuid == ack.Uuid)
        {
            _tasks.Acknowledged(framework.Id.Value, task.TaskId.Value, ack.Uuid);
            if (TaskStates.IsTerminal(task.State)) _tasks.Complete(framework.Id.Value, task);
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
        if (_tasks.Find(framework.Id.Value, kill.TaskId.Value) is { } task && _agents.TryGetValue(task.AgentId.Value, out var agent) && agent.Reachable)
        {
            var killTask = new AgentEvent.Types.KillTask { FrameworkId = framework.Id, TaskId = kill.TaskId };
            if (kill.KillPolicy is not null) killTask.KillPolicy = kill.KillPolicy;
            SendToAgent(agent, new AgentEvent { Type = AgentEvent.Types.Type.KillTask, KillTask = killTask });
            return null;
        }
        // The master cannot kill what it cannot reach: it says what it knows, as reconciliation does.
        if (ReconciliationStatus(framework, kill.TaskId, kill.AgentId) is { } status) SendToFramework(framework, UpdateEvent(status));
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
        _counters.Increment(MasterMetrics.FrameworkToExecutorMessages);
        if (!_agents.TryGetValue(message.AgentId.Value, out var agent))
        {
            _counters.Increment(MasterMetrics.InvalidFrameworkToExecutorMessages);
            return "Agent cannot be found";
        }
        _counters.Increment(MasterMetrics.ValidFrameworkToExecutorMessages);
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
            ? _tasks.ActiveOf(framework.Id.Value).Select(t => LatestStatus(t))
            : reconcile.Tasks.Select(t => ReconciliationStatus(framework, t.TaskId, t.AgentId)).OfType<TaskStatus>();
        foreach (var status in statuses.ToArray()) SendToFramework(framework, UpdateEvent(status));
    }

    /// <summary>
    /// What the master knows of a task, or null while it cannot know yet, as Mesos: a task on an agent of
    /// the registry that has not registered again since the master restarted (or on no agent named while
    /// such agents remain) may still come back with it, so the framework asks again later.
    /// </summary>
    private TaskStatus? ReconciliationStatus(FrameworkState framework, TaskID taskId, AgentID? agentId)
    {
        if (_tasks.Find(framework.Id.Value, taskId.Value) is { } task) return LatestStatus(task);
        if (agentId is null ? _recoveredAgents.Count > 0 : _recoveredAgents.ContainsKey(agentId.Value)) return null;
        var aware = framework.IsPartitionAware;
        var (state, message) = agentId is null ? (aware ? TaskState.TaskUnknown : TaskState.TaskLost, "Task is unknown")
            : _agents.TryGetValue(agentId.Value, out var agent)
                ? agent.Reachable
                    ? (aware ? TaskState.TaskGone : TaskState.TaskLost, "Task is unknown to the agent")
                    : (aware ? TaskState.TaskUnreachable : TaskState.TaskLost, "Agent is unreachable")
                : _registry.Unreachable.ContainsKey(agentId.Value) ? (aware ? TaskState.TaskUnreachable : TaskState.TaskLost, "Agent is unreachable")
                : _registry.Gone.ContainsKey(agentId.Value) ? (aware ? TaskState.TaskGoneByOperator : TaskState.TaskLost, "Agent has been marked gone")
                : (aware ? TaskState.TaskUnknown : TaskState.TaskLost, "Task is unknown");
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
